#!/usr/bin/env node
// gce-sim: the Compute Engine API subset + metadata server on 127.0.0.1, on the simulators' CLI
// convention (testkit).
import { readFileSync } from 'node:fs';
import { runSimCli } from '@scaleio-framework/testkit';
import { CLI, parseCli } from '../cli.js';
import { startGceSim } from '../server.js';

await runSimCli({
  spec: CLI,
  parse: (argv) => {
    const r = parseCli(argv, (p) => readFileSync(p, 'utf8'));
    return r.ok ? { options: r.options } : { error: r.error };
  },
  start: async (o) => {
    const sim = await startGceSim(o);
    return {
      url: sim.url,
      details: [`gce-sim project ${sim.project}, GCE_METADATA_HOST=${sim.metadataHost}`],
      stop: sim.stop,
    };
  },
});

#!/usr/bin/env node
// gce-sim: the Compute Engine API subset + metadata server on 127.0.0.1, on the simulators' CLI
// convention (testkit).
import { fileCliParse, runSimCli } from '@scaleio-framework/testkit';
import { CLI, parseCli } from '../cli.js';
import { startGceSim, type GceSimOptions } from '../server.js';

await runSimCli({
  spec: CLI,
  parse: fileCliParse(parseCli),
  start: async (o: GceSimOptions) => {
    const sim = await startGceSim(o);
    return {
      url: sim.url,
      details: [`gce-sim project ${sim.project}, GCE_METADATA_HOST=${sim.metadataHost}`],
      stop: sim.stop,
    };
  },
});

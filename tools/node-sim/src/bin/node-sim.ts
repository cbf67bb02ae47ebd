#!/usr/bin/env node
// node-sim: simulated hosts, the package repository and the ec2 attachment webhook on loopback,
// on the simulators' CLI convention (testkit).
import * as E from 'fp-ts/lib/Either.js';
import { runSimCli } from '@scaleio-framework/testkit';
import { CLI, detailsLine, parseArgs } from '../cli.js';
import { startNodeSim } from '../sim.js';

await runSimCli({
  spec: CLI,
  parse: (argv) => {
    const r = parseArgs(argv);
    return E.isLeft(r) ? { error: r.left } : { options: r.right };
  },
  start: async (options) => {
    const sim = await startNodeSim(options);
    if (E.isLeft(sim)) throw new Error(sim.left.message);
    return { url: sim.right.url, details: [detailsLine(sim.right)], stop: sim.right.stop };
  },
});

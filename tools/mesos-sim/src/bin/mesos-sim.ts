#!/usr/bin/env node
// mesos-sim: a Mesos master and agents on 127.0.0.1, on the simulators' CLI convention (testkit).
import { runSimCli } from '@scaleio-framework/testkit';
import { startMesosSim } from '../sim.js';
import { CLI, parseCli } from './cli-options.js';

await runSimCli({
  spec: CLI,
  parse: (argv) => {
    const r = parseCli(argv);
    return 'opts' in r ? { options: r.opts } : r;
  },
  start: startMesosSim,
});

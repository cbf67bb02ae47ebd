#!/usr/bin/env node
// scaleio-sim: the gateway and MDM on 127.0.0.1, on the simulators' CLI convention (testkit).
import { runSimCli } from '@scaleio-framework/testkit';
import { CLI, parseCli, withTls } from '../cli.js';
import { startScaleioSim } from '../server.js';

await runSimCli({
  spec: CLI,
  parse: parseCli,
  start: (o) => startScaleioSim(withTls(o, (l) => process.stderr.write(`${l}\n`))),
});

#!/usr/bin/env node
// mesos-sim: a Mesos master and agents on 127.0.0.1. Prints the ready line, runs until SIGINT/SIGTERM.
import { startMesosSim } from '../sim.js';
import { parseCli, USAGE } from './cli-options.js';

const parsed = parseCli(process.argv.slice(2));
if ('help' in parsed) {
  console.log(USAGE);
  process.exit(0);
}
if ('error' in parsed) {
  console.error(`mesos-sim: ${parsed.error}\n${USAGE}`);
  process.exit(2);
}
try {
  const sim = await startMesosSim(parsed.opts);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`mesos-sim listening on ${sim.url}`);
} catch (e) {
  console.error(`mesos-sim: failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}

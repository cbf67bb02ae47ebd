#!/usr/bin/env node
/**
 * node-sim: starts simulated nodes, the package repository and the ec2 attachment webhook on
 * loopback, prints `node-sim ready ...`, and runs until SIGINT/SIGTERM.
 */
import { parseArgs, readyLine } from '../cli.js';
import { startNodeSim } from '../sim.js';

const main = async (): Promise<number> => {
  const opts = parseArgs(process.argv.slice(2));
  if (opts._tag === 'Left') {
    process.stderr.write(`${opts.left}\n`);
    return 2;
  }
  const sim = await startNodeSim(opts.right);
  if (sim._tag === 'Left') {
    process.stderr.write(`node-sim: ${sim.left.message}\n`);
    return 1;
  }
  process.stdout.write(`${readyLine(sim.right)}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await sim.right.stop();
  return 0;
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`node-sim: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);

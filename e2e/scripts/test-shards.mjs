#!/usr/bin/env node
// Runs e2e/test/*.test.ts with N uvu processes at a time (E2E_SHARDS, default cores + 1), one process per
// file, from a queue: the longest files first (their approximate run time in seconds, measured in
// CI, below; an unlisted file counts as DEFAULT_SECONDS), each worker taking the next file when
// its last one ends — so a wrong estimate costs one file's imbalance, not a shard's. Each file's
// whole output is printed when it ends, so every uvu summary block reaches the root test summary,
// then every file's measured seconds (to keep the table true). The e2e tests mostly wait on
// simulated time, so three of them share two cores. Exits 1 when any file failed. Extra
// arguments narrow the files: `node scripts/test-shards.mjs healing` runs the files whose name
// contains "healing".
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const SECONDS = {
  'healing-recovery': 210,
  'member-replacement': 118,
  cli: 112,
  'gateway-faults': 87,
  'healing-limits': 86,
  upgrade: 80,
  healing: 62,
  chaos: 60,
  'mesos-faults': 59,
  'healing-shrink': 52,
  resilience: 48,
  ha: 34,
  placement: 31,
  'executor-runtime': 29,
  'operator-surface': 25,
};
const DEFAULT_SECONDS = 20;

/**
 * Files at a time: `E2E_SHARDS`, else one more than the cores (3 on the 2-core CI machine: the
 * tests spend much of their time waiting on simulated time and on their simulators, measured at
 * 60–130 % of one core each), at most 6.
 */
const shardCount = Math.max(
  1,
  Number(process.env.E2E_SHARDS ?? '') || Math.min(6, availableParallelism() + 1),
);
const only = process.argv.slice(2);
const files = readdirSync(join(root, 'test'))
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
const weight = (f) => SECONDS[f.replace(/\.test\.ts$/, '')] ?? DEFAULT_SECONDS;
const queue = [...files].sort((a, b) => weight(b) - weight(a) || a.localeCompare(b));

const escape = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const uvu = join(root, '..', 'node_modules', 'uvu', 'bin.js');
/** One file in its own uvu process: its output, exit and seconds. */
const runFile = (file) =>
  new Promise((done) => {
    const started = Date.now();
    const out = [];
    const child = spawn(process.execPath, [uvu, 'test', `(^|/)${escape(file)}$`, '--no-color'], {
      cwd: root,
      env: {
        ...process.env,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=tsx`.trim(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('close', (code, signal) =>
      done({ file, code: code ?? 1, signal, out, seconds: (Date.now() - started) / 1000 }),
    );
  });

const t0 = Date.now();
const results = [];
let failed = false;
const worker = async (n) => {
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const r = await runFile(file);
    results.push(r);
    process.stdout.write(`\n--- e2e ${r.file} (worker ${n}, ${r.seconds.toFixed(0)} s)\n`);
    process.stdout.write(Buffer.concat(r.out));
    if (r.code !== 0) {
      failed = true;
      process.stdout.write(
        `e2e ${r.file} exited ${r.signal ? `on ${r.signal}` : `with ${r.code}`}\n`,
      );
    }
  }
};
await Promise.all(
  Array.from({ length: Math.min(shardCount, files.length) }, (_, i) => worker(i + 1)),
);
process.stdout.write(
  `\ne2e: ${results.length} files by ${Math.min(shardCount, files.length)} workers in ${Math.round((Date.now() - t0) / 1000)} s; ` +
    `seconds per file: ${[...results]
      .sort((a, b) => b.seconds - a.seconds)
      .map((r) => `${r.file.replace(/\.test\.ts$/, '')} ${r.seconds.toFixed(0)}`)
      .join(', ')}\n`,
);
process.exit(failed ? 1 : 0);

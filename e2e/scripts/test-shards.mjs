#!/usr/bin/env node
// Runs e2e/test/*.test.ts as N uvu processes at once (E2E_SHARDS, default 2) and prints each
// one's whole output in turn, so every uvu summary block reaches the root test summary. The
// files are spread by their approximate run time (seconds measured in CI, below; an unlisted
// file counts as DEFAULT_SECONDS), largest first onto the least loaded shard. The e2e tests
// mostly wait on simulated time, so two of them share two cores well. Exits 1 when any shard
// failed. Extra arguments narrow the files: `node scripts/test-shards.mjs healing` runs the
// files whose name contains "healing".
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const SECONDS = {
  'healing-recovery': 340,
  healing: 130,
  'member-replacement': 115,
  chaos: 110,
  upgrade: 95,
  'healing-limits': 80,
  'gateway-faults': 75,
  'healing-shrink': 70,
  'mesos-faults': 60,
  resilience: 50,
  placement: 40,
  'sds-removal': 25,
  ha: 40,
};
const DEFAULT_SECONDS = 20;

const shardCount = Math.max(1, Number(process.env.E2E_SHARDS ?? '2') || 1);
const only = process.argv.slice(2);
const files = readdirSync(join(root, 'test'))
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
const weight = (f) => SECONDS[f.replace(/\.test\.ts$/, '')] ?? DEFAULT_SECONDS;
const shards = Array.from({ length: Math.min(shardCount, files.length) }, () => ({
  files: [],
  seconds: 0,
}));
for (const f of [...files].sort((a, b) => weight(b) - weight(a) || a.localeCompare(b))) {
  const s = shards.reduce((m, x) => (x.seconds < m.seconds ? x : m));
  s.files.push(f);
  s.seconds += weight(f);
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const uvu = join(root, '..', 'node_modules', 'uvu', 'bin.js');
const run = (shard) =>
  new Promise((done) => {
    const pattern = `(^|/)(${shard.files.map(escape).join('|')})$`;
    const out = [];
    const child = spawn(process.execPath, [uvu, 'test', pattern, '--no-color'], {
      cwd: root,
      env: {
        ...process.env,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=tsx`.trim(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('close', (code, signal) => done({ shard, code: code ?? 1, signal, out }));
  });

const t0 = Date.now();
const results = await Promise.all(shards.map(run));
let failed = false;
results.forEach((r, i) => {
  process.stdout.write(
    `\n--- e2e shard ${i + 1}/${results.length} (~${r.shard.seconds} s): ${r.shard.files.join(' ')}\n`,
  );
  process.stdout.write(Buffer.concat(r.out));
  if (r.code !== 0) {
    failed = true;
    process.stdout.write(
      `e2e shard ${i + 1} exited ${r.signal ? `on ${r.signal}` : `with ${r.code}`}\n`,
    );
  }
});
process.stdout.write(
  `e2e: ${results.length} shards in ${Math.round((Date.now() - t0) / 1000)} s\n`,
);
process.exit(failed ? 1 : 0);

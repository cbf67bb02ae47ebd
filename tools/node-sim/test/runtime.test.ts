// A node has no `node` on its PATH; a fetched runtime runs only where the node's glibc has every
// symbol version it needs, and otherwise fails with glibc's own loader message and exit code 1.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  LOADER,
  missingVersions,
  simulatedRuntime,
  startNodeSim,
  type NodeSim,
  type RuntimeArchive,
} from '../src/index.js';
import { ok, run } from './helpers.js';

let sim: NodeSim;
let work = '';
const official = simulatedRuntime('official');
const old = simulatedRuntime('glibc-217');

/** Unpacks `a` into the work directory as the Mesos fetcher would (`tar -xf` in the sandbox). */
const unpack = (a: RuntimeArchive): void => {
  writeFileSync(join(work, a.file), a.bytes);
  const r = spawnSync('tar', ['-xf', a.file], { cwd: work, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
};

test.before(async () => {
  sim = ok(
    await startNodeSim({
      nodes: [
        { id: 'c7', os: 'centos-7' },
        { id: 'u14', os: 'ubuntu-14.04' },
        { id: 'r8', os: 'rhel-8' },
        { id: 'd12', os: 'debian-12' },
      ],
    }),
  );
  work = mkdtempSync(join(tmpdir(), 'node-sim-runtime-'));
  unpack(official);
  unpack(old);
});

test.after(async () => {
  await sim.stop();
  rmSync(work, { recursive: true, force: true });
});

const runtime = (nodeId: string, a: RuntimeArchive) =>
  run(sim, nodeId, [
    '/bin/sh',
    '-c',
    `cd ${work} && exec ./${a.dir}/bin/node -e 'process.stdout.write(process.versions.node)'`,
  ]);

test('archives look like Node’s own: <dir>/bin/node, executable, the name of the build', () => {
  assert.is(official.file, `node-v${process.versions.node}-linux-x64.tar.gz`);
  assert.is(old.file, `node-v${process.versions.node}-linux-x64-glibc-217.tar.gz`);
  assert.ok((statSync(join(work, old.dir, 'bin/node')).mode & 0o111) !== 0);
  assert.is(simulatedRuntime('glibc-217').sha256, old.sha256, 'the same bytes every time');
});

test('no node on any node’s PATH: the old `exec node` command cannot start anywhere', async () => {
  for (const id of ['c7', 'u14', 'r8', 'd12']) {
    const r = await run(sim, id, ['/bin/sh', '-c', 'command -v node || echo none']);
    assert.is(r.stdout.trim(), 'none', id);
    const old = await run(sim, id, ['/bin/sh', '-c', 'exec node ./scaleio-executor.mjs']);
    assert.is(old.code, 127, id);
    assert.match(old.stderr, /node: (not found|No such file)/);
  }
});

test('an official build (glibc 2.28) fails on CentOS 7 with the loader’s lines, exit 1', async () => {
  const r = await runtime('c7', official);
  const p = `./${official.dir}/bin/node`;
  assert.is(r.code, 1);
  assert.is(r.stdout, '');
  assert.is(
    r.stderr,
    [
      `${p}: /lib64/libm.so.6: version \`GLIBC_2.27' not found (required by ${p})`,
      `${p}: /lib64/libc.so.6: version \`GLIBC_2.25' not found (required by ${p})`,
      `${p}: /lib64/libc.so.6: version \`GLIBC_2.28' not found (required by ${p})`,
      '',
    ].join('\n'),
  );
  const calls = ok(ok(sim.node('c7')).calls()).filter((c) => c.tool === LOADER);
  assert.is(calls.at(-1)?.exitCode, 1, 'the loader call is in the node’s record');
});

test('on Ubuntu 14.04 (glibc 2.19) the libraries are in the multiarch directory', async () => {
  const r = await runtime('u14', official);
  assert.is(r.code, 1);
  assert.match(
    r.stderr,
    `/lib/x86_64-linux-gnu/libc.so.6: version \`GLIBC_2.28' not found (required by ./${official.dir}/bin/node)`,
  );
});

test('an official build runs on RHEL 8 and Debian 12; a glibc-217 build runs everywhere', async () => {
  for (const [id, a] of [
    ['r8', official],
    ['d12', official],
    ['c7', old],
    ['u14', old],
  ] as const) {
    const r = await runtime(id, a);
    assert.is(r.code, 0, `${id} ${a.file}: ${r.stderr}`);
    assert.is(r.stdout, process.versions.node);
  }
});

test('version arithmetic: 2.17 lacks 2.25 and 2.28; 2.28 has 2.17; 2.36 has 2.28', () => {
  assert.equal(missingVersions('centos-7', '2.17', 'p', ['libc.so.6:GLIBC_2.17']), []);
  assert.is(missingVersions('rhel-8', '2.28', 'p', ['libc.so.6:GLIBC_2.28']).length, 0);
  assert.is(missingVersions('ubuntu-14.04', '2.19', 'p', ['libc.so.6:GLIBC_2.28']).length, 1);
  assert.is(missingVersions('debian-12', '2.36', 'p', ['libc.so.6:GLIBC_2.9']).length, 0);
});

test.run();

// The two wrapper forms (sh + curl, and node) hand the simulator the same call and give the
// caller the same output and exit code, for arguments a shell would mangle if quoted wrong.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startNodeSim, type NodeSim } from '../src/index.js';
import { findCurl } from '../src/tools/wrapper.js';
import { ok, run } from './helpers.js';

const tricky = [
  "it's",
  '"double" $HOME `id` $(id) \\ back',
  'two\nlines',
  'key=value',
  '@file',
  'ünïcødé ✓',
  '',
  '-',
];

const startWith = async (form: 'sh' | 'node', baseDir?: string): Promise<NodeSim> => {
  const before = process.env['NODE_SIM_WRAPPER'];
  process.env['NODE_SIM_WRAPPER'] = form;
  try {
    return ok(
      await startNodeSim({
        nodes: [{ id: 'u1', os: 'ubuntu-20.04' }],
        ...(baseDir === undefined ? {} : { baseDir }),
      }),
    );
  } finally {
    if (before === undefined) delete process.env['NODE_SIM_WRAPPER'];
    else process.env['NODE_SIM_WRAPPER'] = before;
  }
};

const observe = async (form: 'sh' | 'node') => {
  const sim = await startWith(form);
  try {
    const h = ok(sim.hostFor('u1'));
    const script = readFileSync(`${h.path.split(':')[0] ?? ''}/dpkg`, 'utf8');
    const r = await run(sim, 'u1', ['dpkg', '-s', ...tricky], { env: { WRAPPER_PROBE: 'x=y' } });
    const hn = await run(sim, 'u1', ['hostname']);
    const calls = ok(ok(sim.node('u1')).calls());
    return { script, r, hn, call: calls.find((c) => c.tool === 'dpkg') };
  } finally {
    await sim.stop();
  }
};

test('sh and node wrappers pass the same argv and env keys and return the same output', async () => {
  if (findCurl() === undefined) {
    console.log('no curl on PATH: the sh wrapper check was skipped');
    return;
  }
  const sh = await observe('sh');
  const node = await observe('node');
  assert.match(sh.script, /^#!\/bin\/sh/);
  assert.match(node.script, /^#!\/usr\/bin\/env node/);
  assert.equal(sh.call?.argv, ['dpkg', '-s', ...tricky]);
  assert.equal(node.call?.argv, ['dpkg', '-s', ...tricky]);
  assert.ok(sh.call?.envKeys.includes('WRAPPER_PROBE'));
  assert.ok(node.call?.envKeys.includes('WRAPPER_PROBE'));
  assert.is(sh.r.code, node.r.code);
  assert.ok((sh.r.code ?? 0) !== 0, 'dpkg -s of unknown packages fails');
  assert.is(sh.r.stdout, node.r.stdout);
  assert.is(sh.r.stderr, node.r.stderr);
  assert.match(sh.r.stderr, "it's", 'a quote in the output survives the shell answer');
  assert.is(sh.hn.stdout, 'u1\n');
  assert.is(sh.hn.code, 0);
});

test('a wrapper whose simulator is gone fails with exit 70 and says so', async () => {
  for (const form of ['sh', 'node'] as const) {
    if (form === 'sh' && findCurl() === undefined) continue;
    const dir = mkdtempSync(join(tmpdir(), 'node-sim-wrappers-'));
    try {
      const sim = await startWith(form, dir);
      const h = ok(sim.hostFor('u1'));
      await sim.stop();
      const r = spawnSync('hostname', [], { env: h.env, encoding: 'utf8' });
      assert.is(r.status, 70, form);
      assert.match(r.stderr, /node-sim hostname: .*(not reachable|failed)/, form);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test.run();

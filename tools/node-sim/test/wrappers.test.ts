// The two wrapper forms (sh + curl, and node) hand the simulator the same call and give the
// caller the same output and exit code, for arguments a shell would mangle if quoted wrong.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { programPrerequisite, requirePrereq, withTempDir } from '@scaleio-framework/testkit';
import { startNodeSim, type NodeSim } from '../src/index.js';
import { toolRequestFromCall } from '../src/tools/bash-wrapper.js';
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

type Form = 'bash' | 'sh' | 'node';
const startWith = async (form: Form, baseDir?: string): Promise<NodeSim> => {
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

const observe = async (form: Form) => {
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

/** What the node wrapper hands over and prints: the reference the other forms are held to. */
let nodeRun: ReturnType<typeof observe> | undefined;
const reference = () => (nodeRun ??= observe('node'));

test('the node wrapper passes argv and env keys exactly and returns the tool output', async () => {
  const node = await reference();
  // node-sim's own node at its absolute path: a node has no `node` on its PATH
  assert.ok(node.script.startsWith(`#!${process.execPath}\n`), node.script.slice(0, 80));
  assert.equal(node.call?.argv, ['dpkg', '-s', ...tricky]);
  assert.ok(node.call?.envKeys.includes('WRAPPER_PROBE'));
  assert.ok((node.r.code ?? 0) !== 0, 'dpkg -s of unknown packages fails');
  assert.match(node.r.stderr, "it's");
});

/** The bash form needs bash and curl, the sh form curl (skipped without them; CI fails). */
const needs = {
  bash: [
    programPrerequisite('bash', 'the bash wrapper form runs under bash'),
    programPrerequisite('curl', 'the bash wrapper form posts with curl'),
  ],
  sh: [programPrerequisite('curl', 'the sh wrapper form posts with curl')],
} as const;

for (const [form, shebang] of [
  ['bash', /^#!\/\S*bash\n/],
  ['sh', /^#!\/bin\/sh/],
] as const) {
  requirePrereq(test, needs[form])(
    `the ${form} wrapper passes the same argv and env keys and returns the same output as node's`,
    async () => {
      const node = await reference();
      const o = await observe(form);
      assert.match(o.script, shebang, form);
      assert.equal(o.call?.argv, ['dpkg', '-s', ...tricky], form);
      assert.ok(o.call?.envKeys.includes('WRAPPER_PROBE'), form);
      assert.is(o.r.code, node.r.code, form);
      assert.is(o.r.stdout, node.r.stdout, form);
      assert.is(o.r.stderr, node.r.stderr, form);
      assert.is(o.hn.stdout, 'u1\n', form);
      assert.is(o.hn.code, 0, form);
    },
  );
  requirePrereq(test, needs[form])(
    `a ${form} wrapper whose simulator is gone fails with exit 70 and says so`,
    () => goneCheck(form),
  );
}

const goneCheck = (form: Form) =>
  withTempDir('node-sim-wrappers-', async (dir) => {
    const sim = await startWith(form, dir);
    const h = ok(sim.hostFor('u1'));
    await sim.stop();
    const r = spawnSync('hostname', [], { env: h.env, encoding: 'utf8' });
    assert.is(r.status, 70, form);
    assert.match(r.stderr, /node-sim hostname: .*(not reachable|failed)/, form);
  });

test('a node wrapper whose simulator is gone fails with exit 70 and says so', () =>
  goneCheck('node'));

test('a malformed bash call body is a clear error, a good one decodes', () => {
  for (const bad of ['x3:abc', 'a3abc', 'a9:abc', 'a-1:', 'a:'])
    assert.match(
      JSON.stringify(toolRequestFromCall(Buffer.from(bad))),
      /malformed call body at byte 0/,
      bad,
    );
  const good = toolRequestFromCall(Buffer.from('a4:dpkge6:K=v=w=c1:/s2:pw', 'utf8'));
  assert.equal(good, {
    _tag: 'Right',
    right: {
      argv: ['dpkg'],
      env: { K: 'v=w=' },
      cwd: '/',
      stdin: Buffer.from('pw').toString('base64'),
    },
  });
});

test.run();

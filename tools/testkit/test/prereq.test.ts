import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  childEnv,
  findProgram,
  isCi,
  pathPrerequisite,
  prerequisite,
  programPrerequisite,
  requirePrereq,
  runProcess,
  type TestBody,
  type TestRegistrar,
} from '../src/index.js';

const quiet = (): void => undefined;

/** A registrar that records what was registered instead of registering it. */
const recorder = () => {
  const ran: string[] = [];
  const skipped: string[] = [];
  const fns = new Map<string, TestBody>();
  const reg = Object.assign(
    (name: string, fn: TestBody) => {
      ran.push(name);
      fns.set(name, fn);
    },
    { skip: (name?: string) => void skipped.push(name ?? '') },
  ) as TestRegistrar;
  return { reg, ran, skipped, fns };
};

test('a present prerequisite registers the tests as they are', () => {
  const r = recorder();
  const gate = requirePrereq(
    r.reg,
    prerequisite('x', () => undefined),
    { ci: true, log: quiet },
  );
  gate('a', () => undefined);
  assert.ok(gate.available);
  assert.equal(r.ran, ['a']);
  assert.equal(r.skipped, []);
});

test('a missing prerequisite skips the tests; under CI one failing test names it', () => {
  const lines: string[] = [];
  const local = recorder();
  const gate = requirePrereq(
    local.reg,
    prerequisite('gizmo', () => 'absent'),
    {
      ci: false,
      log: (l) => lines.push(l),
    },
  );
  gate('a', () => undefined);
  gate('b', () => undefined);
  assert.not.ok(gate.available);
  assert.equal(gate.missing, ['gizmo (absent)']);
  assert.equal(local.ran, []);
  assert.equal(local.skipped, ['a', 'b']);

  const ci = recorder();
  const g2 = requirePrereq(ci.reg, [prerequisite('gizmo', () => 'absent')], {
    ci: true,
    log: (l) => lines.push(l),
  });
  g2('a', () => undefined);
  assert.equal(ci.ran, ['prerequisite gizmo is present (CI=true)']);
  assert.equal(ci.skipped, ['a']);
  assert.throws(() => ci.fns.get(ci.ran[0] ?? '')?.(), /gizmo is missing under CI=true: absent/);
  assert.equal(lines, [
    'prerequisite missing: gizmo: absent [tests skipped]',
    'prerequisite missing: gizmo: absent [CI=true: failing]',
  ]);
});

test('checks: a throwing check is missing; paths and programs', () => {
  assert.is(
    prerequisite('t', () => {
      throw new Error('boom');
    }).missing,
    'boom',
  );
  assert.is(pathPrerequisite('/', 'x').missing, undefined);
  assert.match(pathPrerequisite('/no/such/dir', 'get it').missing ?? '', /is absent; get it/);
  assert.is(programPrerequisite('node', 'x').missing, undefined);
  assert.ok(findProgram('node')?.endsWith('/node'));
  assert.match(programPrerequisite('no-such-program-xyz', 'hint').missing ?? '', /not installed/);
  assert.is(isCi({ CI: 'true' }), true);
  assert.is(isCi({ CI: '1' }), true);
  assert.is(isCi({}), false);
});

const fixture = fileURLToPath(new URL('./fixtures/gated.test-fixture.ts', import.meta.url));
const uvuRun = (env: Record<string, string>) =>
  runProcess({
    command: process.execPath,
    args: ['--import', 'tsx', fixture],
    env: { ...childEnv(), NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    name: 'uvu',
  });
const counts = (out: string) => ({
  total: Number(/Total:\s+(\d+)/.exec(out)?.[1]),
  passed: Number(/Passed:\s+(\d+)/.exec(out)?.[1]),
  skipped: Number(/Skipped:\s+(\d+)/.exec(out)?.[1]),
});

test('under uvu: skipped tests count as skipped, and CI=true fails naming the prerequisite', async () => {
  const present = await uvuRun({ GATED_PRESENT: '1', CI: 'true' });
  assert.is(present.code, 0, present.stdout + present.stderr);
  assert.equal(counts(present.stdout), { total: 3, passed: 3, skipped: 0 });

  const local = await uvuRun({ GATED_PRESENT: '0', CI: 'false' });
  assert.is(local.code, 0, local.stdout + local.stderr);
  assert.equal(counts(local.stdout), { total: 1, passed: 1, skipped: 2 });
  assert.match(local.stdout, 'prerequisite missing: the gizmo: not installed');

  const ci = await uvuRun({ GATED_PRESENT: '0', CI: 'true' });
  assert.is(ci.code, 1, ci.stdout + ci.stderr);
  assert.equal(counts(ci.stdout), { total: 2, passed: 1, skipped: 2 });
  assert.match(ci.stdout, 'the gizmo is missing under CI=true');
});

test.run();

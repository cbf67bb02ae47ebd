/**
 * The entry machine: the generic failure rule (retry, attempts, rollback, notReady grace), and
 * whole runs of an entry against a scripted cloud — the forward path, the verify rule and the
 * rollback sequence — judged by the effects asked for and the entries written.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { providerError, type NodeId, type VolumeId } from '@scaleio-framework/capacity';
import {
  due,
  nextMove,
  NOT_READY_GRACE_MS,
  providerFailed,
  type EntryEffect,
  type EntryMove,
  type HealingEntry,
  type Observation,
  type StageInput,
  type TimedFigures,
} from '../src/index.js';
import { cfg, config, entry, input, NOW, sample, T0, volume } from './fixture.js';

const vol1 = 'vol-1' as VolumeId;
const i1 = 'i-1' as NodeId;
const throttled = providerFailed(
  { _tag: 'attach', volume: vol1, node: i1 },
  providerError.throttled('slow'),
);
const denied = providerFailed(
  { _tag: 'attach', volume: vol1, node: i1 },
  providerError.unauthorized('no'),
);

/** What a step wrote, in short: stage, attempts, lastError, failedStage, then. */
const wrote = (s: EntryMove) =>
  s._tag === 'write'
    ? {
        stage: s.entry.stage,
        attempts: s.entry.attempts,
        lastError: s.entry.lastError,
        failedStage: s.entry.failedStage,
        then: s.then,
        events: s.events.map((e) => e.kind),
      }
    : s._tag;

test('the failure rule, case by case', () => {
  const created = entry('created', { volume: vol1 });
  const rows: ReadonlyArray<
    [string, HealingEntry, Observation, StageInput, ReturnType<typeof wrote>]
  > = [
    [
      'retryable, attempts left: one attempt used, the entry waits for the next round',
      created,
      throttled,
      input(),
      {
        stage: 'created',
        attempts: 1,
        lastError: 'attach: Throttled: slow',
        failedStage: undefined,
        then: 'stop',
        events: ['retry'],
      },
    ],
    [
      'retryable, the last attempt: rollingBack, with the failed stage',
      { ...created, attempts: cfg.stepAttempts - 1 },
      throttled,
      input(),
      {
        stage: 'rollingBack',
        attempts: 0,
        lastError: 'attach: Throttled: slow',
        failedStage: 'created',
        then: 'continue',
        events: ['rollback'],
      },
    ],
    [
      'not retryable: rollingBack at once',
      created,
      denied,
      input(),
      {
        stage: 'rollingBack',
        attempts: 0,
        lastError: 'attach: Unauthorized: no',
        failedStage: 'created',
        then: 'continue',
        events: ['rollback'],
      },
    ],
    [
      'a rollback that fails for good: failed',
      entry('rollingBack', { volume: vol1, failedStage: 'created' }),
      providerFailed({ _tag: 'delete', volume: vol1 }, providerError.unauthorized('no')),
      input(),
      {
        stage: 'failed',
        attempts: 0,
        lastError: 'rollback delete: Unauthorized: no',
        failedStage: 'created',
        then: 'stop',
        events: ['failed'],
      },
    ],
  ];
  for (const [name, e, o, cx, expected] of rows)
    assert.equal(wrote(nextMove(e, o, cx)), expected, name);
});

test('notReady: waits without an attempt within the grace period, counts after it', () => {
  const attached = entry('attached', { volume: vol1, deviceName: '/dev/sdf', guestPaths: [] });
  const notReady: Observation = {
    _tag: 'failed',
    effect: {
      _tag: 'resolveDevice',
      node: i1,
      request: { volume: vol1, sizeGiB: 100, deviceName: '/dev/sdf', guestPaths: [] },
    },
    error: {
      _tag: 'port',
      message: 'no agent known for instance i-1',
      retryable: true,
      notReady: true,
    },
  };
  const within = input({ nowMs: T0 + NOT_READY_GRACE_MS - 1 });
  const after = input({ nowMs: T0 + NOT_READY_GRACE_MS });
  assert.equal(nextMove(attached, notReady, within), { _tag: 'wait' });
  assert.equal(wrote(nextMove(attached, notReady, after)), {
    stage: 'attached',
    attempts: 1,
    lastError: 'resolve: no agent known for instance i-1',
    failedStage: undefined,
    then: 'stop',
    events: ['retry'],
  });
});

/** A scripted cloud: each effect's outcome by effect tag, in order of calls. */
type Script = Partial<Record<EntryEffect['_tag'], ReadonlyArray<Observation>>>;

/** Runs an entry like the shell does, against a script; the effects asked for and stages written. */
const run = (
  start: HealingEntry,
  script: Script,
  samples: ReadonlyArray<TimedFigures> = [],
  c = cfg,
) => {
  const calls: Partial<Record<string, number>> = {};
  const effects: string[] = [];
  const stages: string[] = [];
  let e = start;
  let o: Observation = due;
  for (let n = 0; n < 64; n++) {
    const s = nextMove(e, o, { config: c, nowMs: NOW + n, samples });
    if (s._tag === 'wait') break;
    if (s._tag === 'perform') {
      effects.push(s.effect._tag);
      const i = calls[s.effect._tag] ?? 0;
      calls[s.effect._tag] = i + 1;
      const answer = script[s.effect._tag]?.[i];
      if (answer === undefined) throw new Error(`no scripted answer for ${s.effect._tag} #${i}`);
      o = answer;
      continue;
    }
    e = s.entry;
    stages.push(s.entry.stage);
    if (s.then === 'stop') break;
    o = due;
  }
  return { effects, stages, entry: e };
};

const attachment = { volume: vol1, node: i1, deviceName: '/dev/sdf', guestPaths: ['/p'] };
const forward: Script = {
  provision: [{ _tag: 'provisioned', volume: volume() }],
  attach: [{ _tag: 'attached', attachment }],
  resolveDevice: [{ _tag: 'resolved', path: '/p' }],
  addDevice: [{ _tag: 'deviceAdded', deviceId: 'dev-9' }],
};

test('the forward path: provision → attach → resolve → add, each written before the next effect', () => {
  const r = run(entry('intent'), forward, [sample(T0, 270)]);
  assert.equal(r.effects, ['provision', 'attach', 'resolveDevice', 'addDevice']);
  assert.equal(r.stages, ['created', 'attached', 'resolved', 'added']);
  assert.is(r.entry.capacityBeforeBytes, sample(T0, 270).maxBytes);
  assert.is(r.entry.deviceId, 'dev-9');
});

test('the verify rule: growth within verifySamples verifies; none fails with the numbers', () => {
  const added = run(entry('intent'), forward, [sample(T0, 270)]).entry;
  const at = (n: number, gib: number) => sample((added.addedAtMs ?? 0) + n, gib);
  assert.equal(run(added, {}, [at(1, 270)]).stages, [], 'one sample, no growth: waits');
  assert.equal(run(added, {}, [at(1, 270), at(2, 370)]).stages, ['verified']);
  const stuck = run(added, {}, [at(1, 270), at(2, 270), at(3, 270)]);
  assert.equal(stuck.stages, ['failed']);
  assert.match(stuck.entry.reason ?? '', /did not grow after adding \/p: 270\.0 GiB before/);
  const patient = config({ verifySamples: 4 });
  assert.equal(run(added, {}, [at(1, 270), at(2, 270), at(3, 270)], patient).stages, []);
});

test('the rollback sequence: find by key → describe → detach if attached → delete → rolledBack', () => {
  const start = entry('rollingBack', { failedStage: 'attached' });
  const attached = volume({ state: 'attached', attachment });
  const r = run(start, {
    findByKey: [{ _tag: 'found', volume: attached }],
    describe: [{ _tag: 'described', volume: attached }],
    detach: [{ _tag: 'detached', volume: vol1 }],
    delete: [{ _tag: 'deleted', volume: vol1 }],
  });
  assert.equal(r.effects, ['findByKey', 'describe', 'detach', 'delete']);
  assert.equal(r.stages, ['rolledBack']);
  assert.is(r.entry.volume, vol1);
  assert.is(r.entry.state, 'rolledBack');
});

test('the rollback: a volume already gone, one never made, one still attaching', () => {
  const withVolume = entry('rollingBack', { volume: vol1, failedStage: 'created' });
  const gone = run(withVolume, {
    describe: [
      providerFailed({ _tag: 'describe', volume: vol1 }, providerError.notFound('volume', 'vol-1')),
    ],
  });
  assert.equal([gone.effects, gone.stages], [['describe'], ['rolledBack']]);
  const never = run(entry('rollingBack'), { findByKey: [{ _tag: 'found', volume: null }] });
  assert.equal([never.effects, never.stages], [['findByKey'], ['rolledBack']]);
  const attaching = run(withVolume, {
    describe: [{ _tag: 'described', volume: volume({ state: 'attaching' }) }],
  });
  assert.equal([attaching.effects, attaching.stages], [['describe'], ['rollingBack']]);
  assert.is(attaching.entry.attempts, 1);
  assert.match(attaching.entry.lastError ?? '', /still attaching/);
});

test('a failed attach rolls back in the same round: detach, delete, rolledBack', () => {
  const r = run(entry('created', { volume: vol1 }), {
    attach: [denied],
    describe: [{ _tag: 'described', volume: volume() }],
    delete: [{ _tag: 'deleted', volume: vol1 }],
  });
  assert.equal(r.effects, ['attach', 'describe', 'delete']);
  assert.equal(r.stages, ['rollingBack', 'rolledBack']);
  assert.is(r.entry.failedStage, 'created');
  assert.is(r.entry.reason, 'created failed: attach: Unauthorized: no');
});

test.run();

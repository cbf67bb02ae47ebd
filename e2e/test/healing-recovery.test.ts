// Capacity healing recovers through the real binaries: the scheduler SIGKILLed at each ledger stage
// of an expansion and restarted over the same state file ends every expansion verified with exactly
// one cloud volume and one device — for EBS (ec2-sim) and for Compute Engine persistent disks
// (gce-sim), the same test over each cloud; EC2 throttling is retried (within a call and on a later tick); a
// failed attach is rolled back (volume detached and deleted, the entry's reason in the status),
// even with the scheduler killed mid-rollback;
// no tagged volume is left that the ledger does not own. One deployed cluster, one expansion at a
// time. The stage each kill hit is read back from the state file the dead process left.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { schemaPrerequisite } from '@scaleio-framework/mesos-sim';
import { requirePrereq } from '@scaleio-framework/testkit';
import { aws, gce, type Cloud } from '../src/clouds.js';
import { sharedDeploy, startDeployed, type SharedCluster } from '../src/deploy.js';
import {
  awsEnv,
  cloudVolumes,
  fillTo,
  healingArgs,
  healingEvents,
  healingPolicy,
  keyTag,
  killWhen,
  poolPercent,
  readLedger,
  statusLedger,
  waitUntil,
  writePolicy,
  type LedgerEntryView,
} from '../src/healing.js';
import { assertWireValid } from '../src/wire.js';

const DEPLOY_TIMEOUT = 180_000;
const STEP_TIMEOUT = 90_000;

// Each expansion adds 25 % of the pool: from just over 30 % back under the 27 % clear threshold.
const recoveryPolicy = (cloud: Cloud) =>
  healingPolicy(
    { step: { unit: 'percent', value: 25 }, minStepGiB: 50, minVolumeGiB: 50 },
    // A restarted scheduler learns its agents from offers; at a 1 s interval the default 5
    // attempts of a step could run out before they arrive on a loaded machine.
    { stepAttempts: 20, volume: { volumeType: cloud.volumeType, encrypted: true } },
  );

/** A deployed cluster of `cloud` and its healing scheduler, with the scheduler's arguments and env. */
const deployFor = (cloud: Cloud) =>
  sharedDeploy(`healing-recovery (${cloud.name})`, async () => {
    let args: readonly string[] = [];
    let env: Record<string, string> = {};
    const d = await startDeployed(
      3,
      (c, run) =>
        (args = healingArgs(c, writePolicy(run.dir, 'recovery', recoveryPolicy(cloud)), 1, cloud)),
      (c) => (env = cloud.env(c)),
      DEPLOY_TIMEOUT,
      { cloud: cloud.cluster },
    );
    return { ...d, args, env };
  });
type Deployed = SharedCluster & {
  readonly args: readonly string[];
  readonly env: Record<string, string>;
};

/** The file's shared AWS cluster: the kill test for EBS and the EC2-only tests run on it. */
const shared = deployFor(aws);
const the = shared.the;
test.before(shared.before);
/** Stops the AWS cluster once: before the GCE cluster starts (a loaded machine), or at the end. */
let released: Promise<void> | undefined;
const releaseAws = () => (released ??= shared.after());
test.after(releaseAws);

/** The ledger and the cloud's own records of one deployed cluster. */
const viewOf = (x: () => Deployed, cloud: Cloud) => {
  const ledger = () => readLedger(x().run.stateFile);
  return {
    ledger,
    lastSeq: () => ledger().reduce((a, e) => Math.max(a, e.seq), 0),
    volumesOf: (e: LedgerEntryView) =>
      cloudVolumes(x().c, cloud).filter((v) => v.tags[keyTag] === e.key),
  };
};
const { ledger, lastSeq, volumesOf } = viewOf(the, aws);

/** Waits until entry `id` is final; returns it. */
const finishedIn = (l: () => readonly LedgerEntryView[]) => (id: string) =>
  waitUntil(
    () => l().find((e) => e.id === id && e.state !== 'inProgress'),
    STEP_TIMEOUT,
    () => `${id} to finish: ${JSON.stringify(l().find((e) => e.id === id))}`,
  );
const finished = finishedIn(ledger);

/**
 * The invariants after any expansion: one live volume per verified entry (the one in its entry,
 * attached to its node), every tagged volume owned by a ledger entry, one device per verified entry.
 */
const assertOneVolumePerExpansion = (x: () => Deployed = the, cloud: Cloud = aws) => {
  const { c, devices0 } = x();
  const v = viewOf(x, cloud);
  const l = v.ledger();
  const verified = l.filter((e) => e.stage === 'verified');
  for (const e of verified) {
    const mine = v.volumesOf(e);
    assert.is(mine.length, 1, `${e.id}: one volume with its key`);
    assert.is(mine[0]?.id, e.volume);
    assert.is(mine[0]?.node, e.node);
    assert.ok(mine[0]?.attached, `${e.id}: attached`);
  }
  const owned = new Set(l.filter((e) => e.stage !== 'rolledBack').map((e) => e.volume));
  const live = cloudVolumes(c, cloud);
  assert.is(
    live.length,
    verified.length,
    `one ${cloud.name} volume per verified expansion, no other`,
  );
  assert.ok(
    live.every((v) => owned.has(v.id)),
    'every tagged volume owned by a ledger entry',
  );
  const devices = c.scaleio.state().devices;
  assert.is(devices.length, devices0 + verified.length, 'one device per verified expansion');
  const paths = devices.map((d) => `${d.sdsId}:${d.path}`);
  assert.is(new Set(paths).size, paths.length, 'no device twice');
};

/** How each kill is aimed: what widens the stage's window, and what must hold at the kill. */
interface KillPlan {
  readonly stage: string;
  readonly widen: () => void;
  readonly undo: () => void;
  /** Beyond the stage itself: the side effect that must have started (the dangerous moment). */
  readonly also?: (e: LedgerEntryView) => boolean;
  readonly note: string;
}

/**
 * The scheduler SIGKILLed at each ledger stage of one expansion after another, on the deployed
 * cluster `the` of `cloud`: every expansion ends verified with one volume, one device.
 */
const killAtEachStage = async (the: () => Deployed, cloud: Cloud) => {
  const x = the();
  const { c, run } = x;
  const { ledger, lastSeq, volumesOf } = viewOf(the, cloud);
  const finished = finishedIn(ledger);
  const noop = () => undefined;
  const plans: KillPlan[] = [
    {
      stage: 'intent',
      // The create call answered, the volume still being created: its id is not in the ledger yet.
      widen: () => cloud.setTimings(c, { createMs: 4000 }),
      undo: () => cloud.setTimings(c, { createMs: 1000 }),
      also: (e) => volumesOf(e).length === 1,
      note: `the volume exists in ${cloud.name}, its id not persisted`,
    },
    {
      stage: 'created',
      // The attach call answered, the attachment still under way.
      widen: () => cloud.setTimings(c, { attachMs: 4000 }),
      undo: () => cloud.setTimings(c, { attachMs: 1000 }),
      also: (e) => volumesOf(e)[0]?.node !== undefined,
      note: 'the attach sent, the attachment not persisted',
    },
    { stage: 'attached', widen: noop, undo: noop, note: 'during the executor device probe' },
    {
      stage: 'resolved',
      // Every gateway call takes 1.5 s: the add to the SDS is under way when killed.
      widen: () => void c.scaleio.setFaults({ latencyMs: 1500 }),
      undo: () => void c.scaleio.setFaults({ latencyMs: 0 }),
      note: 'path resolved, the add to the SDS under way',
    },
    {
      stage: 'added',
      widen: () => void c.scaleio.setFaults({ latencyMs: 1500 }),
      undo: () => void c.scaleio.setFaults({ latencyMs: 0 }),
      note: 'device added, before the samples that verify it',
    },
    { stage: 'verified', widen: noop, undo: noop, note: 'after the expansion finished' },
  ];
  const hits: string[] = [];
  for (const plan of plans) {
    const seq0 = lastSeq();
    plan.widen();
    fillTo(c, 30.5);
    const next = () => ledger().find((e) => e.seq > seq0);
    const target = await killWhen(
      x.sched,
      () => {
        const e = next();
        return e?.stage === plan.stage && (plan.also === undefined || plan.also(e)) && e;
      },
      STEP_TIMEOUT,
      () => `${plan.stage}; the entry is ${JSON.stringify(next())}`,
    );
    plan.undo();
    // What the dead process left in its state file: the stage aimed at, nothing later.
    const left = ledger().find((e) => e.id === target.id);
    assert.ok(left, `${target.id} in the ledger`);
    assert.is(left.stage, plan.stage, `killed at ${plan.stage}`);
    if (plan.also) assert.ok(plan.also(left), `${plan.stage}: ${plan.note}`);
    if (plan.stage === 'intent') assert.is(left.volume, undefined, 'no volume id persisted');
    hits.push(`${plan.stage}: ${left.id} left at ${left.stage} (${plan.note})`);
    x.sched = await run.start(x.args, x.env);
    const done = await finished(target.id);
    assert.is(done.stage, 'verified', `${done.id}: ${done.reason ?? ''} ${done.lastError ?? ''}`);
    assert.is(ledger().length, seq0 + 1, 'one ledger entry per expansion');
    assertOneVolumePerExpansion(the, cloud);
    assert.ok(poolPercent(c) < 30, `back under the trigger: ${poolPercent(c)}`);
  }
  console.log(`healing-recovery kills (${cloud.name}):\n  ${hits.join('\n  ')}`);
  // No credential in the status or the log of the last scheduler.
  const statusText = await (await fetch(`${x.sched.url}/api/v1/status`)).text();
  assert.not.match(statusText, cloud.secret);
  assert.not.match(x.sched.lines().join('\n'), cloud.secret);
};

test('aws: SIGKILL at intent, created, attached, resolved, added, verified: one volume per expansion', () =>
  killAtEachStage(the, aws));

test('EC2 throttling is retried within a call and, past its attempts, on the next tick', async () => {
  const { c, sched } = the();
  const seq0 = lastSeq();
  const calls0 = c.ec2.calls().length;
  // 3 throttled CreateVolume: absorbed by the provider's backoff. 7 throttled AttachVolume: one
  // more than a call's 6 attempts, so the attach step itself is retried by the healer.
  c.ec2.throttle(3, 'CreateVolume');
  c.ec2.throttle(7, 'AttachVolume');
  fillTo(c, 30.5);
  const retried = await waitUntil(
    () => ledger().find((e) => e.seq > seq0 && e.attempts > 0),
    STEP_TIMEOUT,
    () => `a healer-level retry: ${JSON.stringify(ledger().at(-1))}`,
    20,
  );
  assert.is(retried.stage, 'created');
  assert.match(retried.lastError ?? '', /attach: Throttled/);
  const done = await finished(retried.id);
  assert.is(done.stage, 'verified');
  const calls = c.ec2.calls().slice(calls0);
  assert.is(calls.filter((a) => a === 'CreateVolume').length, 4, '3 throttled + 1');
  assert.is(calls.filter((a) => a === 'AttachVolume').length, 8, '7 throttled + 1');
  assert.is(ledger().length, seq0 + 1, 'one entry');
  assertOneVolumePerExpansion();
  const events = await healingEvents(sched.url);
  assert.ok(
    events.some((e) => e.message.includes(`${done.id} created: attach: Throttled`)),
    'the retry is an event of the status',
  );
});

test('a failed attach is rolled back (through a SIGKILL mid-rollback): detached, deleted, its reason in the status', async () => {
  const x = the();
  const { c } = x;
  const seq0 = lastSeq();
  const calls0 = c.ec2.calls().length;
  // First expansion: AttachVolume refused for good. Second: attached, but setting
  // DeleteOnTermination is refused, so the attach step fails with the volume attached.
  c.ec2.failNext({
    action: 'AttachVolume',
    code: 'AttachmentLimitExceeded',
    message: 'The maximum number of attachments has been reached.',
    status: 400,
  });
  c.ec2.failNext({
    action: 'ModifyInstanceAttribute',
    code: 'UnauthorizedOperation',
    message: 'You are not authorized to perform this operation.',
    status: 403,
  });
  // A slow detach: the scheduler is killed while the second rollback waits for it, and restarted
  // (on a loaded machine that takes seconds) while the volume is still detaching.
  c.ec2.setTimings({ detachMs: 15_000 });
  fillTo(c, 30.5);
  const first = await finished(`exp-${seq0 + 1}`);
  const secondId = `exp-${seq0 + 2}`;
  await killWhen(
    x.sched,
    () => {
      const e = ledger().find((y) => y.id === secondId);
      return e?.stage === 'rollingBack' && volumesOf(e)[0]?.detaching === true;
    },
    STEP_TIMEOUT,
    () => `${secondId} rolling back: ${JSON.stringify(ledger().find((y) => y.id === secondId))}`,
  );
  c.ec2.setTimings({ detachMs: 500 });
  const left = ledger().find((y) => y.id === secondId);
  assert.is(left?.stage, 'rollingBack', 'killed while rolling back');
  console.log(
    `healing-recovery kills:\n  rollingBack: ${secondId} left at ${left?.stage ?? '?'} (DetachVolume sent, the volume still detaching)`,
  );
  x.sched = await x.run.start(x.args, x.env);
  const sched = x.sched;
  const second = await finished(secondId);
  const third = await finished(`exp-${seq0 + 3}`);
  assert.is(first.stage, 'rolledBack');
  assert.is(first.failedStage, 'created');
  assert.match(first.reason ?? '', /created failed: attach: .*maximum number of attachments/);
  assert.is(second.stage, 'rolledBack', JSON.stringify(second));
  assert.match(second.reason ?? '', /created failed: attach: .*not authorized/);
  assert.is(third.stage, 'verified', 'the next expansion succeeds');
  // Both rolled-back volumes are gone from EC2 (the second was detached first).
  for (const e of [first, second]) {
    assert.ok(e.volume, `${e.id} had a volume`);
    await waitUntil(() => volumesOf(e).length === 0, 10_000, `${e.id}: its volume deleted`);
  }
  const calls = c.ec2.calls().slice(calls0);
  assert.is(
    calls.filter((a) => a === 'DetachVolume').length,
    2,
    'the attached one was detached (the request repeated after the restart)',
  );
  assert.is(calls.filter((a) => a === 'DeleteVolume').length, 2, 'both deleted');
  assertOneVolumePerExpansion();
  // The status shows each rolled-back entry with its reason.
  const view = await statusLedger(sched.url);
  for (const e of [first, second]) {
    const s = view.find((v) => v.seq === e.seq);
    assert.is(s?.state, 'rolledBack');
    assert.is(s?.reason, e.reason);
  }
  // The leak report (made when in-flight entries finish) is empty; no secret in the status.
  const report = await waitUntil(
    async () =>
      (await healingEvents(sched.url)).find(
        (e) => e.atMs >= third.atMs && /leaked volume|in no ledger entry/.test(e.kind),
      ),
    30_000,
    'a leak report after the last expansion',
  );
  assert.match(report.message, /no leaked volume/);
  const healing = (
    (await (await fetch(`${sched.url}/api/v1/status`)).json()) as {
      healing?: { leaks?: { checkedAtMs: number; volumes: string[] } | null };
    }
  ).healing;
  assert.equal(healing?.leaks?.volumes, [], 'the status: no leaked volume');
  assert.ok((healing?.leaks?.checkedAtMs ?? 0) >= third.atMs, 'a fresh leak check');
  const statusText = await (await fetch(`${sched.url}/api/v1/status`)).text();
  assert.not.match(statusText, awsEnv.AWS_SECRET_ACCESS_KEY);
  assert.not.match(sched.lines().join('\n'), awsEnv.AWS_SECRET_ACCESS_KEY);
});

requirePrereq(test, schemaPrerequisite())(
  'every Mesos wire message valid',
  () => void assertWireValid(shared.the().c.wire),
);

test('gce: SIGKILL at intent, created, attached, resolved, added, verified: one disk per expansion', async () => {
  // The AWS cluster's tests are done: stop it before deploying the Compute Engine one.
  await releaseAws();
  const own = deployFor(gce);
  await own.before();
  try {
    await killAtEachStage(own.the, gce);
  } catch (e) {
    console.log(
      `the GCE scheduler's last lines:\n${own.the().sched.lines().slice(-40).join('\n')}`,
    );
    throw e;
  } finally {
    await own.after();
  }
});

test.run();

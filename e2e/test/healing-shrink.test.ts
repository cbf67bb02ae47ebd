// Shrink through the real binaries: a pool that healing grew twice loses its data; after the
// low-water period the scheduler removes the newest healing-added device from its SDS (scaleio-sim
// migrates the data over time), waits for the migration and the rebalance, then detaches (the
// guest holds the device until ScaleIO drops it) and deletes its EBS volume. The scheduler is
// SIGKILLed at every shrink ledger stage and restarted over the same state file: exactly one
// device removed, one volume deleted, none leaked, nothing the framework did not create touched,
// and the pool never over the grow threshold meanwhile. Judged from the simulators' own records.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sharedDeploy, startDeployed } from '../src/deploy.js';
import {
  awsEnv,
  fillTo,
  healingArgs,
  healingPolicy,
  killWhen,
  ourVolumes,
  poolPercent,
  readLedger,
  thePool,
  waitUntil,
  writePolicy,
  type LedgerEntryView,
} from '../src/healing.js';
import { appVolumes, dropVolume } from '../src/shrink.js';
import { assertWireValid } from '../src/wire.js';

const DEPLOY_TIMEOUT = 180_000;
const STEP_TIMEOUT = 90_000;
const GIB_KB = 1024 * 1024;

// Growth as the other healing e2e files (30 % / 27 %, 100 GiB volumes); shrink below 20 % for 5 s,
// 5 s after the last growth, once a day.
const policy = healingPolicy(
  { step: { unit: 'gib', value: 100 }, minStepGiB: 50, minVolumeGiB: 50, maxVolumeGiB: 100 },
  {
    stepAttempts: 20,
    shrink: {
      enabled: true,
      lowPercent: 20,
      lowForMinutes: 5 / 60,
      quietAfterGrowMinutes: 5 / 60,
      maxPerDay: 1,
    },
  },
);

const shared = sharedDeploy('healing-shrink', async () => {
  let args: readonly string[] = [];
  const d = await startDeployed(
    3,
    (c, run) => (args = healingArgs(c, writePolicy(run.dir, 'shrink', policy), 1)),
    awsEnv,
    DEPLOY_TIMEOUT,
  );
  return { ...d, args };
});
const the = shared.the;
test.before(shared.before);
test.after(shared.after);

type Entry = LedgerEntryView & { readonly deviceId?: string; readonly shrinkAtMs?: number };
const ledger = () => readLedger(the().run.stateFile) as readonly Entry[];

test('grown twice, drained: one device removed, one volume deleted, across a kill at every stage', async () => {
  const x = the();
  const { c, run } = x;
  const devicesBefore = c.scaleio.state().devices.map((d) => d.id);
  const pool = thePool(c);
  const [appA] = await appVolumes(c.scaleio, pool.id, ['app-a', 'app-b'], 96);
  // Healing adds two volumes.
  for (let n = 1; n <= 2; n++) {
    fillTo(c, 30.5);
    await waitUntil(
      () => ledger().filter((e) => e.stage === 'verified').length === n,
      STEP_TIMEOUT,
      () => `expansion ${n}: ${JSON.stringify(ledger())}`,
    );
  }
  const grown = ledger();
  const newest = grown.at(-1) as Entry;
  assert.is(ourVolumes(c).length, 2, 'two EBS volumes');
  // The data drains: an application volume is deleted. The migration runs at 64 MiB/s until the
  // kill at `draining` (a window to aim at), then at 2 GiB/s (e2e scale).
  c.scaleio.setMigrationRate(64 * 1024);
  let peak = 0;
  const watch = setInterval(() => (peak = Math.max(peak, poolPercent(c))), 50);
  const droppedAt = Date.now();
  try {
    await dropVolume(c.scaleio, appA ?? '');
    assert.ok(poolPercent(c) < 20, `drained: ${poolPercent(c)} %`);
    const shrinking = () => ledger().find((e) => e.id === newest.id);
    const noop = () => undefined;
    const plans = [
      {
        stage: 'shrinkIntent',
        // Every gateway call takes 1.5 s: the removal request is under way when killed.
        widen: () => void c.scaleio.setFaults({ latencyMs: 1500 }),
        undo: () => void c.scaleio.setFaults({ latencyMs: 0 }),
      },
      { stage: 'draining', widen: noop, undo: () => void c.scaleio.setMigrationRate(2 * GIB_KB) },
      {
        stage: 'drained',
        widen: () => c.ec2.setTimings({ detachMs: 4000 }),
        undo: () => c.ec2.setTimings({ detachMs: 500 }),
      },
      {
        stage: 'volumeDetached',
        widen: () => c.ec2.throttle(4, 'DeleteVolume'),
        undo: noop,
      },
    ];
    const hits: string[] = [];
    for (const plan of plans) {
      plan.widen();
      await killWhen(
        x.sched,
        () => shrinking()?.stage === plan.stage,
        STEP_TIMEOUT,
        () => `${plan.stage}: ${JSON.stringify(shrinking())}`,
      );
      plan.undo();
      hits.push(`${plan.stage}: left at ${shrinking()?.stage ?? '?'}`);
      assert.is(shrinking()?.stage, plan.stage, `killed at ${plan.stage}`);
      x.sched = await run.start(x.args, awsEnv);
    }
    console.log(`healing-shrink kills:\n  ${hits.join('\n  ')}`);
    await waitUntil(
      () => shrinking()?.stage === 'removed',
      STEP_TIMEOUT,
      () => `removed: ${JSON.stringify(shrinking())}`,
    );
  } finally {
    clearInterval(watch);
  }
  const l = ledger();
  const shrunkAt = l.at(-1)?.shrinkAtMs ?? 0;
  assert.ok(
    shrunkAt >= droppedAt + 5000,
    `decided after the 5 s low-water period: +${shrunkAt - droppedAt} ms`,
  );
  assert.equal(
    l.map((e) => e.stage),
    ['verified', 'removed'],
    'the newest healing-added device was shrunk, the other kept',
  );
  // scaleio-sim: exactly that device gone, every device the framework did not add still there.
  const devices = c.scaleio.state().devices.map((d) => d.id);
  assert.not.ok(devices.includes(newest.deviceId ?? ''), 'the device is gone');
  for (const d of devicesBefore) assert.ok(devices.includes(d), `device ${d} untouched`);
  assert.is(devices.length, devicesBefore.length + 1);
  const removes = c.scaleio
    .requests()
    .filter((q) => q.path.includes('/action/removeDevice'))
    .map((q) => q.path);
  assert.ok(
    removes.length >= 1 && removes.every((p) => p.includes(`Device::${newest.deviceId ?? '?'}/`)),
    `only that device removed: ${removes.join(', ')}`,
  );
  // ec2-sim: its volume deleted (gone once `deleting` ends), the other attached, no tagged volume
  // without an entry.
  await waitUntil(
    () => !ourVolumes(c).some((v) => v.volumeId === newest.volume),
    STEP_TIMEOUT,
    () => `${newest.volume ?? '?'} gone: ${JSON.stringify(ourVolumes(c))}`,
  );
  const live = ourVolumes(c);
  assert.equal(
    live.map((v) => v.volumeId),
    [l[0]?.volume],
    JSON.stringify({
      ledger: l.map((e) => [e.id, e.stage, e.volume, e.deviceId]),
      live: live.map((v) => [v.volumeId, v.state, v.attachment?.state, v.tags]),
    }),
  );
  assert.is(live[0]?.attachment?.state, 'attached');
  const calls = c.ec2.calls();
  assert.ok(calls.includes('DetachVolume') && calls.includes('DeleteVolume'));
  assert.ok(peak < 30, `the pool stayed under the grow threshold: peak ${peak.toFixed(1)} %`);
  assertWireValid(c.wire);
});

test.run();

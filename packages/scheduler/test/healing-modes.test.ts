/**
 * Operator modes and failure paths: dry run, approval, pause, off; EC2 throttling retried; a
 * failed attach rolled back (detach, delete) with no leak; a pool that does not grow marked failed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { success } from '@scaleio-framework/healing';
import { fill, healingConfig, run, withRig } from './healing-harness.js';

const policy = {
  triggerPercent: 80,
  clearPercent: 70,
  consecutiveSamples: 3,
  timeToFullMinutes: 0,
  cooldownMinutes: 30,
};
const creates = (calls: readonly string[]): number =>
  calls.filter((c) => c === 'CreateVolume').length;

test('dry run: decisions are recorded and shown, nothing is created', async () => {
  await withRig(async (rig) => {
    const healer = rig.healer(
      healingConfig({ enabled: true, policy: { ...policy, dryRun: true } }),
    );
    fill(rig, 'pd1/sp1', 1, 100);
    await run(rig, healer, 60);
    const s = healer.status();
    assert.is(s.dryRun, true);
    const dry = s.recent.filter((e) => e.stage === 'dryRun');
    assert.ok(dry.length >= 2, `dry-run entries ${dry.length}`);
    assert.ok(dry.every((e) => e.dryRun && e.volume === undefined));
    assert.ok((dry[0]?.atMs ?? 0) - (dry[1]?.atMs ?? 0) >= 30 * 60_000, 'cooldown counts dry runs');
    assert.match(dry[0]?.decision ?? '', /^\[dry run\]/);
    assert.is(creates(rig.ec2.calls()), 0);
    assert.is(rig.volumes().length, 0);
    assert.is(rig.devices('pd1/sp1'), 3);
    assert.is(s.totals.volumes, 0);
  });
});

test('approval mode waits for approve(); decline creates nothing', async () => {
  await withRig(async (rig) => {
    const healer = rig.healer(healingConfig({ enabled: true, approval: true, policy }));
    fill(rig, 'pd1/sp1', 1, 100);
    await run(rig, healer, 20);
    let s = healer.status();
    assert.is(s.awaitingApproval.length, 1);
    assert.is(creates(rig.ec2.calls()), 0, 'nothing before approval');
    const id = s.awaitingApproval[0]?.id ?? '';
    const bad = await healer.approve('exp-999');
    assert.is(bad.ok, false);
    const approved = await healer.approve(id);
    assert.equal(approved, success([id]));
    await run(rig, healer, 3);
    s = healer.status();
    assert.is(s.recent.find((e) => e.id === id)?.stage, 'verified');
    assert.is(rig.volumes().length, 1);
    // the next one is declined
    await run(rig, healer, 90);
    s = healer.status();
    const waiting = s.awaitingApproval[0];
    assert.ok(waiting !== undefined, 'a second expansion waits');
    assert.equal(await healer.decline(waiting.id), success([waiting.id]));
    assert.is(healer.status().recent.find((e) => e.id === waiting.id)?.stage, 'declined');
    assert.is(rig.volumes().length, 1);
    assert.is(creates(rig.ec2.calls()), 1);
  });
});

test('off and paused: samples are shown, nothing is decided or created', async () => {
  await withRig(async (rig) => {
    const off = rig.healer(healingConfig({ policy }));
    fill(rig, 'pd1/sp1', 1, 100);
    await run(rig, off, 15);
    assert.is(off.status().enabled, false);
    assert.ok((off.status().pools[0]?.percentFull ?? 0) > 80);
    assert.is(off.status().pools[0]?.decision, null);
    const on = rig.healer(healingConfig({ enabled: true, policy }));
    assert.equal(await on.pause(), success(undefined));
    await run(rig, on, 10);
    assert.is(on.status().paused, true);
    assert.is(creates(rig.ec2.calls()), 0);
    // a restarted healer keeps the pause (it is in the ledger document)
    const again = rig.healer(healingConfig({ enabled: true, policy }));
    await run(rig, again, 3);
    assert.is(again.status().paused, true);
    assert.equal(await again.resume(), success(undefined));
    await run(rig, again, 6);
    assert.is(rig.volumes().length, 1);
    assert.ok(again.status().events.some((e) => e.kind === 'resumed'));
  });
});

test('EC2 throttling is retried; a failed attach is rolled back and the next try succeeds', async () => {
  await withRig(async (rig) => {
    const healer = rig.healer(
      healingConfig({ enabled: true, policy: { ...policy, cooldownMinutes: 5 } }),
    );
    rig.ec2.throttle(3, 'CreateVolume');
    rig.ec2.failNext({
      action: 'AttachVolume',
      code: 'AttachmentLimitExceeded',
      message: 'Attachment limit exceeded',
      status: 400,
    });
    fill(rig, 'pd1/sp1', 1, 100);
    await run(rig, healer, 25);
    rig.settle();
    const s = healer.status();
    const byId = [...s.recent].sort((a, b) => a.seq - b.seq);
    assert.equal(
      byId.map((e) => e.stage),
      ['rolledBack', 'verified'],
      JSON.stringify(byId),
    );
    assert.is(byId[0]?.failedStage, 'created');
    assert.match(byId[0]?.reason ?? '', /attach/);
    const calls = rig.ec2.calls();
    assert.ok(calls.filter((c) => c === 'CreateVolume').length >= 5, 'throttled creates retried');
    assert.ok(calls.includes('DeleteVolume'), 'the failed volume was deleted');
    assert.is(rig.volumes().length, 1, 'only the verified one is left');
    const leaks = await healer.reportLeaks();
    assert.equal(leaks, success([]));
    assert.ok(s.events.some((e) => e.kind === 'rollback'));
  });
});

test('a pool that does not grow after the add is marked failed with its reason', async () => {
  await withRig(async (rig) => {
    // a gateway that says "added" but adds nothing
    const lying = {
      ...rig.ports.stats,
      addDeviceToSds: () => Promise.resolve(success({ deviceId: 'x' })),
    };
    const healer = rig.healer(healingConfig({ enabled: true, policy, verifySamples: 2 }), {
      stats: lying,
    });
    fill(rig, 'pd1/sp1', 1, 100);
    await run(rig, healer, 15);
    const e = healer.status().recent[0];
    assert.is(e?.stage, 'failed');
    assert.is(e?.state, 'failed');
    assert.match(e?.reason ?? '', /did not grow/);
    assert.ok(healer.status().events.some((x) => x.kind === 'failed'));
  });
});

test('the resolver: a disk not visible yet is retried; a wrong disk is rolled back', async () => {
  await withRig(async (rig) => {
    let calls = 0;
    const slow = {
      resolve: (
        node: Parameters<typeof rig.ports.resolver.resolve>[0],
        v: Parameters<typeof rig.ports.resolver.resolve>[1],
      ) => {
        calls += 1;
        return calls <= 2
          ? Promise.resolve({ ok: false as const, error: 'no such disk yet' })
          : rig.ports.resolver.resolve(node, v);
      },
    };
    const healer = rig.healer(healingConfig({ enabled: true, policy }), { resolver: slow });
    fill(rig, 'pd1/sp1', 1, 100);
    await run(rig, healer, 15);
    const s = healer.status();
    assert.equal(
      s.recent.map((e) => e.stage),
      ['verified'],
    );
    assert.is(s.events.filter((e) => e.kind === 'retry').length, 2);

    const wrong = {
      resolve: () =>
        Promise.resolve({
          ok: false as const,
          error: '/dev/nvme1n1 has partitions',
          retryable: false,
        }),
    };
    const second = rig.healer(
      healingConfig({ enabled: true, policy: { ...policy, cooldownMinutes: 5 } }),
      {
        resolver: wrong,
      },
    );
    await run(rig, second, 40);
    rig.settle();
    const rolled = second.status().recent.find((e) => e.stage === 'rolledBack');
    assert.ok(rolled !== undefined, 'the second expansion was rolled back');
    assert.is(rolled.failedStage, 'attached');
    assert.match(rolled.reason ?? '', /partitions/);
    assert.equal(
      rig.volumes().map((v) => v.state),
      ['in-use'],
      'the wrong one was detached and deleted',
    );
    assert.equal(await second.reportLeaks(), success([]));
  });
});

test('one decision of several volumes: spread over the nodes, approved together', async () => {
  const threeVolumes = healingConfig({
    enabled: true,
    approval: true,
    policy: { ...policy, step: { unit: 'gib', value: 300 }, minVolumeGiB: 100, maxVolumeGiB: 100 },
  });
  await withRig(async (rig) => {
    const healer = rig.healer(threeVolumes);
    fill(rig, 'pd1/sp1', 1, 100);
    await run(rig, healer, 15);
    const waiting = healer.status().awaitingApproval;
    assert.is(waiting.length, 3);
    assert.is(new Set(waiting.map((e) => e.node)).size, 3, 'one volume per node');
    // a restarted scheduler still knows what waits
    const again = rig.healer(threeVolumes);
    await run(rig, again, 1);
    assert.is(again.status().awaitingApproval.length, 3);
    const ok = await again.approve(waiting[1]?.id ?? '');
    assert.equal(ok, success(waiting.map((e) => e.id)));
    await run(rig, again, 3);
    assert.equal(
      again.status().recent.map((e) => e.stage),
      ['verified', 'verified', 'verified'],
    );
    assert.is(rig.volumes().length, 3);
    assert.is(rig.devices('pd1/sp1'), 6);
    assert.ok(rig.percent('pd1/sp1') < 70);
  });
});

test.run();

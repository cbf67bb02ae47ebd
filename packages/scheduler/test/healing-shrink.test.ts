/**
 * Shrinking against the simulators: a pool that grew twice and then lost its data sheds its newest
 * healing-added device after the low-water period — removed from its SDS (scaleio-sim migrates its
 * data over time), then its volume detached (the guest holds it until the SDS drops it) and
 * deleted — once a day at most; a healer restarted at every shrink stage removes exactly one
 * device and deletes exactly one volume; an operator drains a chosen device on demand, and a
 * drain ScaleIO would refuse is refused before anything is touched.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { removeVolume, type VolumeId } from '@scaleio-framework/scaleio';
import { healingConfig, run, withRig } from './healing-harness.js';
import { appVolumes, growTwice, ledgerOf, shrinkPorts } from './shrink-rig.js';

const policy = {
  triggerPercent: 80,
  clearPercent: 70,
  consecutiveSamples: 1,
  timeToFullMinutes: 0,
  cooldownMinutes: 10,
};
const shrink = { enabled: true, lowPercent: 40, lowForMinutes: 30, quietAfterGrowMinutes: 60 };

test('a low pool sheds its newest healing-added device: migrated, detached, deleted; once a day', async () => {
  await withRig(async (rig) => {
    const config = healingConfig({ enabled: true, policy, shrink });
    const healer = rig.healer(config, shrinkPorts(rig));
    const [a] = await appVolumes(rig);
    const grownPeak = await growTwice(rig, healer);
    assert.is(rig.devices('pd1/sp1'), 5, 'two devices added');
    assert.is(rig.volumes().length, 2);
    const r = await rig.client.run(removeVolume(a as VolumeId));
    assert.is(r._tag, 'Right');
    let peak = 0;
    const seen = new Set<string>();
    for (let i = 0; i < 24 * 60 && ledgerOf(healer).every((e) => e.stage !== 'removed'); i++)
      await run(rig, healer, 1, 60_000, () => {
        peak = Math.max(peak, rig.percent('pd1/sp1'));
        for (const e of ledgerOf(healer)) seen.add(e.stage);
      });
    const l = ledgerOf(healer);
    const why = JSON.stringify(healer.status().pools[0]?.shrink);
    assert.equal(
      l.map((e) => e.stage),
      ['verified', 'removed'],
      `${JSON.stringify(l.map((e) => [e.id, e.stage, e.lastError]))} ${why}`,
    );
    for (const st of ['shrinkIntent', 'draining'])
      assert.ok(seen.has(st) || st === 'shrinkIntent', `went through ${st}`);
    rig.settle();
    assert.is(rig.devices('pd1/sp1'), 4, 'one device removed');
    const live = rig.volumes();
    assert.equal(
      live.map((v) => v.volumeId),
      [l[0]?.volume],
      'the newest volume is deleted, the other kept',
    );
    assert.ok(peak < 80 && grownPeak < 90, `peak ${peak} after the drain`);
    // Still low, with a device that could go: the daily cap (1) keeps it for the next 12 h.
    await run(rig, healer, 12 * 60, 60_000);
    assert.equal(
      ledgerOf(healer).map((e) => e.stage),
      ['verified', 'removed'],
      'daily cap',
    );
  });
});

test('a healer restarted at every shrink stage removes one device and deletes one volume', async () => {
  await withRig(async (rig) => {
    const config = healingConfig({ enabled: true, policy, shrink });
    const ports = shrinkPorts(rig);
    let healer = rig.healer(config, ports);
    const [a] = await appVolumes(rig);
    await growTwice(rig, healer);
    await rig.client.run(removeVolume(a as VolumeId));
    const stages: string[] = [];
    for (let i = 0; i < 24 * 60 && ledgerOf(healer).every((e) => e.stage !== 'removed'); i++) {
      await run(rig, healer, 1, 60_000);
      const st = ledgerOf(healer)
        .map((e) => e.stage)
        .find((s) => s !== 'verified');
      if (st !== undefined && stages.at(-1) !== st) {
        stages.push(st);
        healer = rig.healer(config, ports); // a new scheduler over the same ledger
      }
    }
    assert.ok(stages.includes('draining') && stages.at(-1) === 'removed', stages.join(' → '));
    rig.settle();
    assert.is(rig.devices('pd1/sp1'), 4);
    assert.is(rig.volumes().length, 1);
    const removes = rig.sio.requests().filter((q) => q.path.endsWith('/action/removeDevice'));
    assert.ok(
      removes.length >= 1 && removes.every((q) => q.status === 200),
      JSON.stringify(removes),
    );
  });
});

test('an operator drains a chosen device on demand; an unsafe drain is refused untouched', async () => {
  await withRig(async (rig) => {
    const config = healingConfig({ enabled: true, policy });
    const healer = rig.healer(config, shrinkPorts(rig));
    const [a] = await appVolumes(rig);
    await growTwice(rig, healer);
    const [first, second] = ledgerOf(healer);
    // Still full: without a device the pool would pass the clear threshold.
    const refused = await healer.drain(second?.id ?? '');
    assert.ok(!refused.ok && /clear threshold/.test(refused.error), JSON.stringify(refused));
    assert.is(rig.devices('pd1/sp1'), 5);
    await rig.client.run(removeVolume(a as VolumeId));
    await run(rig, healer, 1);
    const drained = await healer.drain(first?.id ?? '');
    assert.ok(drained.ok, JSON.stringify(drained));
    for (let i = 0; i < 60 && ledgerOf(healer)[0]?.stage !== 'removed'; i++)
      await run(rig, healer, 1);
    assert.equal(
      ledgerOf(healer).map((e) => e.stage),
      ['removed', 'verified'],
    );
    rig.settle();
    assert.equal(
      rig.volumes().map((v) => v.volumeId),
      [second?.volume],
    );
    assert.is(rig.devices('pd1/sp1'), 4);
    const again = await healer.drain('exp-99');
    assert.ok(!again.ok);
  });
});

test('dry run records the shrink and removes nothing; approval waits, then removes', async () => {
  await withRig(async (rig) => {
    const ports = shrinkPorts(rig);
    const dry = rig.healer(
      healingConfig({ enabled: true, policy, shrink: { ...shrink, dryRun: true } }),
      ports,
    );
    const [a] = await appVolumes(rig);
    await growTwice(rig, dry);
    await rig.client.run(removeVolume(a as VolumeId));
    await run(rig, dry, 120);
    const recorded = ledgerOf(dry);
    assert.equal(
      recorded.map((e) => [e.stage, e.shrinkDryRun ?? false]),
      [
        ['verified', false],
        ['verified', true],
      ],
    );
    assert.is(rig.devices('pd1/sp1'), 5, 'nothing removed');
    assert.is(rig.volumes().length, 2);
    // Approval mode, a day later (the dry run counted against the daily cap).
    const approving = rig.healer(
      healingConfig({ enabled: true, policy, shrink: { ...shrink, approval: true } }),
      ports,
    );
    await run(rig, approving, 24 * 60);
    const waiting = approving.status().awaitingApproval;
    assert.equal(
      waiting.map((e) => [e.id, e.stage]),
      [['exp-2', 'shrinkApproval']],
    );
    assert.is(rig.devices('pd1/sp1'), 5, 'nothing removed before the approval');
    const yes = await approving.approve('exp-2');
    assert.ok(yes.ok, JSON.stringify(yes));
    for (let i = 0; i < 60 && ledgerOf(approving)[1]?.stage !== 'removed'; i++)
      await run(rig, approving, 1);
    assert.equal(
      ledgerOf(approving).map((e) => e.stage),
      ['verified', 'removed'],
    );
    rig.settle();
    assert.is(rig.devices('pd1/sp1'), 4);
  });
});

test('the drain port never removes a device whose path is not the entry’s', async () => {
  await withRig(async (rig) => {
    const { drain } = shrinkPorts(rig);
    const pool = rig.sio.state().storagePools[0];
    const dev = rig.sio.state().devices[0];
    const ref = {
      key: 'pd1/sp1',
      id: pool?.id ?? '',
      name: 'sp1',
      protectionDomain: 'pd1',
      protectionDomainId: pool?.pdId ?? '',
    };
    const r = await drain.removeDevice(ref, dev?.id ?? '', '/dev/not-it');
    assert.ok(!r.ok && !r.retryable && /not ours to remove/.test(r.error), JSON.stringify(r));
    assert.is(
      rig.sio.requests().filter((q) => q.path.includes('removeDevice')).length,
      0,
      'no removal sent',
    );
  });
});

test.run();

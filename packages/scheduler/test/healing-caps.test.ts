/**
 * Caps, cooldown and the daily budget under a long fill: never more volumes than allowed, and
 * the status says which cap blocked.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fill, healingConfig, run, withRig } from './healing-harness.js';

const fixed100 = {
  triggerPercent: 80,
  clearPercent: 70,
  consecutiveSamples: 2,
  timeToFullMinutes: 0,
  maxSampleAgeMinutes: 30,
  step: { unit: 'gib', value: 100 },
  minStepGiB: 100,
  maxStepGiB: 100,
  minVolumeGiB: 100,
  maxVolumeGiB: 100,
};

test('a 30-hour fill: cooldown between expansions, daily budget, then the total cap', async () => {
  await withRig(async (rig) => {
    const policy = { ...fixed100, cooldownMinutes: 60, dailyBudgetGiB: 200, maxTotalGiB: 300 };
    const healer = rig.healer(healingConfig({ enabled: true, policy }));
    fill(rig, 'pd1/sp1', 1, 100); // 2 GiB raw per minute
    const blocked = new Set<string>();
    await run(rig, healer, 30 * 6, 10 * 60_000, () => {
      const b = healer.status().pools[0]?.blockedBy;
      if (b !== null && b !== undefined) blocked.add(b);
    });
    const s = healer.status();
    const real = s.recent.filter((e) => !e.dryRun).sort((a, b) => a.atMs - b.atMs);
    assert.is(real.length, 3, 'three volumes: two on day one, one more the next day');
    assert.ok(real.every((e) => e.stage === 'verified'));
    assert.is(rig.volumes().length, 3);
    assert.is(rig.devices('pd1/sp1'), 6);
    for (let i = 1; i < real.length; i++) {
      const gap = (real[i]?.atMs ?? 0) - (real[i - 1]?.atMs ?? 0);
      assert.ok(gap >= 60 * 60_000, `cooldown held: ${gap / 60_000} min`);
    }
    const day = 24 * 3_600_000;
    for (const e of real) {
      const inDay = real.filter((x) => x.atMs > e.atMs - day && x.atMs <= e.atMs);
      assert.ok(inDay.reduce((a, x) => a + x.sizeGiB, 0) <= 200, 'daily budget held');
    }
    assert.ok((real[2]?.atMs ?? 0) - (real[0]?.atMs ?? 0) >= day, 'third waited for the budget');
    assert.ok(blocked.has('dailyBudget'), `blocked by ${[...blocked].join(',')}`);
    assert.is(s.pools[0]?.blockedBy, 'totalCap');
    assert.match(s.pools[0]?.decision?.reason ?? '', /300 GiB total cap/);
    assert.is(s.totals.addedGiB, 300);
    assert.ok(
      s.events.some((e) => e.kind === 'decision' && e.details?.['why'] === 'dailyBudget'),
      'an event says the budget blocked',
    );
  });
});

test('per-node cap: one volume per node, then blocked by perNodeCap', async () => {
  await withRig(async (rig) => {
    const policy = {
      ...fixed100,
      cooldownMinutes: 10,
      maxVolumesPerNode: 1,
      dailyBudgetGiB: 10_000,
      maxTotalGiB: 10_000,
    };
    const healer = rig.healer(healingConfig({ enabled: true, policy }));
    fill(rig, 'pd1/sp1', 1, 100);
    await run(rig, healer, 6 * 8, 10 * 60_000);
    const s = healer.status();
    const nodes = s.recent.map((e) => e.node).sort();
    assert.is(nodes.length, 3);
    assert.is(new Set(nodes).size, 3, 'each node got exactly one');
    assert.is(rig.volumes().length, 3);
    assert.is(s.pools[0]?.blockedBy, 'perNodeCap');
  });
});

test.run();

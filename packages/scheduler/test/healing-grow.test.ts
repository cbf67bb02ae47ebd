/**
 * The pool that grows itself: scaleio-sim pools being written at a steady rate, the real AWS
 * provider against ec2-sim, and the healer deciding, creating, attaching, adding and verifying.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findLeaks } from '@scaleio-framework/capacity';
import { fill, healingConfig, run, withRig, twoDomains } from './healing-harness.js';

const policy = {
  triggerPercent: 80,
  clearPercent: 70,
  consecutiveSamples: 3,
  timeToFullMinutes: 0,
  cooldownMinutes: 10,
};

test('a filling pool grows before the hard limit and falls back under the clear threshold', async () => {
  await withRig(async (rig) => {
    const healer = rig.healer(healingConfig({ enabled: true, policy }));
    // 270 GiB raw usable (3 × 100 GiB, 10 % spare); 100 GiB user = 200 GiB raw = 74 %.
    fill(rig, 'pd1/sp1', 1, 100);
    let peak = 0;
    await run(rig, healer, 30, 60_000, () => {
      peak = Math.max(peak, rig.percent('pd1/sp1'));
    });
    const s = healer.status();
    const entries = [...s.recent, ...s.inFlight];
    assert.is(entries.length, 1, 'one expansion');
    const e = entries[0];
    assert.is(e?.stage, 'verified', `entry ${JSON.stringify(e)}`);
    assert.is(e?.sizeGiB, 100);
    assert.ok(peak < 90, `peak ${peak.toFixed(1)} % stayed under the hard limit`);
    assert.is(rig.devices('pd1/sp1'), 4, 'the new volume is a device of the pool');
    const vols = rig.volumes();
    assert.is(vols.length, 1);
    assert.is(vols[0]?.attachment?.instanceId, e?.node);
    assert.is(vols[0]?.volumeType, 'gp3');
    assert.is(vols[0]?.encrypted, true);
    const host = twoDomains[0]?.hosts.find((h) => h.instance === e?.node);
    assert.is(vols[0]?.availabilityZone, host?.zone, "created in the node's zone");
    // percent full right after the add is under the clear threshold (writes continue after).
    const pool = s.pools.find((p) => p.pool === 'pd1/sp1');
    assert.ok(pool !== undefined);
    const verifiedAt = e?.updatedAtMs ?? 0;
    assert.ok(pool.sampledAtMs >= verifiedAt);
    const owned = await rig.provider.listOwned();
    assert.is(owned._tag, 'Right');
    if (owned._tag === 'Right') assert.equal(findLeaks(owned.right, entries), []);
    // every decision change is an event with its numbers
    const d = s.events.find((x) => x.kind === 'decision' && x.details?.['tag'] === 'Expand');
    assert.ok(d?.facts !== undefined && d.facts.usedPercent >= 80, JSON.stringify(d));
    assert.ok(s.events.some((x) => x.kind === 'verified'));
  });
});

test('right after the add the pool is under the clear threshold', async () => {
  await withRig(async (rig) => {
    const healer = rig.healer(healingConfig({ enabled: true, policy }));
    fill(rig, 'pd1/sp1', 1, 100);
    let after: number | null = null;
    await run(rig, healer, 20, 60_000, () => {
      if (after === null && rig.devices('pd1/sp1') === 4) after = rig.percent('pd1/sp1');
    });
    assert.ok(after !== null, 'the pool got a device');
    assert.ok((after ?? 100) < 70, `percent full after the add ${after}`);
  });
});

test('several protection domains: each pool is handled on its own', async () => {
  await withRig(async (rig) => {
    const healer = rig.healer(healingConfig({ enabled: true, policy }));
    fill(rig, 'pd2/sp2', 1, 100); // only pd2/sp2 fills
    await run(rig, healer, 20);
    let s = healer.status();
    assert.equal(
      s.pools.map((p) => p.pool),
      ['pd1/sp1', 'pd2/sp2'],
    );
    const first = [...s.recent, ...s.inFlight];
    assert.equal(
      first.map((e) => [e.pool, e.stage]),
      [['pd2/sp2', 'verified']],
    );
    const pd2Nodes = twoDomains[1]?.hosts.map((h) => h.instance as string) ?? [];
    assert.ok(pd2Nodes.includes(first[0]?.node ?? ''), 'placed on a node of pd2');
    assert.is(rig.devices('pd1/sp1'), 3);
    assert.is(rig.devices('pd2/sp2'), 4);
    assert.is(s.pools.find((p) => p.pool === 'pd1/sp1')?.decision?.why, 'belowTrigger');
    // now pd1/sp1 fills too and grows independently
    fill(rig, 'pd1/sp1', 1, 100);
    fill(rig, 'pd2/sp2', 0);
    await run(rig, healer, 20);
    s = healer.status();
    assert.is(rig.devices('pd1/sp1'), 4);
    assert.is(rig.devices('pd2/sp2'), 4);
    const pd1 = [...s.recent].filter((e) => e.pool === 'pd1/sp1');
    assert.is(pd1.length, 1);
    assert.is(pd1[0]?.stage, 'verified');
    assert.is(rig.volumes().length, 2);
  }, twoDomains);
});

test.run();

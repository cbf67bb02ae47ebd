/**
 * A rollback resumed by a restarted scheduler while the volume's attachment is in transition (the
 * previous process died mid-detach, or mid-attach): the contract view shows no attachment then,
 * yet EC2 refuses the delete. The rollback must finish the detach (or wait for the attach to
 * settle), then delete: `rolledBack`, never `failed`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deriveIdempotencyKey, type NodeId, type PositiveInt } from '@scaleio-framework/capacity';
import { putEntry, type HealingEntry } from '@scaleio-framework/healing';
import { cluster, healingConfig, run, withRig, twoDomains, type Rig } from './healing-harness.js';

const policy = { triggerPercent: 80, clearPercent: 70, consecutiveSamples: 3 };
const host = twoDomains[0]?.hosts[0];
if (host === undefined) throw new Error('the rig has no host');
const node = host.instance as NodeId;

const ec2 = async (rig: Rig, params: Record<string, string>) => {
  const r = await fetch(rig.ec2.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...params, Version: '2016-11-15' }).toString(),
  });
  assert.is(r.status, 200, await r.text());
};

/** A volume of the rig's first node, and a ledger entry rolling it back. */
const rollingBack = async (rig: Rig, seq: number) => {
  const key = deriveIdempotencyKey({ cluster, pool: 'pd1/sp1', node, seq });
  const v = await rig.provider.provision({
    key,
    node,
    spec: { sizeGiB: 100 as PositiveInt, volumeType: 'gp3', encrypted: true },
    tags: {},
  });
  if (v._tag === 'Left') throw new Error(JSON.stringify(v.left));
  const entry: HealingEntry = {
    id: `exp-${seq}`,
    seq,
    expansion: seq,
    pool: 'pd1/sp1',
    poolId: rig.pools.get('pd1/sp1') ?? '',
    protectionDomainId: 'pd1',
    node,
    sizeGiB: 100,
    atMs: rig.clock.now(),
    updatedAtMs: rig.clock.now(),
    stage: 'rollingBack',
    state: 'inProgress',
    dryRun: false,
    attempts: 0,
    key,
    volume: v.right.id,
    failedStage: 'created',
    reason: 'created failed: attach: Unauthorized',
  };
  const w = await rig.ports.ledger.update((l) => putEntry(l, entry));
  assert.ok(w.ok);
  return entry;
};

const stageOf = async (rig: Rig, id: string) => {
  const l = await rig.ports.ledger.read();
  return l.ok ? l.value.entries.find((e) => e.id === id) : undefined;
};

test('killed mid-detach: the restarted rollback finishes the detach and deletes', async () => {
  await withRig(async (rig) => {
    const e = await rollingBack(rig, 1);
    const a = await rig.provider.attach(e.volume as never, node);
    assert.is(a._tag, 'Right');
    // The dead scheduler's DetachVolume: the attachment stays `detaching` until the clock moves.
    await ec2(rig, { Action: 'DetachVolume', VolumeId: e.volume ?? '' });
    assert.is(rig.volumes()[0]?.attachment?.state, 'detaching');
    const healer = rig.healer(healingConfig({ enabled: true, policy }));
    await healer.tick();
    const done = await stageOf(rig, e.id);
    assert.is(done?.stage, 'rolledBack', JSON.stringify(done));
    rig.settle();
    assert.equal(rig.volumes(), [], 'detached and deleted');
  });
});

test('killed mid-attach: the rollback waits for the attachment, then detaches and deletes', async () => {
  await withRig(async (rig) => {
    const e = await rollingBack(rig, 1);
    // The dead scheduler's AttachVolume: `attaching` until the clock moves.
    await ec2(rig, {
      Action: 'AttachVolume',
      VolumeId: e.volume ?? '',
      InstanceId: node,
      Device: '/dev/sdf',
    });
    assert.is(rig.volumes()[0]?.attachment?.state, 'attaching');
    const healer = rig.healer(healingConfig({ enabled: true, policy }));
    await healer.tick();
    const waiting = await stageOf(rig, e.id);
    assert.is(waiting?.stage, 'rollingBack', 'waits while attaching');
    assert.is(waiting?.attempts, 1);
    assert.match(waiting?.lastError ?? '', /still attaching/);
    await run(rig, healer, 2);
    const done = await stageOf(rig, e.id);
    assert.is(done?.stage, 'rolledBack', JSON.stringify(done));
    rig.settle();
    assert.equal(rig.volumes(), [], 'detached and deleted');
    const leaks = await healer.reportLeaks();
    assert.equal(leaks.ok ? leaks.value : leaks.error, []);
  });
});

test.run();

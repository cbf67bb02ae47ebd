// The GCE provider against gce-sim beyond the shared contract: quota as LimitExceeded, a full node
// refused before any attachDisk, rate limits retried, the caller's tags kept, the stable guest
// path, and no access token in any error.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  deriveIdempotencyKey,
  type ClusterId,
  type NodeId,
  type PositiveInt,
} from '@scaleio-framework/capacity';
import { simWithProvider } from './helpers.js';

const Z = 'us-central1-a';
const req = (cluster: string, node: string, seq: number, sizeGiB = 10) => ({
  key: deriveIdempotencyKey({
    cluster: cluster as ClusterId,
    pool: 'pd1/sp1',
    node: node as NodeId,
    seq,
  }),
  node: node as NodeId,
  spec: { sizeGiB: sizeGiB as PositiveInt, volumeType: 'pd-balanced', encrypted: true },
  tags: { pool: 'pd1/sp1' },
});

test('quota exceeded is LimitExceeded(quota), and no disk is left; a full node is refused before any call', async () => {
  const { sim, provider } = await simWithProvider({
    quotaGb: { SSD_TOTAL_GB: 100 },
    instances: [
      { name: 'sds-1', zone: Z, machineType: 'n2-standard-4' },
      { name: 'sds-full', zone: Z, machineType: 'e2-micro', dataDisks: 15 },
    ],
  });
  try {
    const p = provider('c1');
    const r = await p.provision(req('c1', 'sds-1', 1, 500));
    assert.ok(
      r._tag === 'Left' && r.left._tag === 'LimitExceeded' && r.left.limit === 'quota',
      JSON.stringify(r),
    );
    assert.equal(
      sim.disks().filter((d) => d.labels['scaleio-framework-cluster'] === 'c1'),
      [],
    );
    const v = await p.provision(req('c1', 'sds-full', 2));
    assert.is(v._tag, 'Right');
    if (v._tag !== 'Right') return;
    const before = sim.calls().length;
    const a = await p.attach(v.right.id, 'sds-full' as NodeId);
    assert.ok(
      a._tag === 'Left' && a.left._tag === 'LimitExceeded' && a.left.limit === 'attachments',
    );
    assert.not.ok(sim.calls().slice(before).includes('instances.attachDisk'), 'no attachDisk sent');
  } finally {
    await sim.stop();
  }
});

test('rate limits are retried; tags survive; the guest path is the google- link; no token in errors', async () => {
  const { sim, provider } = await simWithProvider({
    instances: [{ name: 'sds-1', zone: Z, machineType: 'n2-standard-4' }],
  });
  try {
    const p = provider('c2');
    sim.throttle(2, 'disks.insert');
    const v = await p.provision(req('c2', 'sds-1', 1));
    assert.is(v._tag, 'Right', JSON.stringify(v));
    if (v._tag !== 'Right') return;
    assert.is(sim.calls().filter((c) => c === 'disks.insert').length, 3, '2 throttled + 1');
    assert.is(v.right.tags['pool'], 'pd1/sp1', 'a tag that is no valid label value is kept');
    assert.is(sim.disks().filter((d) => d.labels['scaleio-framework-cluster'] === 'c2').length, 1);
    const a = await p.attach(v.right.id, 'sds-1' as NodeId);
    assert.is(a._tag, 'Right');
    if (a._tag === 'Right')
      assert.is(a.right.guestPaths[0], `/dev/disk/by-id/google-${a.right.deviceName}`);
    sim.failNext({
      status: 403,
      reason: 'forbidden',
      message: "Required 'compute.disks.delete' permission",
      method: 'disks.get',
      count: 6,
    });
    const e = await p.delete(v.right.id);
    assert.ok(e._tag === 'Left' && e.left._tag === 'Unauthorized', JSON.stringify(e));
    if (e._tag === 'Left') assert.not.match(e.left.message, /ya29|Bearer/);
  } finally {
    await sim.stop();
  }
});

test.run();

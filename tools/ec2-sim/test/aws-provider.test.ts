/**
 * The AWS provider and EBS library with the real SDK against ec2-sim over loopback: behaviour
 * beyond the shared contract suite (device-name conflicts, DeleteOnTermination policy, throttling,
 * asynchronous KMS failure, stuck attachments, crash mid-wait, IMDSv2, secrets).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js';
import {
  deriveIdempotencyKey,
  type ClusterId,
  type NodeId,
  type PositiveInt,
  type ProviderError,
} from '@scaleio-framework/capacity';
import {
  awsCapacityProvider,
  imdsClient,
  type AwsProviderOptions,
} from '@scaleio-framework/aws-volumes';
import {
  manualClock,
  startEc2Sim,
  type AttachmentEvent,
  type Ec2SimOptions,
} from '../src/index.js';
import { localEc2 } from './helpers.js';

const node = 'i-0e0000000000000a1' as NodeId;
const cluster = 'prov-test' as ClusterId;
const spec = { sizeGiB: 50 as PositiveInt, volumeType: 'gp3', encrypted: true };

const ok = <A>(e: Either<ProviderError, A>, step: string): A => {
  if (isLeft(e)) throw new Error(`${step}: ${e.left._tag}: ${e.left.message}`);
  return e.right;
};

/** A sim on a manual clock and a provider whose sleeps advance that clock. */
const setup = async (
  simOpts: Partial<Ec2SimOptions> = {},
  provOpts: Partial<AwsProviderOptions> = {},
) => {
  const clock = manualClock();
  const events: AttachmentEvent[] = [];
  const sim = await startEc2Sim({
    now: clock.now,
    timings: { createMs: 4000, attachMs: 6000, detachMs: 2000, deleteMs: 1000 },
    instances: [
      {
        instanceId: node,
        availabilityZone: 'us-east-1a',
        instanceType: 'm5.large',
        hiddenDevices: ['/dev/sdf', '/dev/sdg'],
      },
    ],
    onAttachment: (e) => events.push(e),
    ...simOpts,
  });
  const client = localEc2(sim.url, 1);
  const timing = {
    now: clock.now,
    sleep: async (ms: number) => clock.advance(ms),
    random: () => 0.5,
  };
  const make = (extra: Partial<AwsProviderOptions> = {}) =>
    awsCapacityProvider({ cluster, client, timing, ...provOpts, ...extra });
  return {
    sim,
    clock,
    events,
    make,
    provider: make(),
    key: (seq: number) => deriveIdempotencyKey({ cluster, pool: 'pd/sp', node, seq }),
    close: async () => {
      client.destroy();
      await sim.stop();
    },
  };
};

test('a device name that EC2 says is taken is skipped; the hook reports the attachment', async () => {
  const s = await setup();
  try {
    const v = ok(await s.provider.provision({ key: s.key(1), node, spec, tags: {} }), 'provision');
    const a = ok(await s.provider.attach(v.id, node), 'attach');
    assert.is(a.deviceName, '/dev/sdh', 'sdf and sdg were hidden-taken, sdh is next');
    assert.is(
      a.guestPaths[0],
      `/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${v.id.replace('-', '')}`,
    );
    assert.equal(s.events, [
      { instanceId: node, volumeId: v.id, device: '/dev/sdh', sizeGiB: 50, state: 'attached' },
    ]);
    const mine = s.sim.volumes().find((x) => x.volumeId === v.id);
    assert.is(mine?.attachment?.deleteOnTermination, true, 'DeleteOnTermination on by default');
    assert.is(mine?.encrypted, true);
    assert.is(mine?.volumeType, 'gp3');
    assert.is(mine?.availabilityZone, 'us-east-1a');
    assert.equal(s.sim.calls().filter((c) => c === 'AttachVolume').length, 3);
  } finally {
    await s.close();
  }
});

test('DeleteOnTermination false when configured; KMS key and IOPS/throughput reach EC2', async () => {
  const s = await setup({}, { deleteOnTermination: false });
  try {
    const v = ok(
      await s.provider.provision({
        key: s.key(2),
        node,
        spec: {
          ...spec,
          iops: 6000 as PositiveInt,
          throughputMiBps: 500 as PositiveInt,
          kmsKeyId: 'arn:aws:kms:us-east-1:1:key/k1',
        },
        tags: {},
      }),
      'provision',
    );
    ok(await s.provider.attach(v.id, node), 'attach');
    const mine = s.sim.volumes().find((x) => x.volumeId === v.id);
    assert.is(mine?.attachment?.deleteOnTermination, false);
    assert.is(mine?.kmsKeyId, 'arn:aws:kms:us-east-1:1:key/k1');
    assert.is(mine?.iops, 6000);
    assert.is(mine?.throughput, 500);
    assert.not.ok(s.sim.calls().includes('ModifyInstanceAttribute'));
  } finally {
    await s.close();
  }
});

test('throttling is retried with backoff by the provider (SDK retries off)', async () => {
  const s = await setup();
  try {
    s.sim.throttle(3, 'CreateVolume');
    const t0 = s.clock.now();
    const v = await s.provider.provision({ key: s.key(3), node, spec, tags: {} });
    assert.ok(isRight(v));
    assert.is(s.sim.calls().filter((c) => c === 'CreateVolume').length, 4);
    assert.ok(s.clock.now() - t0 >= 250 + 500 + 1000, 'backed off on the injected clock');
    s.sim.throttle(100);
    const r = await s.provider.describeNode(node);
    assert.ok(
      isLeft(r) && r.left._tag === 'Throttled',
      'gives up with Throttled after its attempts',
    );
  } finally {
    await s.close();
  }
});

test('a KMS key that fails asynchronously ends the wait with an error, not a timeout', async () => {
  const s = await setup({ failingKmsKeys: ['alias/broken'] });
  try {
    const r = await s.provider.provision({
      key: s.key(4),
      node,
      spec: { ...spec, kmsKeyId: 'alias/broken' },
      tags: {},
    });
    assert.ok(isLeft(r) && r.left._tag === 'IncorrectState', isLeft(r) ? r.left._tag : 'ok');
    const again = await s.provider.provision({
      key: s.key(4),
      node,
      spec: { ...spec, kmsKeyId: 'alias/broken' },
      tags: {},
    });
    assert.ok(isLeft(again) && again.left._tag === 'IncorrectState', 'the key is burned');
  } finally {
    await s.close();
  }
});

test('a stuck attachment is a bounded Timeout; a replay finishes it without a second attach', async () => {
  const s = await setup(
    { timings: { createMs: 10, attachMs: 600_000, detachMs: 10, deleteMs: 10 } },
    { attachTimeoutMs: 60_000 },
  );
  try {
    const v = ok(await s.provider.provision({ key: s.key(5), node, spec, tags: {} }), 'provision');
    const t0 = s.clock.now();
    const r = await s.provider.attach(v.id, node);
    assert.ok(isLeft(r) && r.left._tag === 'Timeout');
    assert.ok(s.clock.now() - t0 < 80_000, 'bounded');
    s.clock.advance(600_000);
    const again = ok(await s.make().attach(v.id, node), 'replayed attach');
    assert.is(again.deviceName, '/dev/sdh');
    assert.is(
      s.sim.calls().filter((c) => c === 'AttachVolume').length,
      3,
      'no AttachVolume on replay',
    );
  } finally {
    await s.close();
  }
});

test('crash while waiting for available, then replay: exactly one volume, attached once', async () => {
  const s = await setup({}, { availableTimeoutMs: 1000 });
  try {
    const req = { key: s.key(6), node, spec, tags: {} };
    const first = await s.provider.provision(req);
    assert.ok(isLeft(first) && first.left._tag === 'Timeout', 'the first run died mid-wait');
    const replay = s.make({ availableTimeoutMs: 60_000 });
    const v = ok(await replay.provision(req), 'replayed provision');
    ok(await replay.attach(v.id, node), 'attach');
    ok(await s.make().attach(v.id, node), 'attach replayed again');
    const vols = s.sim.volumes().filter((x) => x.tags['scaleio-framework-key'] === req.key);
    assert.is(vols.length, 1);
    assert.is(vols[0]?.attachment?.state, 'attached');
    assert.is(
      s.sim.calls().filter((c) => c === 'CreateVolume').length,
      1,
      'the tag lookup found it: one CreateVolume',
    );
  } finally {
    await s.close();
  }
});

test('IMDSv2 client against the simulated instance metadata', async () => {
  const s = await setup();
  try {
    const c = imdsClient({ endpoint: s.sim.imdsUrl(node), now: s.clock.now });
    const id = await c.identity();
    assert.ok(
      isRight(id) && id.right.instanceId === node && id.right.availabilityZone === 'us-east-1a',
    );
    const az = await c.get('meta-data/placement/availability-zone');
    assert.ok(isRight(az) && az.right === 'us-east-1a');
    const unknown = await imdsClient({ endpoint: s.sim.imdsUrl('i-nope') }).identity();
    assert.ok(isLeft(unknown) && unknown.left._tag === 'Imds');
  } finally {
    await s.close();
  }
});

test('explicit credentials never appear in errors', async () => {
  const secret = 'PLANTED-SECRET-wJalrXUtnFEMI-K7MDENG';
  const s = await setup();
  try {
    const p = awsCapacityProvider({
      cluster,
      endpoint: s.sim.url,
      region: 'us-east-1',
      credentials: {
        accessKeyId: 'AKIAPLANTED',
        secretAccessKey: secret,
        sessionToken: `${secret}-token`,
      },
      maxAttempts: 2,
      timing: { now: s.clock.now, sleep: async (ms) => s.clock.advance(ms), random: () => 0.5 },
    });
    s.sim.throttle(10);
    const outs: unknown[] = [
      await p.describeNode(node),
      await p.describe('vol-0000000000000000' as never),
    ];
    const bad = await p.provision({ key: s.key(7), node: 'i-missing' as NodeId, spec, tags: {} });
    outs.push(bad);
    const text = JSON.stringify(outs);
    assert.not.ok(text.includes(secret) || text.includes('AKIAPLANTED'));
    assert.ok(outs.every((o) => isLeft(o as Either<unknown, unknown>)));
  } finally {
    await s.close();
  }
});

test('a key whose volume was deleted is burned: re-provisioning says so at once', async () => {
  const s = await setup();
  try {
    const req = { key: s.key(8), node, spec, tags: {} };
    const v = ok(await s.provider.provision(req), 'provision');
    ok(await s.provider.delete(v.id), 'delete');
    const t0 = s.clock.now();
    const again = await s.provider.provision(req);
    assert.ok(
      isLeft(again) && again.left._tag === 'IncorrectState',
      isLeft(again) ? again.left._tag : 'ok',
    );
    assert.ok(s.clock.now() - t0 < 1000, 'no wait');
    const same = s.sim.volumes().filter((x) => x.tags['scaleio-framework-key'] === req.key);
    assert.equal(
      same.map((x) => x.state),
      ['deleting'],
      'only the deleted one, no new volume',
    );
  } finally {
    await s.close();
  }
});

test.run();

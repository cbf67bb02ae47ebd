import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  type _InstanceType,
  AttachVolumeCommand,
  CreateVolumeCommand,
  DeleteVolumeCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  DescribeVolumesCommand,
  DetachVolumeCommand,
  ModifyInstanceAttributeCommand,
  CreateTagsCommand,
} from '@aws-sdk/client-ec2';
import { manualClock, packageName, startEc2Sim, type AttachmentEvent } from '../src/index.js';
import { localEc2 } from './helpers.js';

const inst = {
  instanceId: 'i-0aaa000000000001',
  availabilityZone: 'us-east-1a',
  instanceType: 'm5.large',
};

const errName = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    return (e as Error).name;
  }
  return 'no error';
};

test('exports its package name', () => {
  assert.is(packageName, '@scaleio-framework/ec2-sim');
});

test('volume lifecycle follows the clock: creating -> available -> attaching -> attached -> detached -> gone', async () => {
  const clock = manualClock();
  const events: AttachmentEvent[] = [];
  const sim = await startEc2Sim({
    instances: [inst],
    now: clock.now,
    timings: { createMs: 1000, attachMs: 2000, detachMs: 500, deleteMs: 300 },
    onAttachment: (e) => events.push(e),
  });
  const ec2 = localEc2(sim.url);
  try {
    const c = await ec2.send(
      new CreateVolumeCommand({
        AvailabilityZone: 'us-east-1a',
        Size: 100,
        VolumeType: 'gp3',
        Iops: 4000,
        Throughput: 250,
        Encrypted: true,
        TagSpecifications: [
          { ResourceType: 'volume', Tags: [{ Key: 'sds:pool', Value: 'pool1' }] },
        ],
        ClientToken: 'tok-1',
      }),
    );
    assert.is(c.State, 'creating');
    assert.is(c.Size, 100);
    assert.is(c.Iops, 4000);
    assert.is(c.Throughput, 250);
    assert.is(c.Encrypted, true);
    assert.equal(c.Tags, [{ Key: 'sds:pool', Value: 'pool1' }]);
    assert.ok(c.CreateTime instanceof Date);
    assert.ok(c.$metadata.requestId);
    const id = c.VolumeId ?? '';
    assert.match(id, /^vol-[0-9a-f]{17}$/);
    const state = async () =>
      (await ec2.send(new DescribeVolumesCommand({ VolumeIds: [id] }))).Volumes?.[0];
    assert.is((await state())?.State, 'creating');
    assert.is(
      await errName(
        ec2.send(
          new AttachVolumeCommand({
            VolumeId: id,
            InstanceId: inst.instanceId,
            Device: '/dev/sdf',
          }),
        ),
      ),
      'IncorrectState',
    );
    clock.advance(1000);
    assert.is((await state())?.State, 'available');
    const a = await ec2.send(
      new AttachVolumeCommand({ VolumeId: id, InstanceId: inst.instanceId, Device: '/dev/sdf' }),
    );
    assert.is(a.State, 'attaching');
    assert.is((await state())?.Attachments?.[0]?.State, 'attaching');
    assert.is(events.length, 0);
    clock.advance(2000);
    const v = await state();
    assert.is(v?.State, 'in-use');
    assert.is(v?.Attachments?.[0]?.State, 'attached');
    assert.is(v?.Attachments?.[0]?.Device, '/dev/sdf');
    assert.is(v?.Attachments?.[0]?.DeleteOnTermination, false);
    assert.equal(events, [
      {
        instanceId: inst.instanceId,
        volumeId: id,
        device: '/dev/sdf',
        sizeGiB: 100,
        state: 'attached',
      },
    ]);
    await ec2.send(
      new ModifyInstanceAttributeCommand({
        InstanceId: inst.instanceId,
        BlockDeviceMappings: [
          { DeviceName: '/dev/sdf', Ebs: { VolumeId: id, DeleteOnTermination: true } },
        ],
      }),
    );
    const di = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [inst.instanceId] }));
    const i0 = di.Reservations?.[0]?.Instances?.[0];
    assert.is(i0?.Placement?.AvailabilityZone, 'us-east-1a');
    assert.is(i0?.InstanceType, 'm5.large');
    assert.equal(
      i0?.BlockDeviceMappings?.map((b) => [
        b.DeviceName,
        b.Ebs?.Status,
        b.Ebs?.DeleteOnTermination,
      ]),
      [
        ['/dev/xvda', 'attached', true],
        ['/dev/sdf', 'attached', true],
      ],
    );
    assert.is(await errName(ec2.send(new DeleteVolumeCommand({ VolumeId: id }))), 'VolumeInUse');
    const d = await ec2.send(
      new DetachVolumeCommand({ VolumeId: id, InstanceId: inst.instanceId }),
    );
    assert.is(d.State, 'detaching');
    clock.advance(500);
    assert.is((await state())?.State, 'available');
    assert.is(events[1]?.state, 'detached');
    await ec2.send(new DeleteVolumeCommand({ VolumeId: id }));
    assert.is((await state())?.State, 'deleting');
    clock.advance(300);
    assert.is(await errName(state()), 'InvalidVolume.NotFound');
  } finally {
    ec2.destroy();
    await sim.stop();
  }
});

test('ClientToken: same parameters give the same volume, other parameters IdempotentParameterMismatch', async () => {
  const sim = await startEc2Sim({ instances: [inst] });
  const ec2 = localEc2(sim.url);
  try {
    const req = {
      AvailabilityZone: 'us-east-1a',
      Size: 10,
      VolumeType: 'gp3' as const,
      ClientToken: 'abc',
    };
    const a = await ec2.send(new CreateVolumeCommand(req));
    const b = await ec2.send(new CreateVolumeCommand(req));
    assert.is(b.VolumeId, a.VolumeId);
    assert.is(
      await errName(ec2.send(new CreateVolumeCommand({ ...req, Size: 11 }))),
      'IdempotentParameterMismatch',
    );
    assert.is(sim.volumes().filter((v) => v.volumeType === 'gp3' && v.sizeGiB !== 8).length, 1);
  } finally {
    ec2.destroy();
    await sim.stop();
  }
});

test('attach errors: zone mismatch, device in use (shown or hidden), invalid name, attachment limit', async () => {
  const sim = await startEc2Sim({
    instances: [
      { ...inst, hiddenDevices: ['/dev/sdg'] },
      { instanceId: 'i-0bbb000000000002', availabilityZone: 'us-east-1b', instanceType: 'tiny' },
    ],
    instanceTypes: {
      tiny: { maximumEbsAttachments: 2, attachmentLimitType: 'dedicated', nvmeSupport: 'required' },
    },
    timings: { createMs: 0, attachMs: 0, detachMs: 0, deleteMs: 0 },
  });
  const ec2 = localEc2(sim.url);
  try {
    const mk = async (az: string) =>
      (
        await ec2.send(
          new CreateVolumeCommand({ AvailabilityZone: az, Size: 1, VolumeType: 'gp3' }),
        )
      ).VolumeId ?? '';
    const [v1, v2, v3, v4] = [
      await mk('us-east-1a'),
      await mk('us-east-1a'),
      await mk('us-east-1b'),
      await mk('us-east-1b'),
    ];
    const attach = (v: string, i: string, d: string) =>
      ec2.send(new AttachVolumeCommand({ VolumeId: v, InstanceId: i, Device: d }));
    assert.is(
      await errName(attach(v1, 'i-0bbb000000000002', '/dev/sdf')),
      'InvalidVolume.ZoneMismatch',
    );
    assert.is(await errName(attach(v1, inst.instanceId, 'bogus')), 'InvalidParameterValue');
    assert.is(await errName(attach(v1, inst.instanceId, '/dev/xvda')), 'InvalidParameterValue');
    assert.is(await errName(attach(v1, inst.instanceId, '/dev/sdg')), 'InvalidParameterValue');
    await attach(v1, inst.instanceId, '/dev/sdf');
    try {
      await attach(v2, inst.instanceId, '/dev/xvdf');
      assert.unreachable('same slot accepted');
    } catch (e) {
      assert.match((e as Error).message, /already in use/);
    }
    assert.is(await errName(attach(v2, 'i-nope', '/dev/sdh')), 'InvalidInstanceID.NotFound');
    await attach(v3, 'i-0bbb000000000002', '/dev/sdf');
    assert.is(
      await errName(attach(v4, 'i-0bbb000000000002', '/dev/sdh')),
      'AttachmentLimitExceeded',
    );
    const t = await ec2.send(
      new DescribeInstanceTypesCommand({
        InstanceTypes: ['tiny', 'm7i.large'] as string[] as _InstanceType[],
      }),
    );
    assert.equal(
      t.InstanceTypes?.map((x) => [
        x.InstanceType,
        x.EbsInfo?.MaximumEbsAttachments,
        x.EbsInfo?.AttachmentLimitType,
      ]),
      [
        ['tiny', 2, 'dedicated'],
        ['m7i.large', 32, 'dedicated'],
      ],
    );
    assert.is(
      await errName(
        ec2.send(
          new DescribeInstanceTypesCommand({
            InstanceTypes: ['x9.huge'] as string[] as _InstanceType[],
          }),
        ),
      ),
      'InvalidInstanceType',
    );
  } finally {
    ec2.destroy();
    await sim.stop();
  }
});

test('DescribeVolumes filters: tags, attachment, status, wildcards, pagination', async () => {
  const sim = await startEc2Sim({
    instances: [inst],
    timings: { createMs: 0, attachMs: 0, detachMs: 0, deleteMs: 0 },
  });
  const ec2 = localEc2(sim.url);
  try {
    const ids: string[] = [];
    for (let n = 0; n < 7; n++) {
      const c = await ec2.send(
        new CreateVolumeCommand({
          AvailabilityZone: 'us-east-1a',
          Size: 5 + n,
          VolumeType: 'gp3',
          TagSpecifications: [
            {
              ResourceType: 'volume',
              Tags: [{ Key: 'pool', Value: n % 2 === 0 ? 'even' : 'odd' }],
            },
          ],
        }),
      );
      ids.push(c.VolumeId ?? '');
    }
    await ec2.send(
      new CreateTagsCommand({ Resources: [ids[0] ?? ''], Tags: [{ Key: 'extra', Value: 'yes' }] }),
    );
    await ec2.send(
      new AttachVolumeCommand({
        VolumeId: ids[1],
        InstanceId: inst.instanceId,
        Device: '/dev/sdf',
      }),
    );
    const q = async (Filters: { Name: string; Values: string[] }[]) =>
      ((await ec2.send(new DescribeVolumesCommand({ Filters }))).Volumes ?? [])
        .map((v) => v.VolumeId)
        .sort();
    assert.equal(
      await q([{ Name: 'tag:pool', Values: ['even'] }]),
      [ids[0], ids[2], ids[4], ids[6]].sort(),
    );
    assert.equal(
      await q([
        { Name: 'tag:pool', Values: ['ev*'] },
        { Name: 'size', Values: ['5', '7'] },
      ]),
      [ids[0], ids[2]].sort(),
    );
    assert.equal(await q([{ Name: 'tag-key', Values: ['extra'] }]), [ids[0]]);
    assert.equal(
      await q([
        { Name: 'attachment.instance-id', Values: [inst.instanceId] },
        { Name: 'tag-key', Values: ['pool'] },
      ]),
      [ids[1]],
    );
    assert.equal((await q([{ Name: 'status', Values: ['available'] }])).length, 6);
    assert.is(await errName(q([{ Name: 'nonsense', Values: ['x'] }])), 'InvalidParameterValue');
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await ec2.send(
        new DescribeVolumesCommand({
          Filters: [{ Name: 'tag-key', Values: ['pool'] }],
          MaxResults: 5,
          ...(token ? { NextToken: token } : {}),
        }),
      );
      seen.push(...(r.Volumes ?? []).map((v) => v.VolumeId ?? ''));
      token = r.NextToken;
      pages++;
    } while (token);
    assert.is(pages, 2);
    assert.equal(seen.sort(), [...ids].sort());
  } finally {
    ec2.destroy();
    await sim.stop();
  }
});

test('throttling on demand is retried by the SDK; failNext scripts an error', async () => {
  const sim = await startEc2Sim({ instances: [inst] });
  const ec2 = localEc2(sim.url, 4);
  try {
    sim.throttle(2, 'DescribeInstances');
    const r = await ec2.send(new DescribeInstancesCommand({}));
    assert.is(r.$metadata.attempts, 3);
    assert.equal(sim.calls(), ['DescribeInstances', 'DescribeInstances', 'DescribeInstances']);
    sim.throttle(1);
    const once = localEc2(sim.url, 1);
    assert.is(await errName(once.send(new DescribeInstancesCommand({}))), 'RequestLimitExceeded');
    once.destroy();
    sim.failNext({ action: 'CreateVolume', code: 'VolumeLimitExceeded', message: 'quota' });
    assert.is(
      await errName(
        ec2.send(
          new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1, VolumeType: 'gp3' }),
        ),
      ),
      'VolumeLimitExceeded',
    );
  } finally {
    ec2.destroy();
    await sim.stop();
  }
});

test('CreateVolume validation: zone, gp3 limits, KMS without encryption, DryRun', async () => {
  const sim = await startEc2Sim({ instances: [inst] });
  const ec2 = localEc2(sim.url);
  try {
    const cv = (x: Partial<ConstructorParameters<typeof CreateVolumeCommand>[0]>) =>
      errName(
        ec2.send(
          new CreateVolumeCommand({
            AvailabilityZone: 'us-east-1a',
            Size: 10,
            VolumeType: 'gp3',
            ...x,
          }),
        ),
      );
    assert.is(await cv({ AvailabilityZone: 'us-east-1z' }), 'InvalidParameterValue');
    assert.is(await cv({ Size: 70000 }), 'InvalidParameterValue');
    assert.is(await cv({ Iops: 90000, Size: 1000 }), 'InvalidParameterValue');
    assert.is(await cv({ Throughput: 2500 }), 'InvalidParameterValue');
    assert.is(await cv({ KmsKeyId: 'alias/x' }), 'InvalidParameterDependency');
    assert.is(await cv({ DryRun: true }), 'DryRunOperation');
    assert.is(sim.volumes().length, 1);
  } finally {
    ec2.destroy();
    await sim.stop();
  }
});

test('terminating an instance deletes DeleteOnTermination volumes and detaches the others', async () => {
  const events: AttachmentEvent[] = [];
  const sim = await startEc2Sim({
    instances: [inst],
    timings: { createMs: 0, attachMs: 0, detachMs: 0, deleteMs: 0 },
    onAttachment: (e) => events.push(e),
  });
  const ec2 = localEc2(sim.url);
  try {
    const mk = async () =>
      (
        await ec2.send(
          new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 2, VolumeType: 'gp3' }),
        )
      ).VolumeId ?? '';
    const keep = await mk();
    const drop = await mk();
    await ec2.send(
      new AttachVolumeCommand({ VolumeId: keep, InstanceId: inst.instanceId, Device: '/dev/sdf' }),
    );
    await ec2.send(
      new AttachVolumeCommand({ VolumeId: drop, InstanceId: inst.instanceId, Device: '/dev/sdg' }),
    );
    await ec2.send(
      new ModifyInstanceAttributeCommand({
        InstanceId: inst.instanceId,
        BlockDeviceMappings: [
          { DeviceName: '/dev/sdg', Ebs: { VolumeId: drop, DeleteOnTermination: true } },
        ],
      }),
    );
    assert.ok(sim.terminateInstance(inst.instanceId));
    assert.not.ok(sim.terminateInstance(inst.instanceId));
    sim.tick();
    const left = sim.volumes();
    assert.equal(
      left.map((v) => [v.volumeId, v.state, v.attachment]),
      [[keep, 'available', undefined]],
    );
    const detached = events.filter((e) => e.state === 'detached').map((e) => e.volumeId);
    assert.ok(detached.includes(keep) && detached.includes(drop));
    assert.is(
      events.filter((e) => e.state === 'detached').length,
      3,
      'root, keep and drop detached',
    );
    assert.is(
      await errName(ec2.send(new DescribeInstancesCommand({ InstanceIds: [inst.instanceId] }))),
      'InvalidInstanceID.NotFound',
    );
  } finally {
    ec2.destroy();
    await sim.stop();
  }
});

test.run();

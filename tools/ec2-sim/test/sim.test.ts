import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as sdk from '@aws-sdk/client-ec2';
import { manualClock, packageName, startEc2Sim, type AttachmentEvent } from '../src/index.js';
import { errName, inst, localEc2 } from './helpers.js';

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
      new sdk.CreateVolumeCommand({
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
      (await ec2.send(new sdk.DescribeVolumesCommand({ VolumeIds: [id] }))).Volumes?.[0];
    assert.is((await state())?.State, 'creating');
    assert.is(
      await errName(
        ec2.send(
          new sdk.AttachVolumeCommand({
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
      new sdk.AttachVolumeCommand({
        VolumeId: id,
        InstanceId: inst.instanceId,
        Device: '/dev/sdf',
      }),
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
      new sdk.ModifyInstanceAttributeCommand({
        InstanceId: inst.instanceId,
        BlockDeviceMappings: [
          { DeviceName: '/dev/sdf', Ebs: { VolumeId: id, DeleteOnTermination: true } },
        ],
      }),
    );
    const di = await ec2.send(new sdk.DescribeInstancesCommand({ InstanceIds: [inst.instanceId] }));
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
    assert.is(
      await errName(ec2.send(new sdk.DeleteVolumeCommand({ VolumeId: id }))),
      'VolumeInUse',
    );
    const d = await ec2.send(
      new sdk.DetachVolumeCommand({ VolumeId: id, InstanceId: inst.instanceId }),
    );
    assert.is(d.State, 'detaching');
    clock.advance(500);
    assert.is((await state())?.State, 'available');
    assert.is(events[1]?.state, 'detached');
    await ec2.send(new sdk.DeleteVolumeCommand({ VolumeId: id }));
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
    const a = await ec2.send(new sdk.CreateVolumeCommand(req));
    const b = await ec2.send(new sdk.CreateVolumeCommand(req));
    assert.is(b.VolumeId, a.VolumeId);
    assert.is(
      await errName(ec2.send(new sdk.CreateVolumeCommand({ ...req, Size: 11 }))),
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
          new sdk.CreateVolumeCommand({ AvailabilityZone: az, Size: 1, VolumeType: 'gp3' }),
        )
      ).VolumeId ?? '';
    const [v1, v2, v3, v4] = [
      await mk('us-east-1a'),
      await mk('us-east-1a'),
      await mk('us-east-1b'),
      await mk('us-east-1b'),
    ];
    const attach = (v: string, i: string, d: string) =>
      ec2.send(new sdk.AttachVolumeCommand({ VolumeId: v, InstanceId: i, Device: d }));
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
      new sdk.DescribeInstanceTypesCommand({
        InstanceTypes: ['tiny', 'm7i.large'] as string[] as sdk._InstanceType[],
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
          new sdk.DescribeInstanceTypesCommand({
            InstanceTypes: ['x9.huge'] as string[] as sdk._InstanceType[],
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

test.run();

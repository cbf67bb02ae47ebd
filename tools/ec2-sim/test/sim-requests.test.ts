// ec2-sim through the AWS SDK: DescribeVolumes filters and pages, throttling and scripted errors,
// CreateVolume validation, and instance termination.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as sdk from '@aws-sdk/client-ec2';
import { startEc2Sim, type AttachmentEvent } from '../src/index.js';
import { errName, inst, localEc2 } from './helpers.js';

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
        new sdk.CreateVolumeCommand({
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
      new sdk.CreateTagsCommand({
        Resources: [ids[0] ?? ''],
        Tags: [{ Key: 'extra', Value: 'yes' }],
      }),
    );
    await ec2.send(
      new sdk.AttachVolumeCommand({
        VolumeId: ids[1],
        InstanceId: inst.instanceId,
        Device: '/dev/sdf',
      }),
    );
    const q = async (Filters: { Name: string; Values: string[] }[]) =>
      ((await ec2.send(new sdk.DescribeVolumesCommand({ Filters }))).Volumes ?? [])
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
        new sdk.DescribeVolumesCommand({
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
    const r = await ec2.send(new sdk.DescribeInstancesCommand({}));
    assert.is(r.$metadata.attempts, 3);
    assert.equal(sim.calls(), ['DescribeInstances', 'DescribeInstances', 'DescribeInstances']);
    sim.throttle(1);
    const once = localEc2(sim.url, 1);
    assert.is(
      await errName(once.send(new sdk.DescribeInstancesCommand({}))),
      'RequestLimitExceeded',
    );
    once.destroy();
    sim.failNext({ action: 'CreateVolume', code: 'VolumeLimitExceeded', message: 'quota' });
    assert.is(
      await errName(
        ec2.send(
          new sdk.CreateVolumeCommand({
            AvailabilityZone: 'us-east-1a',
            Size: 1,
            VolumeType: 'gp3',
          }),
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
    const cv = (x: Partial<ConstructorParameters<typeof sdk.CreateVolumeCommand>[0]>) =>
      errName(
        ec2.send(
          new sdk.CreateVolumeCommand({
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
          new sdk.CreateVolumeCommand({
            AvailabilityZone: 'us-east-1a',
            Size: 2,
            VolumeType: 'gp3',
          }),
        )
      ).VolumeId ?? '';
    const keep = await mk();
    const drop = await mk();
    await ec2.send(
      new sdk.AttachVolumeCommand({
        VolumeId: keep,
        InstanceId: inst.instanceId,
        Device: '/dev/sdf',
      }),
    );
    await ec2.send(
      new sdk.AttachVolumeCommand({
        VolumeId: drop,
        InstanceId: inst.instanceId,
        Device: '/dev/sdg',
      }),
    );
    await ec2.send(
      new sdk.ModifyInstanceAttributeCommand({
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
      await errName(ec2.send(new sdk.DescribeInstancesCommand({ InstanceIds: [inst.instanceId] }))),
      'InvalidInstanceID.NotFound',
    );
  } finally {
    ec2.destroy();
    await sim.stop();
  }
});

test.run();

import {
  AttachVolumeCommand,
  CreateVolumeCommand,
  DescribeVolumesCommand,
  DetachVolumeCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { manualClock, startEc2Sim } from '@scaleio-framework/ec2-sim';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startNodeSim } from '../src/index.js';
import { ok, run } from './helpers.js';

process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

test('volumes attached in ec2-sim appear as block devices on the node with that instance id', async () => {
  const clock = manualClock();
  const ec2sim = await startEc2Sim({
    instances: [
      { instanceId: 'i-0aaa1', availabilityZone: 'us-east-1a', instanceType: 't2.micro' },
      { instanceId: 'i-0bbb2', availabilityZone: 'us-east-1a', instanceType: 'm5.large' },
    ],
    now: clock.now,
    timings: { createMs: 10, attachMs: 10, detachMs: 10, deleteMs: 10 },
  });
  const sim = ok(
    await startNodeSim({
      nodes: [
        { id: 'xen', os: 'ubuntu-20.04', instanceId: 'i-0aaa1' },
        { id: 'nitro', os: 'ubuntu-22.04', instanceId: 'i-0bbb2', deviceNaming: 'nvme' },
      ],
    }),
  );
  sim.subscribe(ec2sim);
  const ec2 = new EC2Client({
    region: 'us-east-1',
    endpoint: ec2sim.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  try {
    const make = async (size: number): Promise<string> =>
      (
        await ec2.send(
          new CreateVolumeCommand({
            AvailabilityZone: 'us-east-1a',
            Size: size,
            VolumeType: 'gp3',
          }),
        )
      ).VolumeId ?? '';
    const v1 = await make(120);
    const v2 = await make(30);
    clock.advance(10);
    ec2sim.tick();
    await ec2.send(
      new AttachVolumeCommand({ VolumeId: v1, InstanceId: 'i-0aaa1', Device: '/dev/sdf' }),
    );
    await ec2.send(
      new AttachVolumeCommand({ VolumeId: v2, InstanceId: 'i-0bbb2', Device: '/dev/sdg' }),
    );
    assert.not.ok(
      ok(ok(sim.node('xen')).devices()).some((d) => d.name === 'xvdf'),
      'not before the attachment completes',
    );
    clock.advance(10);
    ec2sim.tick();
    const xen = JSON.parse(
      (await run(sim, 'xen', ['lsblk', '-J', '-b', '-d', '-o', 'NAME,SIZE'])).stdout,
    ) as { blockdevices: { name: string; size: number }[] };
    assert.equal(xen.blockdevices.at(-1), { name: 'xvdf', size: 120 * 1024 ** 3 });
    const nitro = JSON.parse(
      (await run(sim, 'nitro', ['lsblk', '-J', '-b', '-d', '-o', 'NAME,SIZE,SERIAL'])).stdout,
    ) as {
      blockdevices: { name: string; size: number; serial: string }[];
    };
    assert.equal(nitro.blockdevices.at(-1), {
      name: 'nvme3n1',
      size: 30 * 1024 ** 3,
      serial: v2.replace('-', ''),
    });
    await ec2.send(new DetachVolumeCommand({ VolumeId: v1 }));
    clock.advance(10);
    ec2sim.tick();
    assert.is(
      (await ec2.send(new DescribeVolumesCommand({ VolumeIds: [v1] }))).Volumes?.[0]?.State,
      'available',
    );
    assert.not.ok(
      ok(ok(sim.node('xen')).devices()).some((d) => d.name === 'xvdf'),
      'gone after the detachment',
    );
  } finally {
    ec2.destroy();
    await sim.stop();
    await ec2sim.stop();
  }
});

test.run();

/**
 * A device the guest still uses does not detach: the attachment stays `detaching` until the guest
 * releases it (then it takes `detachMs`), or until the detach is forced.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as sdk from '@aws-sdk/client-ec2';
import { manualClock, startEc2Sim } from '../src/index.js';
import { inst, localEc2 } from './helpers.js';

const attachedVolume = async () => {
  const clock = manualClock();
  const sim = await startEc2Sim({
    instances: [inst],
    now: clock.now,
    timings: { createMs: 10, attachMs: 10, detachMs: 500, deleteMs: 10 },
  });
  const ec2 = localEc2(sim.url);
  const c = await ec2.send(
    new sdk.CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 10, VolumeType: 'gp3' }),
  );
  const id = c.VolumeId ?? '';
  clock.advance(10);
  await ec2.send(
    new sdk.AttachVolumeCommand({ VolumeId: id, InstanceId: inst.instanceId, Device: '/dev/sdf' }),
  );
  clock.advance(10);
  const attachment = async () =>
    (await ec2.send(new sdk.DescribeVolumesCommand({ VolumeIds: [id] }))).Volumes?.[0]
      ?.Attachments?.[0]?.State ?? 'none';
  assert.is(await attachment(), 'attached');
  return { sim, ec2, id, clock, attachment };
};

test('a held device stays detaching until the guest releases it', async () => {
  const { sim, ec2, id, clock, attachment } = await attachedVolume();
  try {
    sim.setGuestHold(id, true);
    await ec2.send(new sdk.DetachVolumeCommand({ VolumeId: id, InstanceId: inst.instanceId }));
    clock.advance(60_000);
    assert.is(await attachment(), 'detaching');
    sim.setGuestHold(id, false);
    clock.advance(499);
    assert.is(await attachment(), 'detaching', 'the detach takes detachMs from the release');
    clock.advance(1);
    assert.is(await attachment(), 'none');
  } finally {
    await sim.stop();
  }
});

test('a forced detach ignores the hold', async () => {
  const { sim, ec2, id, clock, attachment } = await attachedVolume();
  try {
    sim.setGuestHold(id, true);
    await ec2.send(
      new sdk.DetachVolumeCommand({ VolumeId: id, InstanceId: inst.instanceId, Force: true }),
    );
    clock.advance(500);
    assert.is(await attachment(), 'none');
  } finally {
    await sim.stop();
  }
});

test.run();

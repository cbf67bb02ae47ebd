/** AttachVolume, DetachVolume, ModifyInstanceAttribute (DeleteOnTermination). */
import { forceDetach } from '../guest.js';
import { bool, structIndices } from '../query.js';
import { attachedTo } from '../model.js';
import { deviceSlot, isValidDeviceName } from '../devices.js';
import { dryRun, fail, missing, ok, type Handler } from '../result.js';
import { attachmentNodes } from '../render.js';

/**
 * AttachVolume: same zone, a valid and free device name, a free attachment slot, an `available`
 * volume; the attachment is `attaching` for `timings.attachMs`, then `attached`.
 */
export const attachVolume: Handler = (ctx, p) => {
  const s = ctx.state;
  const volumeId = p.get('VolumeId');
  const instanceId = p.get('InstanceId');
  const device = p.get('Device');
  if (volumeId === undefined) return missing('VolumeId');
  if (instanceId === undefined) return missing('InstanceId');
  if (device === undefined) return missing('Device');
  const v = s.volumes.get(volumeId);
  if (v === undefined)
    return fail('InvalidVolume.NotFound', `The volume '${volumeId}' does not exist.`);
  const inst = s.instances.get(instanceId);
  if (inst === undefined)
    return fail('InvalidInstanceID.NotFound', `The instance ID '${instanceId}' does not exist`);
  if (!isValidDeviceName(device))
    return fail(
      'InvalidParameterValue',
      `Value (${device}) for parameter device is invalid. ${device} is not a valid EBS device name.`,
    );
  if (v.availabilityZone !== inst.availabilityZone)
    return fail(
      'InvalidVolume.ZoneMismatch',
      `The volume '${volumeId}' is not in the same availability zone as instance '${instanceId}'`,
    );
  if (v.attachment !== undefined)
    return fail('VolumeInUse', `${volumeId} is already attached to an instance`);
  if (v.state !== 'available') return fail('IncorrectState', `${volumeId} is not 'available'.`);
  if (inst.state === 'pending')
    return fail(
      'IncorrectInstanceState',
      `The instance '${instanceId}' is not in a valid state for this operation.`,
    );
  const mine = attachedTo(s, instanceId);
  const slot = deviceSlot(device);
  const taken =
    [...inst.hiddenDevices].some((d) => deviceSlot(d) === slot) ||
    mine.some((m) => m.attachment !== undefined && deviceSlot(m.attachment.device) === slot);
  if (taken)
    return fail(
      'InvalidParameterValue',
      `Invalid value '${device}' for unixDevice. Attachment point ${device} is already in use`,
    );
  const limit = s.instanceTypes[inst.instanceType]?.maximumEbsAttachments ?? 27;
  if (mine.length >= limit)
    return fail('AttachmentLimitExceeded', `Attachment limit exceeded for instance ${instanceId}.`);
  if (bool(p, 'DryRun') === true) return dryRun();
  v.attachment = {
    instanceId,
    device,
    state: 'attaching',
    attachTime: ctx.now,
    until: ctx.now + s.timings.attachMs,
    deleteOnTermination: false,
  };
  v.state = 'in-use';
  return ok(attachmentNodes(volumeId, v.attachment).filter(([n]) => n !== 'deleteOnTermination'));
};

/** DetachVolume: `detaching` for `timings.detachMs`, then the volume is `available` again. */
export const detachVolume: Handler = (ctx, p) => {
  const s = ctx.state;
  const volumeId = p.get('VolumeId');
  if (volumeId === undefined) return missing('VolumeId');
  const v = s.volumes.get(volumeId);
  if (v === undefined)
    return fail('InvalidVolume.NotFound', `The volume '${volumeId}' does not exist.`);
  const a = v.attachment;
  if (a === undefined)
    return fail('IncorrectState', `Volume '${volumeId}' is in the '${v.state}' state.`);
  const instanceId = p.get('InstanceId');
  const device = p.get('Device');
  if (
    (instanceId !== undefined && instanceId !== a.instanceId) ||
    (device !== undefined && device !== a.device)
  )
    return fail(
      'InvalidAttachment.NotFound',
      `Volume '${volumeId}' can not be detached from '${instanceId ?? device ?? ''}' because it is not attached`,
    );
  const inst = s.instances.get(a.instanceId);
  if (inst !== undefined && inst.rootDeviceName === a.device && inst.state === 'running')
    return fail(
      'OperationNotPermitted',
      `The root volume of running instance '${a.instanceId}' cannot be detached.`,
    );
  if (bool(p, 'DryRun') === true) return dryRun();
  // A device the guest still uses stays `detaching` unless forced (guest.ts).
  if (bool(p, 'Force') === true) forceDetach(s, volumeId);
  if (a.state !== 'detaching') {
    a.state = 'detaching';
    a.until = ctx.now + s.timings.detachMs;
  }
  return ok(attachmentNodes(volumeId, a).filter(([n]) => n !== 'deleteOnTermination'));
};

/** ModifyInstanceAttribute: only `BlockDeviceMapping.N.Ebs.DeleteOnTermination` is modelled. */
export const modifyInstanceAttribute: Handler = (ctx, p) => {
  const instanceId = p.get('InstanceId');
  if (instanceId === undefined) return missing('InstanceId');
  if (!ctx.state.instances.has(instanceId))
    return fail('InvalidInstanceID.NotFound', `The instance ID '${instanceId}' does not exist`);
  const idx = structIndices(p, 'BlockDeviceMapping');
  if (idx.length === 0)
    return fail(
      'InvalidParameterCombination',
      'ec2-sim models only the BlockDeviceMapping attribute.',
    );
  const mine = attachedTo(ctx.state, instanceId);
  const changes: Array<() => void> = [];
  for (const i of idx) {
    const name = p.get(`BlockDeviceMapping.${i}.DeviceName`) ?? '';
    const dot = bool(p, `BlockDeviceMapping.${i}.Ebs.DeleteOnTermination`);
    const v = mine.find((m) => m.attachment?.device === name);
    if (v?.attachment === undefined)
      return fail('InvalidInstanceAttributeValue', `No device is currently mapped at ${name}`);
    const a = v.attachment;
    if (dot !== undefined) changes.push(() => (a.deleteOnTermination = dot));
  }
  if (bool(p, 'DryRun') === true) return dryRun();
  changes.forEach((c) => c());
  return ok([['return', true]]);
};

/**
 * Attaching a volume to an instance under a free, not recently used device name, and the
 * attachment as the contract describes it (with the in-guest paths to look for).
 */
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import {
  providerError,
  type Attachment,
  type NodeId,
  type ProviderError,
  type VolumeId,
} from '@scaleio-framework/capacity';
import { gone } from './contract-view.js';
import { pickDeviceName } from './device-names.js';
import * as ebs from './ebs.js';
import { guestPaths, type NvmeSupport } from './guest.js';
import type { EbsInstance, EbsVolume } from './model.js';
import type { ProviderContext, R } from './provider-context.js';

/** The volume unless it is gone (deleted or deleting): `NotFound` then. */
export const liveVolume = async (
  pc: ProviderContext,
  volume: VolumeId,
): Promise<Either<ProviderError, EbsVolume>> => {
  const r = await ebs.describeVolume(pc.ctx, volume);
  if (isLeft(r)) return pc.fail(r.left, volume);
  return gone(r.right.state) ? left(providerError.notFound('volume', volume)) : right(r.right);
};

/** The contract's view of an attachment; sets delete-on-termination when configured. */
const attachmentOf = async (
  pc: ProviderContext,
  v: EbsVolume,
  node: NodeId,
  instanceTypeName: string | undefined,
): R<Attachment> => {
  const a = v.attachment;
  if (a === undefined)
    return left(providerError.incorrectState(v.volumeId, v.state, 'not attached'));
  const t = instanceTypeName === undefined ? undefined : await pc.instanceType(instanceTypeName);
  const nvme: NvmeSupport = t === undefined || isLeft(t) ? 'unknown' : t.right.nvme;
  if (pc.deleteOnTermination && !a.deleteOnTermination) {
    const d = await ebs.setDeleteOnTermination(pc.ctx, node, a.device, v.volumeId, true);
    if (isLeft(d)) return pc.fail(d.left, v.volumeId);
  }
  return right({
    volume: v.volumeId as VolumeId,
    node,
    deviceName: a.device,
    guestPaths: guestPaths(v.volumeId, a.device, nvme),
  });
};

/** Tries free device names in turn until AttachVolume takes one, then waits for the attachment. */
const attachUnderFreeName = async (
  pc: ProviderContext,
  vol: EbsVolume,
  node: NodeId,
  inst: EbsInstance,
): R<Attachment> => {
  const volume = vol.volumeId as VolumeId;
  const inUse = inst.devices.map((d) => d.name);
  for (let n = 0; n < pc.maxDeviceAttempts; n++) {
    const name = pickDeviceName(
      pc.candidates,
      inUse,
      pc.recent.get(node) ?? new Map(),
      pc.timing.now(),
      pc.quarantineMs,
    );
    if (name === undefined)
      return left(
        providerError.limitExceeded('attachments', `no free device name left on ${node}`),
      );
    pc.remember(node, name);
    const r = await ebs.attachVolume(pc.ctx, volume, node, name);
    if (isLeft(r) && r.left._tag === 'DeviceInUse') continue;
    if (isLeft(r) && r.left._tag === 'ZoneMismatch')
      return left(providerError.zoneMismatch(vol.availabilityZone, inst.availabilityZone));
    if (isLeft(r) && r.left._tag !== 'IncorrectState') return pc.fail(r.left, volume);
    if (isLeft(r)) {
      // IncorrectState: a concurrent attach to this node may have won; otherwise it is final.
      const again = await liveVolume(pc, volume);
      if (isLeft(again)) return again;
      if (again.right.attachment?.instanceId !== node) return pc.fail(r.left, volume);
    }
    const w = await ebs.waitAttached(pc.ctx, volume, node, pc.attachWait);
    if (isLeft(w)) return pc.fail(w.left, volume);
    return attachmentOf(pc, w.right, node, inst.instanceType);
  }
  return left(
    providerError.unavailable(`${pc.maxDeviceAttempts} device names on ${node} turned out taken`),
  );
};

/**
 * Attaches the volume to the node and resolves once attached. A replay (or a crash after
 * AttachVolume) finishes waiting for the existing attachment; an attachment elsewhere is
 * `AlreadyExists`; another zone is `ZoneMismatch`; no slot left is `LimitExceeded`.
 */
export const attachVolume = async (
  pc: ProviderContext,
  volume: VolumeId,
  node: NodeId,
): R<Attachment> => {
  const cur = await liveVolume(pc, volume);
  if (isLeft(cur)) return cur;
  let vol = cur.right;
  const inst = await ebs.describeInstance(pc.ctx, node);
  if (isLeft(inst)) return pc.fail(inst.left, node);
  const a = vol.attachment;
  if (a !== undefined && a.instanceId !== node)
    return left(providerError.alreadyExists(volume, `${volume} is attached to ${a.instanceId}`));
  if (a !== undefined && a.state !== 'detaching') {
    pc.remember(node, a.device);
    const w = await ebs.waitAttached(pc.ctx, volume, node, pc.attachWait);
    return isLeft(w)
      ? pc.fail(w.left, volume)
      : attachmentOf(pc, w.right, node, inst.right.instanceType);
  }
  if (a !== undefined) {
    const d = await ebs.detachVolume(pc.ctx, volume, node, pc.detachWait);
    if (isLeft(d)) return pc.fail(d.left, volume);
  }
  if (vol.availabilityZone !== inst.right.availabilityZone)
    return left(providerError.zoneMismatch(vol.availabilityZone, inst.right.availabilityZone));
  if (vol.state === 'creating') {
    const w = await ebs.waitAvailable(pc.ctx, volume, pc.availableWait);
    if (isLeft(w)) return pc.fail(w.left, volume);
    vol = w.right;
  }
  if (vol.state !== 'available' && vol.state !== 'in-use')
    return left(
      providerError.incorrectState(volume, vol.state, `${volume} is '${vol.state}', not available`),
    );
  const t = await pc.instanceType(inst.right.instanceType);
  if (isLeft(t)) return pc.fail(t.left, node);
  if (inst.right.devices.length >= t.right.maxAttachments)
    return left(
      providerError.limitExceeded(
        'attachments',
        `${node} uses ${inst.right.devices.length} of ${t.right.maxAttachments} attachments`,
      ),
    );
  return attachUnderFreeName(pc, vol, node, inst.right);
};

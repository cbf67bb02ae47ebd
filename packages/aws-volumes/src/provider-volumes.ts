/**
 * The volume lifecycle of the AWS provider besides attaching: provision (idempotent by key and
 * client token), describe, find by key, detach, delete, list owned, describe a node.
 */
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import {
  ownershipTagKeys,
  ownershipTags,
  providerError,
  type IdempotencyKey,
  type NodeCapacity,
  type NodeId,
  type PositiveInt,
  type ProvisionRequest,
  type Volume,
  type VolumeId,
} from '@scaleio-framework/capacity';
import { specProblem } from './capabilities.js';
import { gone, sameRequest, toContractVolume } from './contract-view.js';
import * as ebs from './ebs.js';
import type { EbsVolumeSpec } from './model.js';
import { liveVolume } from './provider-attach.js';
import type { ProviderContext, R } from './provider-context.js';
import { tagFilters } from './requests.js';

const keyFilters = (pc: ProviderContext, key: IdempotencyKey) =>
  tagFilters({ [ownershipTagKeys.cluster]: pc.cluster, [ownershipTagKeys.key]: key });

/** The EBS spec of a contract spec (optional fields only when set). */
const ebsSpec = (s: ProvisionRequest['spec']): EbsVolumeSpec => ({
  sizeGiB: s.sizeGiB,
  volumeType: s.volumeType,
  encrypted: s.encrypted,
  ...(s.iops === undefined ? {} : { iops: s.iops }),
  ...(s.throughputMiBps === undefined ? {} : { throughputMiBps: s.throughputMiBps }),
  ...(s.kmsKeyId === undefined ? {} : { kmsKeyId: s.kmsKeyId }),
});

/** A node's zone and attachment slots. */
export const describeNode = async (pc: ProviderContext, node: NodeId): R<NodeCapacity> => {
  const inst = await ebs.describeInstance(pc.ctx, node);
  if (isLeft(inst)) return pc.fail(inst.left, node);
  const t = await pc.instanceType(inst.right.instanceType);
  if (isLeft(t)) return pc.fail(t.left, node);
  return right({
    node,
    zone: inst.right.availabilityZone,
    attachments: inst.right.devices.length,
    maxAttachments: t.right.maxAttachments as PositiveInt,
  });
};

/**
 * Creates the volume in the node's zone (or returns the one created with this key) and resolves
 * once it is available. The tag lookup makes a replay safe even where the client token is
 * forgotten (or not modelled).
 */
export const provision = async (pc: ProviderContext, req: ProvisionRequest): R<Volume> => {
  const problem = specProblem(req.spec);
  if (problem !== undefined) return left(providerError.invalidArgument(problem));
  const inst = await ebs.describeInstance(pc.ctx, req.node);
  if (isLeft(inst)) return pc.fail(inst.left, req.node);
  const found = await ebs.findVolumes(pc.ctx, keyFilters(pc, req.key));
  if (isLeft(found)) return pc.fail(found.left, req.key);
  const prior = found.right.find((v) => !gone(v.state));
  if (prior !== undefined && !sameRequest(prior, req))
    return left(
      providerError.idempotencyMismatch(
        req.key,
        `key ${req.key} was used for another node or spec`,
      ),
    );
  let v = prior;
  if (v === undefined) {
    const c = await ebs.createVolume(
      pc.ctx,
      ebsSpec(req.spec),
      inst.right.availabilityZone,
      req.key,
      ownershipTags(pc.cluster, req),
    );
    if (isLeft(c)) return pc.fail(c.left, req.key);
    v = c.right;
  }
  if (gone(v.state) || v.state === 'error')
    return left(
      providerError.incorrectState(
        v.volumeId,
        v.state,
        `key ${req.key} belongs to a ${v.state} volume; derive a key with a new attempt`,
      ),
    );
  if (v.state === 'available' || v.state === 'in-use') return right(toContractVolume(v));
  const w = await ebs.waitAvailable(pc.ctx, v.volumeId, pc.availableWait);
  return isLeft(w) ? pc.fail(w.left, v.volumeId) : right(toContractVolume(w.right));
};

/** The volume's current state; `NotFound` once deleted. */
export const describe = async (pc: ProviderContext, volume: VolumeId): R<Volume> => {
  const v = await liveVolume(pc, volume);
  return isLeft(v) ? v : right(toContractVolume(v.right));
};

/** The live volume created with this key (the oldest), or null. */
export const findByKey = async (pc: ProviderContext, key: IdempotencyKey): R<Volume | null> => {
  const r = await ebs.findVolumes(pc.ctx, keyFilters(pc, key));
  if (isLeft(r)) return pc.fail(r.left, key);
  const first = r.right
    .filter((v) => !gone(v.state))
    .sort((a, b) => (a.createdAtMs ?? 0) - (b.createdAtMs ?? 0))[0];
  return right(first === undefined ? null : toContractVolume(first));
};

/** Detaches from the node and resolves once detached; not attached there is success. */
export const detach = async (pc: ProviderContext, volume: VolumeId, node: NodeId): R<void> => {
  const v = await liveVolume(pc, volume);
  if (isLeft(v)) return v;
  const a = v.right.attachment;
  if (a === undefined || a.instanceId !== node) return right(undefined);
  pc.remember(node, a.device);
  const d = await ebs.detachVolume(pc.ctx, volume, node, pc.detachWait);
  return isLeft(d) ? pc.fail(d.left, volume) : right(undefined);
};

/** Deletes a detached volume (waiting out `creating`); already gone is success. */
export const deleteVolume = async (pc: ProviderContext, volume: VolumeId): R<void> => {
  const v = await ebs.describeVolume(pc.ctx, volume);
  if (isLeft(v)) return v.left._tag === 'NotFound' ? right(undefined) : pc.fail(v.left, volume);
  if (gone(v.right.state)) return right(undefined);
  if (v.right.attachment !== undefined)
    return left(
      providerError.incorrectState(
        volume,
        'attached',
        `${volume} is attached to ${v.right.attachment.instanceId}; detach it first`,
      ),
    );
  if (v.right.state === 'creating') {
    const w = await ebs.waitAvailable(pc.ctx, volume, pc.availableWait);
    if (isLeft(w) && w.left._tag !== 'IncorrectState') return pc.fail(w.left, volume);
  }
  const d = await ebs.deleteVolume(pc.ctx, volume);
  if (isLeft(d) && !(d.left._tag === 'NotFound' && d.left.resource === 'volume'))
    return pc.fail(d.left, volume);
  return right(undefined);
};

/** Every live volume tagged with this cluster id. */
export const listOwned = async (pc: ProviderContext): R<ReadonlyArray<Volume>> => {
  const r = await ebs.findVolumes(pc.ctx, tagFilters({ [ownershipTagKeys.cluster]: pc.cluster }));
  if (isLeft(r)) return pc.fail(r.left, pc.cluster);
  return right(r.right.filter((v) => !gone(v.state)).map((v) => toContractVolume(v)));
};

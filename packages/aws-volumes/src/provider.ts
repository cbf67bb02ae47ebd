/**
 * The AWS capacity provider: the capacity contract implemented with EBS. Each method is a short
 * sequence of lifecycle steps from `ebs.ts`; every EC2 failure goes through `toProviderError`.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import {
  IdempotencyKey,
  ownershipTagKeys,
  ownershipTags,
  providerError,
  type Attachment,
  type CapacityProvider,
  type ClusterId,
  type NodeCapacity,
  type NodeId,
  type PositiveInt,
  type ProviderError,
  type Volume,
  type VolumeId,
} from '@scaleio-framework/capacity';
import { defaultRetry, type RetryPolicy } from './calls.js';
import { awsCapabilities, specProblem } from './capabilities.js';
import { ec2ClientFor, type AwsVolumesConfig } from './config.js';
import {
  defaultDeviceNames,
  markRecent,
  pickDeviceName,
  type RecentNames,
} from './device-names.js';
import * as ebs from './ebs.js';
import type { Ec2Error } from './errors.js';
import { guestPaths, type NvmeSupport } from './guest.js';
import type { EbsInstanceType, EbsVolume, EbsVolumeSpec } from './model.js';
import { toProviderError } from './provider-errors.js';
import { gone, sameRequest, toContractVolume } from './contract-view.js';
import { tagFilters } from './requests.js';
import { realTiming, type Timing } from './timing.js';
import type { WaitPolicy } from './waits.js';

/** Options of {@link awsCapacityProvider}. */
export interface AwsProviderOptions extends AwsVolumesConfig {
  readonly cluster: ClusterId;
  /** A ready client; otherwise one is built from region/endpoint/credentials. */
  readonly client?: EC2Client;
  readonly timing?: Timing;
  readonly retry?: RetryPolicy;
}

type R<A> = Promise<Either<ProviderError, A>>;

/** Builds the AWS capacity provider. */
export const awsCapacityProvider = (opts: AwsProviderOptions): CapacityProvider => {
  const timing = opts.timing ?? realTiming;
  const ctx: ebs.Ec2Context = {
    client: opts.client ?? ec2ClientFor(opts),
    retry:
      opts.maxAttempts === undefined
        ? (opts.retry ?? defaultRetry)
        : { ...(opts.retry ?? defaultRetry), attempts: opts.maxAttempts },
    timing,
  };
  const wait = (timeoutMs: number): WaitPolicy => ({
    timeoutMs,
    // Polls at about 1, 2.5, 4.5, 6.5 … s: at most ~2 s of detection lag, ~30 describes a minute.
    backoff: { initialMs: 1000, factor: 1.5, maxMs: opts.pollMaxIntervalMs ?? 2000, jitter: 0.1 },
  });
  const availableWait = wait(opts.availableTimeoutMs ?? 300_000);
  const attachWait = wait(opts.attachTimeoutMs ?? 120_000);
  const detachWait = wait(opts.detachTimeoutMs ?? 120_000);
  const candidates = opts.deviceNames ?? defaultDeviceNames;
  const quarantineMs = opts.nameQuarantineMs ?? 3_600_000;
  const maxDeviceAttempts = opts.maxDeviceAttempts ?? 5;
  const deleteOnTermination = opts.deleteOnTermination ?? true;
  const cluster = opts.cluster;
  /** Device names recently used or found taken, per instance (in-process). */
  const recent = new Map<string, RecentNames>();
  const types = new Map<string, EbsInstanceType>();
  const remember = (node: string, name: string): void => {
    recent.set(node, markRecent(recent.get(node) ?? new Map(), name, timing.now(), quarantineMs));
  };
  const fail = (e: Ec2Error, id: string): Either<ProviderError, never> =>
    left(toProviderError(e, id));

  const instanceType = async (t: string): Promise<Either<Ec2Error, EbsInstanceType>> => {
    const hit = types.get(t);
    if (hit !== undefined) return right(hit);
    const r = await ebs.describeInstanceType(ctx, t);
    if (!isLeft(r)) types.set(t, r.right);
    return r;
  };

  const findByKey = async (key: IdempotencyKey): R<Volume | null> => {
    const r = await ebs.findVolumes(
      ctx,
      tagFilters({ [ownershipTagKeys.cluster]: cluster, [ownershipTagKeys.key]: key }),
    );
    if (isLeft(r)) return fail(r.left, key);
    const live = r.right
      .filter((v) => !gone(v.state))
      .sort((a, b) => (a.createdAtMs ?? 0) - (b.createdAtMs ?? 0));
    const first = live[0];
    return right(first === undefined ? null : toContractVolume(first));
  };

  const live = async (volume: VolumeId): Promise<Either<ProviderError, EbsVolume>> => {
    const r = await ebs.describeVolume(ctx, volume);
    if (isLeft(r)) return fail(r.left, volume);
    return gone(r.right.state) ? left(providerError.notFound('volume', volume)) : right(r.right);
  };

  const attachmentOf = async (
    v: EbsVolume,
    node: NodeId,
    instanceTypeName: string | undefined,
  ): R<Attachment> => {
    const a = v.attachment;
    if (a === undefined)
      return left(providerError.incorrectState(v.volumeId, v.state, 'not attached'));
    const t = instanceTypeName === undefined ? undefined : await instanceType(instanceTypeName);
    const nvme: NvmeSupport = t === undefined || isLeft(t) ? 'unknown' : t.right.nvme;
    if (deleteOnTermination && !a.deleteOnTermination) {
      const d = await ebs.setDeleteOnTermination(ctx, node, a.device, v.volumeId, true);
      if (isLeft(d)) return fail(d.left, v.volumeId);
    }
    return right({
      volume: v.volumeId as VolumeId,
      node,
      deviceName: a.device,
      guestPaths: guestPaths(v.volumeId, a.device, nvme),
    });
  };

  const attach = async (volume: VolumeId, node: NodeId): R<Attachment> => {
    const cur = await live(volume);
    if (isLeft(cur)) return cur;
    let vol = cur.right;
    const inst = await ebs.describeInstance(ctx, node);
    if (isLeft(inst)) return fail(inst.left, node);
    const a = vol.attachment;
    if (a !== undefined && a.instanceId !== node)
      return left(providerError.alreadyExists(volume, `${volume} is attached to ${a.instanceId}`));
    if (a !== undefined && a.state !== 'detaching') {
      // A replay (or a crash after AttachVolume): finish waiting for the existing attachment.
      remember(node, a.device);
      const w = await ebs.waitAttached(ctx, volume, node, attachWait);
      return isLeft(w)
        ? fail(w.left, volume)
        : attachmentOf(w.right, node, inst.right.instanceType);
    }
    if (a !== undefined) {
      const d = await ebs.detachVolume(ctx, volume, node, detachWait);
      if (isLeft(d)) return fail(d.left, volume);
    }
    if (vol.availabilityZone !== inst.right.availabilityZone)
      return left(providerError.zoneMismatch(vol.availabilityZone, inst.right.availabilityZone));
    if (vol.state === 'creating') {
      const w = await ebs.waitAvailable(ctx, volume, availableWait);
      if (isLeft(w)) return fail(w.left, volume);
      vol = w.right;
    }
    if (vol.state !== 'available' && vol.state !== 'in-use')
      return left(
        providerError.incorrectState(
          volume,
          vol.state,
          `${volume} is '${vol.state}', not available`,
        ),
      );
    const t = await instanceType(inst.right.instanceType);
    if (isLeft(t)) return fail(t.left, node);
    if (inst.right.devices.length >= t.right.maxAttachments)
      return left(
        providerError.limitExceeded(
          'attachments',
          `${node} uses ${inst.right.devices.length} of ${t.right.maxAttachments} attachments`,
        ),
      );
    const inUse = inst.right.devices.map((d) => d.name);
    for (let n = 0; n < maxDeviceAttempts; n++) {
      const name = pickDeviceName(
        candidates,
        inUse,
        recent.get(node) ?? new Map(),
        timing.now(),
        quarantineMs,
      );
      if (name === undefined)
        return left(
          providerError.limitExceeded('attachments', `no free device name left on ${node}`),
        );
      remember(node, name);
      const r = await ebs.attachVolume(ctx, volume, node, name);
      if (isLeft(r) && r.left._tag === 'DeviceInUse') continue;
      if (isLeft(r) && r.left._tag === 'ZoneMismatch')
        return left(providerError.zoneMismatch(vol.availabilityZone, inst.right.availabilityZone));
      if (isLeft(r) && r.left._tag !== 'IncorrectState') return fail(r.left, volume);
      if (isLeft(r)) {
        // IncorrectState: a concurrent attach to this node may have won; otherwise it is final.
        const again = await live(volume);
        if (isLeft(again)) return again;
        if (again.right.attachment?.instanceId !== node) return fail(r.left, volume);
      }
      const w = await ebs.waitAttached(ctx, volume, node, attachWait);
      if (isLeft(w)) return fail(w.left, volume);
      return attachmentOf(w.right, node, inst.right.instanceType);
    }
    return left(
      providerError.unavailable(`${maxDeviceAttempts} device names on ${node} turned out taken`),
    );
  };

  return {
    cluster,
    capabilities: () => Promise.resolve(right(awsCapabilities)),

    describeNode: async (node): R<NodeCapacity> => {
      const inst = await ebs.describeInstance(ctx, node);
      if (isLeft(inst)) return fail(inst.left, node);
      const t = await instanceType(inst.right.instanceType);
      if (isLeft(t)) return fail(t.left, node);
      return right({
        node,
        zone: inst.right.availabilityZone,
        attachments: inst.right.devices.length,
        maxAttachments: t.right.maxAttachments as PositiveInt,
      });
    },

    provision: async (req): R<Volume> => {
      const problem = specProblem(req.spec);
      if (problem !== undefined) return left(providerError.invalidArgument(problem));
      const inst = await ebs.describeInstance(ctx, req.node);
      if (isLeft(inst)) return fail(inst.left, req.node);
      // The tag lookup makes a replay safe even where the client token is forgotten (or not modelled).
      const found = await ebs.findVolumes(
        ctx,
        tagFilters({ [ownershipTagKeys.cluster]: cluster, [ownershipTagKeys.key]: req.key }),
      );
      if (isLeft(found)) return fail(found.left, req.key);
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
        const spec: EbsVolumeSpec = {
          sizeGiB: req.spec.sizeGiB,
          volumeType: req.spec.volumeType,
          encrypted: req.spec.encrypted,
          ...(req.spec.iops === undefined ? {} : { iops: req.spec.iops }),
          ...(req.spec.throughputMiBps === undefined
            ? {}
            : { throughputMiBps: req.spec.throughputMiBps }),
          ...(req.spec.kmsKeyId === undefined ? {} : { kmsKeyId: req.spec.kmsKeyId }),
        };
        const c = await ebs.createVolume(
          ctx,
          spec,
          inst.right.availabilityZone,
          req.key,
          ownershipTags(cluster, req),
        );
        if (isLeft(c)) return fail(c.left, req.key);
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
      const w = await ebs.waitAvailable(ctx, v.volumeId, availableWait);
      return isLeft(w) ? fail(w.left, v.volumeId) : right(toContractVolume(w.right));
    },

    attach,

    describe: async (volume): R<Volume> => {
      const v = await live(volume);
      return isLeft(v) ? v : right(toContractVolume(v.right));
    },

    findByKey,

    detach: async (volume, node): R<void> => {
      const v = await live(volume);
      if (isLeft(v)) return v;
      const a = v.right.attachment;
      if (a === undefined || a.instanceId !== node) return right(undefined);
      remember(node, a.device);
      const d = await ebs.detachVolume(ctx, volume, node, detachWait);
      return isLeft(d) ? fail(d.left, volume) : right(undefined);
    },

    delete: async (volume): R<void> => {
      const v = await ebs.describeVolume(ctx, volume);
      if (isLeft(v)) return v.left._tag === 'NotFound' ? right(undefined) : fail(v.left, volume);
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
        const w = await ebs.waitAvailable(ctx, volume, availableWait);
        if (isLeft(w) && w.left._tag !== 'IncorrectState') return fail(w.left, volume);
      }
      const d = await ebs.deleteVolume(ctx, volume);
      if (isLeft(d) && !(d.left._tag === 'NotFound' && d.left.resource === 'volume'))
        return fail(d.left, volume);
      return right(undefined);
    },

    listOwned: async (): R<ReadonlyArray<Volume>> => {
      const r = await ebs.findVolumes(ctx, tagFilters({ [ownershipTagKeys.cluster]: cluster }));
      if (isLeft(r)) return fail(r.left, cluster);
      return right(r.right.filter((v) => !gone(v.state)).map((v) => toContractVolume(v)));
    },
  };
};

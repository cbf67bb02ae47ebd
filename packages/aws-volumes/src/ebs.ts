/**
 * The EBS volume lifecycle, one function per EC2 step. Every call goes through {@link ec2Call}
 * (retries, error mapping) and every answer is decoded; nothing here throws.
 */
import {
  AttachVolumeCommand,
  CreateVolumeCommand,
  DeleteVolumeCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  DescribeVolumesCommand,
  DetachVolumeCommand,
  ModifyInstanceAttributeCommand,
  type EC2Client,
  type Filter,
  type _InstanceType,
} from '@aws-sdk/client-ec2';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { ec2Call, type RetryPolicy } from './calls.js';
import type { Ec2Error } from './errors.js';
import {
  toInstance,
  toInstanceType,
  toVolume,
  type EbsInstance,
  type EbsInstanceType,
  type EbsVolume,
  type EbsVolumeSpec,
} from './model.js';
import {
  attachRequest,
  createVolumeRequest,
  deleteOnTerminationRequest,
  deleteRequest,
  describeVolumesPage,
  detachRequest,
} from './requests.js';
import { decodeAll, decodeAs, SdkInstance, SdkInstanceType, SdkVolume } from './shapes.js';
import type { Timing } from './timing.js';
import { pollUntil, type Poll, type WaitPolicy } from './waits.js';

/** What every lifecycle step needs: the SDK client, the retry policy and the injected time. */
export interface Ec2Context {
  readonly client: EC2Client;
  readonly retry: RetryPolicy;
  readonly timing: Timing;
}

const call = <A>(ctx: Ec2Context, run: () => Promise<A>): Promise<Either<Ec2Error, A>> =>
  ec2Call(run, ctx.retry, ctx.timing);

/** One volume by id; `NotFound` when EC2 does not know it. */
export const describeVolume = async (
  ctx: Ec2Context,
  volumeId: string,
): Promise<Either<Ec2Error, EbsVolume>> => {
  const r = await call(ctx, () =>
    ctx.client.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] })),
  );
  if (isLeft(r)) return r;
  const vs = decodeAll(SdkVolume, r.right.Volumes, 'DescribeVolumes');
  if (isLeft(vs)) return vs;
  const v = vs.right.find((x) => x.VolumeId === volumeId);
  return v === undefined
    ? left({
        _tag: 'NotFound',
        resource: 'volume',
        code: 'InvalidVolume.NotFound',
        message: `The volume '${volumeId}' does not exist.`,
      })
    : right(toVolume(v));
};

/** Every volume matching the filters (all pages). */
export const findVolumes = async (
  ctx: Ec2Context,
  filters: Filter[],
): Promise<Either<Ec2Error, EbsVolume[]>> => {
  const out: EbsVolume[] = [];
  let token: string | undefined;
  do {
    const page = describeVolumesPage(filters, token);
    const r = await call(ctx, () => ctx.client.send(new DescribeVolumesCommand(page)));
    if (isLeft(r)) return r;
    const vs = decodeAll(SdkVolume, r.right.Volumes, 'DescribeVolumes');
    if (isLeft(vs)) return vs;
    out.push(...vs.right.map(toVolume));
    token = r.right.NextToken === '' ? undefined : r.right.NextToken;
  } while (token !== undefined);
  return right(out);
};

/** CreateVolume (idempotent by `clientToken`). */
export const createVolume = async (
  ctx: Ec2Context,
  spec: EbsVolumeSpec,
  availabilityZone: string,
  clientToken: string,
  tags: Readonly<Record<string, string>>,
): Promise<Either<Ec2Error, EbsVolume>> => {
  const req = createVolumeRequest(spec, availabilityZone, clientToken, tags);
  const r = await call(ctx, () => ctx.client.send(new CreateVolumeCommand(req)));
  if (isLeft(r)) return r;
  const v = decodeAs(SdkVolume, r.right, 'CreateVolume');
  return isLeft(v) ? v : right(toVolume(v.right));
};

/** Polls for which DescribeVolumes may still miss a just-created volume. */
const maxUnseenPolls = 4;

/** Waits until the volume is `available`; fails fast if it goes to `error` or `deleted`. */
export const waitAvailable = (
  ctx: Ec2Context,
  volumeId: string,
  policy: WaitPolicy,
): Promise<Either<Ec2Error, EbsVolume>> => {
  let unseen = 0;
  return pollUntil(
    volumeId,
    'available',
    async (): Promise<Either<Ec2Error, Poll<EbsVolume>>> => {
      const r = await describeVolume(ctx, volumeId);
      // Right after CreateVolume, DescribeVolumes may not see the volume yet (eventual
      // consistency): tolerated for a few polls, then the volume is really not there.
      if (isLeft(r))
        return r.left._tag === 'NotFound' && ++unseen <= maxUnseenPolls
          ? right({ _tag: 'pending', state: 'not yet visible' })
          : r;
      const v = r.right;
      if (v.state === 'available' || v.state === 'in-use') return right({ _tag: 'done', value: v });
      if (v.state === 'error' || v.state === 'deleted' || v.state === 'deleting')
        return right({
          _tag: 'failed',
          error: {
            _tag: 'IncorrectState',
            code: v.state,
            message: `volume ${volumeId} went to '${v.state}' while creating (an invalid KMS key does this)`,
          },
        });
      return right({ _tag: 'pending', state: v.state });
    },
    policy,
    ctx.timing,
  );
};

/** One instance: zone, type, state and block-device mapping. */
export const describeInstance = async (
  ctx: Ec2Context,
  instanceId: string,
): Promise<Either<Ec2Error, EbsInstance>> => {
  const r = await call(ctx, () =>
    ctx.client.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })),
  );
  if (isLeft(r)) return r;
  const raw = (r.right.Reservations ?? []).flatMap((x) => x.Instances ?? []);
  const is = decodeAll(SdkInstance, raw, 'DescribeInstances');
  if (isLeft(is)) return is;
  const i = is.right.find((x) => x.InstanceId === instanceId);
  return i === undefined
    ? left({
        _tag: 'NotFound',
        resource: 'instance',
        code: 'InvalidInstanceID.NotFound',
        message: `The instance ID '${instanceId}' does not exist`,
      })
    : right(toInstance(i));
};

/** The EBS facts of one instance type (attachment limit, NVMe). */
export const describeInstanceType = async (
  ctx: Ec2Context,
  instanceType: string,
): Promise<Either<Ec2Error, EbsInstanceType>> => {
  const r = await call(ctx, () =>
    ctx.client.send(
      new DescribeInstanceTypesCommand({ InstanceTypes: [instanceType as _InstanceType] }),
    ),
  );
  if (isLeft(r)) return r;
  const ts = decodeAll(SdkInstanceType, r.right.InstanceTypes, 'DescribeInstanceTypes');
  if (isLeft(ts)) return ts;
  const t = ts.right.find((x) => x.InstanceType === instanceType);
  return t === undefined
    ? left({
        _tag: 'NotFound',
        resource: 'instanceType',
        code: 'InvalidInstanceType',
        message: `unknown instance type ${instanceType}`,
      })
    : right(toInstanceType(t));
};

/** AttachVolume (one try, one name). */
export const attachVolume = async (
  ctx: Ec2Context,
  volumeId: string,
  instanceId: string,
  device: string,
): Promise<Either<Ec2Error, void>> => {
  const r = await call(ctx, () =>
    ctx.client.send(new AttachVolumeCommand(attachRequest(volumeId, instanceId, device))),
  );
  return isLeft(r) ? r : right(undefined);
};

/**
 * Waits until the volume's attachment to `instanceId` is itself `attached` (the volume's
 * `in-use` alone is not enough); fails if the volume turns out attached elsewhere.
 */
export const waitAttached = (
  ctx: Ec2Context,
  volumeId: string,
  instanceId: string,
  policy: WaitPolicy,
): Promise<Either<Ec2Error, EbsVolume>> =>
  pollUntil(
    volumeId,
    `attached to ${instanceId}`,
    async (): Promise<Either<Ec2Error, Poll<EbsVolume>>> => {
      const r = await describeVolume(ctx, volumeId);
      if (isLeft(r)) return r;
      const a = r.right.attachment;
      if (a !== undefined && a.instanceId !== instanceId)
        return right({
          _tag: 'failed',
          error: {
            _tag: 'IncorrectState',
            code: 'VolumeInUse',
            message: `${volumeId} is attached to ${a.instanceId}`,
          },
        });
      if (a?.state === 'attached') return right({ _tag: 'done', value: r.right });
      return right({ _tag: 'pending', state: a?.state ?? r.right.state });
    },
    policy,
    ctx.timing,
  );

/** Sets DeleteOnTermination of an attached device. */
export const setDeleteOnTermination = async (
  ctx: Ec2Context,
  instanceId: string,
  device: string,
  volumeId: string,
  value: boolean,
): Promise<Either<Ec2Error, void>> => {
  const req = deleteOnTerminationRequest(instanceId, device, volumeId, value);
  const r = await call(ctx, () => ctx.client.send(new ModifyInstanceAttributeCommand(req)));
  return isLeft(r) ? r : right(undefined);
};

/** DetachVolume, then waits until the volume no longer has an attachment to the instance. */
export const detachVolume = async (
  ctx: Ec2Context,
  volumeId: string,
  instanceId: string,
  policy: WaitPolicy,
): Promise<Either<Ec2Error, EbsVolume>> => {
  const r = await call(ctx, () =>
    ctx.client.send(new DetachVolumeCommand(detachRequest(volumeId, instanceId))),
  );
  if (isLeft(r)) {
    // "Not attached" is success for a detach; any other refusal is returned as is.
    if (
      r.left._tag !== 'IncorrectState' &&
      !(r.left._tag === 'NotFound' && r.left.resource === 'attachment')
    )
      return r;
    const d = await describeVolume(ctx, volumeId);
    if (isLeft(d)) return d;
    const a = d.right.attachment;
    if (a !== undefined && a.instanceId === instanceId && a.state !== 'detaching') return r;
  }
  return pollUntil(
    volumeId,
    'detached',
    async (): Promise<Either<Ec2Error, Poll<EbsVolume>>> => {
      const d = await describeVolume(ctx, volumeId);
      if (isLeft(d)) return d;
      const a = d.right.attachment;
      if (a === undefined || a.instanceId !== instanceId)
        return right({ _tag: 'done', value: d.right });
      return right({ _tag: 'pending', state: a.state });
    },
    policy,
    ctx.timing,
  );
};

/** DeleteVolume (the volume must not be attached: `IncorrectState` from `VolumeInUse`). */
export const deleteVolume = async (
  ctx: Ec2Context,
  volumeId: string,
): Promise<Either<Ec2Error, void>> => {
  const r = await call(ctx, () =>
    ctx.client.send(new DeleteVolumeCommand(deleteRequest(volumeId))),
  );
  return isLeft(r) ? r : right(undefined);
};

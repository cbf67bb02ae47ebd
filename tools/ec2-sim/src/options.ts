import * as t from 'io-ts';
import { defaultVolumeTimings, VolumeTimings } from '@scaleio-framework/testkit';

/** Codec of one simulated EC2 instance. */
export const SimInstanceSpec = t.intersection([
  t.type({
    /** `i-` followed by hex digits. */
    instanceId: t.string,
    availabilityZone: t.string,
    instanceType: t.string,
  }),
  t.partial({
    /** `running` (default) or `stopped`; attaching needs one of them. */
    state: t.keyof({ running: null, stopped: null, pending: null }),
    /** Root device name; the root volume is created and attached there. Default `/dev/xvda`. */
    rootDeviceName: t.string,
    /** Root volume size in GiB (default 8). */
    rootSizeGiB: t.number,
    tags: t.record(t.string, t.string),
    /**
     * Device names taken on the instance but NOT shown in its block-device mapping (a stale view,
     * instance store, or a concurrent attach): AttachVolume on them fails with "already in use".
     */
    hiddenDevices: t.array(t.string),
  }),
]);
/** One simulated EC2 instance. */
export type SimInstanceSpec = t.TypeOf<typeof SimInstanceSpec>;

/** Codec of an instance type's EBS facts, as DescribeInstanceTypes reports them. */
export const InstanceTypeSpec = t.type({
  maximumEbsAttachments: t.number,
  attachmentLimitType: t.keyof({ shared: null, dedicated: null }),
  nvmeSupport: t.keyof({ required: null, supported: null, unsupported: null }),
});
/** An instance type's EBS facts. */
export type InstanceTypeSpec = t.TypeOf<typeof InstanceTypeSpec>;

/**
 * Codec of the simulated durations (milliseconds of the sim's clock; the cloud simulators' one,
 * testkit): `createMs` `creating` -> `available`, `attachMs` attachment `attaching` -> `attached`,
 * `detachMs` attachment `detaching` -> `detached`, `deleteMs` `deleting` -> gone.
 */
export const Timings = VolumeTimings;
/** Simulated durations. */
export type Timings = VolumeTimings;

/** Codec of the options a JSON config file (CLI `--config`) may hold. */
export const Ec2SimConfig = t.partial({
  region: t.string,
  accountId: t.string,
  instances: t.array(SimInstanceSpec),
  instanceTypes: t.record(t.string, InstanceTypeSpec),
  timings: t.partial(Timings.props),
  /** KMS key ids/ARNs that fail asynchronously: the volume goes `creating` -> `error`. */
  failingKmsKeys: t.array(t.string),
  attachmentWebhook: t.string,
});
/** Options a JSON config file may hold. */
export type Ec2SimConfig = t.TypeOf<typeof Ec2SimConfig>;

/** The instance types known by default (values as moto and the EC2 docs report them). */
export const defaultInstanceTypes: Readonly<Record<string, InstanceTypeSpec>> = {
  't3.small': { maximumEbsAttachments: 27, attachmentLimitType: 'shared', nvmeSupport: 'required' },
  'm5.large': { maximumEbsAttachments: 27, attachmentLimitType: 'shared', nvmeSupport: 'required' },
  'm5.xlarge': {
    maximumEbsAttachments: 27,
    attachmentLimitType: 'shared',
    nvmeSupport: 'required',
  },
  'c5.large': { maximumEbsAttachments: 27, attachmentLimitType: 'shared', nvmeSupport: 'required' },
  'm7i.large': {
    maximumEbsAttachments: 32,
    attachmentLimitType: 'dedicated',
    nvmeSupport: 'required',
  },
  'r7i.48xlarge': {
    maximumEbsAttachments: 128,
    attachmentLimitType: 'dedicated',
    nvmeSupport: 'required',
  },
  /** Xen (non-Nitro): devices show up as `xvd*` in the guest. */
  't2.micro': {
    maximumEbsAttachments: 39,
    attachmentLimitType: 'shared',
    nvmeSupport: 'unsupported',
  },
};

/** Default simulated durations: short enough for tests, long enough that waits are exercised. */
export const defaultTimings: Timings = defaultVolumeTimings;

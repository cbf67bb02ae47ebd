/**
 * The simulator's state: instances, volumes with their attachment, client tokens and IMDS tokens,
 * plus the clock-driven transitions (`settle`). A simulator is an adapter, so this state is
 * mutable and owned by one server.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AttachmentEvent as CloudAttachmentEvent } from '@scaleio-framework/testkit';
import type { InstanceTypeSpec, SimInstanceSpec, Timings } from './options.js';

/** EC2 volume states. */
export type VolumeStateName =
  'creating' | 'available' | 'in-use' | 'deleting' | 'deleted' | 'error';
/** EC2 attachment states. */
export type AttachmentStateName = 'attaching' | 'attached' | 'detaching' | 'detached';

/** A volume's single (non-multi-attach) attachment. */
export interface AttachmentRec {
  instanceId: string;
  device: string;
  state: AttachmentStateName;
  attachTime: number;
  /** Clock time at which the current transitional state ends. */
  until: number;
  deleteOnTermination: boolean;
}

/** One volume. */
export interface VolumeRec {
  volumeId: string;
  availabilityZone: string;
  sizeGiB: number;
  volumeType: string;
  iops: number | undefined;
  throughput: number | undefined;
  encrypted: boolean;
  kmsKeyId: string | undefined;
  tags: Map<string, string>;
  createTime: number;
  state: VolumeStateName;
  /** Clock time at which `creating`/`deleting` ends. */
  until: number;
  /** Set when the volume must end in `error` (e.g. a failing KMS key). */
  failsAsync: boolean;
  attachment: AttachmentRec | undefined;
}

/** One instance. */
export interface InstanceRec {
  instanceId: string;
  availabilityZone: string;
  instanceType: string;
  state: 'running' | 'stopped' | 'pending';
  rootDeviceName: string;
  tags: Map<string, string>;
  hiddenDevices: Set<string>;
  launchTime: number;
}

/** What a client token was first used for. */
export interface TokenRec {
  readonly fingerprint: string;
  readonly volumeId: string;
}

/** Attachment change announced to listeners (node-sim makes the block device appear); testkit's. */
export type AttachmentEvent = CloudAttachmentEvent;

/** The whole simulated region. */
export interface SimState {
  readonly region: string;
  readonly accountId: string;
  readonly timings: Timings;
  readonly instanceTypes: Record<string, InstanceTypeSpec>;
  readonly failingKmsKeys: Set<string>;
  readonly volumes: Map<string, VolumeRec>;
  /** Volumes already gone, kept so a replayed client token still finds its volume. */
  readonly gone: Map<string, VolumeRec>;
  readonly instances: Map<string, InstanceRec>;
  readonly tokens: Map<string, TokenRec>;
  readonly imdsTokens: Map<string, { readonly instanceId: string; readonly expires: number }>;
}

/** A fresh EC2-style id: `prefix-` and 17 hex digits. */
export const newId = (prefix: string): string =>
  `${prefix}-${randomBytes(9).toString('hex').slice(0, 17)}`;

/** A fresh request id (a UUID, as EC2 uses). */
export const newRequestId = (): string => randomUUID();

/** Adds an instance with its root volume (attached, DeleteOnTermination true). */
export const addInstance = (s: SimState, spec: SimInstanceSpec, now: number): InstanceRec => {
  const inst: InstanceRec = {
    instanceId: spec.instanceId,
    availabilityZone: spec.availabilityZone,
    instanceType: spec.instanceType,
    state: spec.state ?? 'running',
    rootDeviceName: spec.rootDeviceName ?? '/dev/xvda',
    tags: new Map(Object.entries(spec.tags ?? {})),
    hiddenDevices: new Set(spec.hiddenDevices ?? []),
    launchTime: now,
  };
  s.instances.set(inst.instanceId, inst);
  const root: VolumeRec = {
    volumeId: newId('vol'),
    availabilityZone: inst.availabilityZone,
    sizeGiB: spec.rootSizeGiB ?? 8,
    volumeType: 'gp3',
    iops: 3000,
    throughput: 125,
    encrypted: false,
    kmsKeyId: undefined,
    tags: new Map(),
    createTime: now,
    state: 'in-use',
    until: now,
    failsAsync: false,
    attachment: {
      instanceId: inst.instanceId,
      device: inst.rootDeviceName,
      state: 'attached',
      attachTime: now,
      until: now,
      deleteOnTermination: true,
    },
  };
  s.volumes.set(root.volumeId, root);
  return inst;
};

/** The volumes attached (in any attachment state) to an instance. */
export const attachedTo = (s: SimState, instanceId: string): VolumeRec[] =>
  [...s.volumes.values()].filter((v) => v.attachment?.instanceId === instanceId);

/**
 * Applies every transition whose time has come and returns the attachment events, in order.
 * Idempotent: calling it again at the same time changes nothing.
 */
export const settle = (s: SimState, now: number): AttachmentEvent[] => {
  const events: AttachmentEvent[] = [];
  for (const v of [...s.volumes.values()]) {
    if (v.state === 'creating' && now >= v.until) v.state = v.failsAsync ? 'error' : 'available';
    if (v.state === 'deleting' && now >= v.until) {
      v.state = 'deleted';
      s.volumes.delete(v.volumeId);
      s.gone.set(v.volumeId, v);
      continue;
    }
    const a = v.attachment;
    if (a === undefined || now < a.until) continue;
    const ev = {
      instanceId: a.instanceId,
      volumeId: v.volumeId,
      device: a.device,
      sizeGiB: v.sizeGiB,
    };
    if (a.state === 'attaching') {
      a.state = 'attached';
      events.push({ ...ev, state: 'attached' });
    } else if (a.state === 'detaching') {
      a.state = 'detached';
      v.attachment = undefined;
      v.state = 'available';
      events.push({ ...ev, state: 'detached' });
    }
  }
  return events;
};

/**
 * Terminates an instance: volumes attached with DeleteOnTermination are deleted, the others are
 * detached (left `available`, as EC2 does). Returns the detach events; false-y when unknown.
 */
export const terminateInstance = (
  s: SimState,
  instanceId: string,
  now: number,
): AttachmentEvent[] | undefined => {
  if (!s.instances.delete(instanceId)) return undefined;
  const events: AttachmentEvent[] = [];
  for (const v of attachedTo(s, instanceId)) {
    const a = v.attachment;
    if (a === undefined) continue;
    events.push({
      instanceId,
      volumeId: v.volumeId,
      device: a.device,
      sizeGiB: v.sizeGiB,
      state: 'detached',
    });
    v.attachment = undefined;
    if (a.deleteOnTermination) {
      v.state = 'deleting';
      v.until = now + s.timings.deleteMs;
    } else v.state = 'available';
  }
  return events;
};

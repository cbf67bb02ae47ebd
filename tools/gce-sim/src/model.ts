/**
 * The simulated Compute Engine project: zonal disks, instances with their attached disks, and
 * zonal operations that finish after a delay of the sim clock. Mutations that the real API
 * performs asynchronously happen when their operation completes (`settle`), as on Compute Engine,
 * where `disks.insert` returns a `PENDING`/`RUNNING` operation and the effect is only certain once
 * the operation is `DONE` (https://cloud.google.com/compute/docs/api/how-tos/api-requests-responses#handling_api_responses).
 */
import { randomBytes } from 'node:crypto';
import type { AttachmentEvent as CloudAttachmentEvent } from '@scaleio-framework/testkit';
import type { Timings } from './options.js';

/** The host every `selfLink` uses (real responses: `https://www.googleapis.com/compute/v1/...`). */
export const API_BASE = 'https://www.googleapis.com/compute/v1';

/** A persistent disk. */
export interface Disk {
  readonly id: string;
  readonly name: string;
  readonly zone: string;
  readonly sizeGb: number;
  readonly type: string;
  readonly labels: Record<string, string>;
  readonly description?: string;
  readonly kmsKeyName?: string;
  status: 'CREATING' | 'READY' | 'DELETING' | 'FAILED';
  /** Self links of the instances it is attached to. */
  users: string[];
  readonly createdAtMs: number;
  lastAttachMs?: number;
  lastDetachMs?: number;
  /** The instance name an attachDisk operation under way attaches it to. */
  attachingTo?: string;
}

/** A disk as an instance sees it (`instances.get` `disks[]`). */
export interface AttachedDisk {
  readonly deviceName: string;
  /** The disk's self link. */
  readonly source: string;
  readonly index: number;
  readonly boot: boolean;
  readonly autoDelete: boolean;
}

/** A VM instance. */
export interface Instance {
  readonly id: string;
  readonly name: string;
  readonly zone: string;
  readonly machineType: string;
  disks: AttachedDisk[];
  /** Device names of attaches under way (their operation not DONE yet). */
  pending: Set<string>;
}

/** An operation error as `Operation.error.errors[]` carries it. */
export interface OpError {
  readonly code: string;
  readonly message: string;
}

/** A zonal operation. */
export interface Operation {
  readonly id: string;
  readonly name: string;
  readonly zone: string;
  readonly operationType: string;
  readonly targetLink: string;
  readonly targetId: string;
  readonly insertMs: number;
  readonly doneAtMs: number;
  status: 'PENDING' | 'RUNNING' | 'DONE';
  endMs?: number;
  error?: { readonly errors: OpError[]; readonly httpStatus: number; readonly httpMessage: string };
  /** Performs the effect when due; returns an error to fail the operation instead. */
  readonly complete: () => OpError | { httpStatus: number; error: OpError } | undefined;
}

/**
 * An attachment change, as node-sim consumes it (testkit's, the same JSON as ec2-sim's): the
 * instance name, the disk name, and the device name given to attachDisk (the guest sees
 * `/dev/disk/by-id/google-<device>`).
 */
export type AttachmentEvent = CloudAttachmentEvent;

/** The whole simulated project. */
export interface SimState {
  readonly project: string;
  readonly projectNumber: string;
  readonly timings: Timings;
  readonly machineTypes: Record<string, number>;
  readonly quotaGb: { SSD_TOTAL_GB: number; DISKS_TOTAL_GB: number };
  /** Disks by `<zone>/<name>`. */
  readonly disks: Map<string, Disk>;
  /** Instances by `<zone>/<name>`. */
  readonly instances: Map<string, Instance>;
  /** Operations by name. */
  readonly operations: Map<string, Operation>;
  /** requestId -> operation name (the API ignores a repeated request id and answers the first operation). */
  readonly requestIds: Map<string, string>;
  /** Access tokens the metadata server issued. */
  readonly tokens: Set<string>;
  /** Events of operations completed since the last drain. */
  readonly events: AttachmentEvent[];
}

let counter = 0;
/** A numeric resource id, as the API gives (`id` is a uint64 rendered as a string). */
export const newId = (): string => `${Date.now()}${String(++counter).padStart(6, '0')}`.slice(-19);

/**
 * An operation name in the real format (`operation-<epoch ms>-<13 hex>-<8 hex>-<8 hex>`, as in
 * kubernetes-sigs/gcp-compute-persistent-disk-csi-driver#1819:
 * `operation-1744802898292-632e394f4ad33-7301bb9b-ce176f79`).
 */
export const newOperationName = (nowMs: number): string =>
  `operation-${nowMs}-${randomBytes(7).toString('hex').slice(0, 13)}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;

/** `https://www.googleapis.com/compute/v1/projects/<p>/zones/<z>`. */
export const zoneLink = (s: SimState, zone: string): string =>
  `${API_BASE}/projects/${s.project}/zones/${zone}`;
/** A disk's self link. */
export const diskLink = (s: SimState, zone: string, name: string): string =>
  `${zoneLink(s, zone)}/disks/${name}`;
/** An instance's self link. */
export const instanceLink = (s: SimState, zone: string, name: string): string =>
  `${zoneLink(s, zone)}/instances/${name}`;
/** The region of a zone (`us-central1-a` -> `us-central1`). */
export const regionOf = (zone: string): string => zone.replace(/-[a-z]$/, '');

/** Adds an instance with its boot disk (named after the instance, device name `persistent-disk-0`). */
export const addInstance = (
  s: SimState,
  spec: {
    name: string;
    zone: string;
    machineType: string;
    bootDiskGb?: number;
    dataDisks?: number;
  },
  nowMs: number,
): void => {
  const link = instanceLink(s, spec.zone, spec.name);
  const data = Array.from({ length: spec.dataDisks ?? 0 }, (_, i) => `${spec.name}-data-${i}`);
  for (const name of data)
    s.disks.set(`${spec.zone}/${name}`, {
      id: newId(),
      name,
      zone: spec.zone,
      sizeGb: 10,
      type: 'pd-standard',
      labels: {},
      status: 'READY',
      users: [link],
      createdAtMs: nowMs,
    });
  const boot: Disk = {
    id: newId(),
    name: spec.name,
    zone: spec.zone,
    sizeGb: spec.bootDiskGb ?? 10,
    type: 'pd-balanced',
    labels: {},
    status: 'READY',
    users: [instanceLink(s, spec.zone, spec.name)],
    createdAtMs: nowMs,
  };
  s.disks.set(`${spec.zone}/${spec.name}`, boot);
  s.instances.set(`${spec.zone}/${spec.name}`, {
    id: newId(),
    name: spec.name,
    zone: spec.zone,
    machineType: spec.machineType,
    disks: [
      {
        deviceName: 'persistent-disk-0',
        source: diskLink(s, spec.zone, spec.name),
        index: 0,
        boot: true,
        autoDelete: true,
      },
      ...data.map((name, i) => ({
        deviceName: name,
        source: diskLink(s, spec.zone, name),
        index: i + 1,
        boot: false,
        autoDelete: false,
      })),
    ],
    pending: new Set(),
  });
};

/** Starts an operation that completes `durationMs` from now; registers its request id. */
export const startOperation = (
  s: SimState,
  nowMs: number,
  o: Pick<Operation, 'zone' | 'operationType' | 'targetLink' | 'targetId' | 'complete'>,
  durationMs: number,
  requestId: string | undefined,
): Operation => {
  const op: Operation = {
    ...o,
    id: newId(),
    name: newOperationName(nowMs),
    insertMs: nowMs,
    doneAtMs: nowMs + durationMs,
    status: 'RUNNING',
  };
  s.operations.set(op.name, op);
  if (requestId !== undefined) s.requestIds.set(requestId, op.name);
  return op;
};

/** Completes every operation that is due, in the order they are due. */
export const settle = (s: SimState, nowMs: number): void => {
  const due = [...s.operations.values()]
    .filter((o) => o.status !== 'DONE' && o.doneAtMs <= nowMs)
    .sort((a, b) => a.doneAtMs - b.doneAtMs);
  for (const op of due) {
    const r = op.complete();
    op.status = 'DONE';
    op.endMs = nowMs;
    if (r !== undefined) {
      const withStatus = 'httpStatus' in r ? r : { httpStatus: 400, error: r };
      op.error = {
        errors: [withStatus.error],
        httpStatus: withStatus.httpStatus,
        httpMessage: httpMessages[withStatus.httpStatus] ?? 'BAD REQUEST',
      };
    }
  }
};

/** `Operation.httpErrorMessage` values (the HTTP reason phrase, upper case). */
const httpMessages: Record<number, string> = {
  400: 'BAD REQUEST',
  403: 'FORBIDDEN',
  404: 'NOT FOUND',
  409: 'CONFLICT',
};

/** The instance a disk self link is attached to, by instance self link. */
export const findInstanceByLink = (s: SimState, link: string): Instance | undefined =>
  [...s.instances.values()].find((i) => instanceLink(s, i.zone, i.name) === link);

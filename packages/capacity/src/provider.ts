/**
 * The capacity provider contract: what every cloud (EBS, GCE PD, Azure Disk, Cinder, …) implements
 * so that the framework can grow a ScaleIO storage pool with new block volumes. The data types are
 * io-ts codecs (the codec is the type); the operations are the {@link CapacityProvider} interface.
 */
import * as t from 'io-ts';
import type { Either } from 'fp-ts/lib/Either.js';
import type { ProviderError } from './errors.js';
import { ClusterId, IdempotencyKey, NodeId, PositiveInt, VolumeId } from './ids.js';

/** What to create: size and type are required, performance and encryption are optional. */
export const VolumeSpec = t.intersection([
  t.type({
    sizeGiB: PositiveInt,
    /** The cloud's volume type name (`gp3`, `pd-ssd`, `Premium_LRS`, …). */
    volumeType: t.string,
    /** Encrypt at rest. Providers must default encryption on; the framework passes `true` by default. */
    encrypted: t.boolean,
  }),
  t.partial({
    iops: PositiveInt,
    throughputMiBps: PositiveInt,
    /** A customer-managed key id/ARN; only with `encrypted: true`. */
    kmsKeyId: t.string,
  }),
]);
/** What to create. */
export type VolumeSpec = t.TypeOf<typeof VolumeSpec>;

/** Free-form tags the caller adds (pool, protection domain, ledger entry); keys and values are strings. */
export const Tags = t.record(t.string, t.string);
/** Free-form tags. */
export type Tags = t.TypeOf<typeof Tags>;

/** A request to create one volume for one node, in that node's own zone. */
export const ProvisionRequest = t.type({
  /** Deterministic; the same key with the same spec and node returns the same volume. */
  key: IdempotencyKey,
  node: NodeId,
  spec: VolumeSpec,
  tags: Tags,
});
/** A request to create one volume for one node. */
export type ProvisionRequest = t.TypeOf<typeof ProvisionRequest>;

/** Life-cycle states, normalised across clouds. */
export const VolumeState = t.keyof({
  creating: null,
  available: null,
  attaching: null,
  attached: null,
  detaching: null,
  deleting: null,
  deleted: null,
  error: null,
});
/** A volume's normalised state. */
export type VolumeState = t.TypeOf<typeof VolumeState>;

/** Where a volume is attached, and how the node's OS will see it. */
export const Attachment = t.type({
  volume: VolumeId,
  node: NodeId,
  /** The name the cloud API was given (`/dev/sdf`); NOT necessarily the in-guest name. */
  deviceName: t.string,
  /**
   * Stable in-guest paths to look for, best first (e.g. `/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0abc…`,
   * then `/dev/xvdf`). The executor resolves the first that exists; never a bare `/dev/nvmeXn1`.
   */
  guestPaths: t.array(t.string),
});
/** Where a volume is attached. */
export type Attachment = t.TypeOf<typeof Attachment>;

/** A volume as the provider describes it. */
export const Volume = t.intersection([
  t.type({
    id: VolumeId,
    /** The node it was provisioned for (from its ownership tag). */
    node: NodeId,
    zone: t.string,
    sizeGiB: PositiveInt,
    volumeType: t.string,
    encrypted: t.boolean,
    state: VolumeState,
    /** All tags on the volume, ownership tags included. */
    tags: Tags,
  }),
  t.partial({
    /** The idempotency key it was created with (from its ownership tag). */
    key: IdempotencyKey,
    attachment: Attachment,
    /** Creation time, epoch milliseconds. */
    createdAtMs: t.number,
  }),
]);
/** A volume as the provider describes it. */
export type Volume = t.TypeOf<typeof Volume>;

/** What the provider allows for one volume type. */
export const VolumeTypeLimits = t.intersection([
  t.type({ volumeType: t.string, minSizeGiB: PositiveInt, maxSizeGiB: PositiveInt }),
  t.partial({
    minIops: PositiveInt,
    maxIops: PositiveInt,
    minThroughputMiBps: PositiveInt,
    maxThroughputMiBps: PositiveInt,
  }),
]);
/** What the provider allows for one volume type. */
export type VolumeTypeLimits = t.TypeOf<typeof VolumeTypeLimits>;

/** What a provider declares about itself (constant for its lifetime). */
export const Capabilities = t.type({
  /** A short name: `aws-ebs`, `gce-pd`, `memory`, … */
  provider: t.string,
  volumeTypes: t.array(VolumeTypeLimits),
  /** The type to use when the configuration names none. */
  defaultVolumeType: t.string,
  /** Attachment slots per node when the provider cannot ask per node; {@link NodeCapacity} wins. */
  defaultMaxAttachmentsPerNode: PositiveInt,
  /** Whether encryption at rest can be requested. */
  encryption: t.boolean,
});
/** What a provider declares about itself. */
export type Capabilities = t.TypeOf<typeof Capabilities>;

/** A node as the provider sees it: its zone and its attachment slots. */
export const NodeCapacity = t.type({
  node: NodeId,
  zone: t.string,
  /** Slots in use, by any volume (root disk included) — the cloud's count, not only ours. */
  attachments: t.number,
  /** Slots in total for this node's machine type. */
  maxAttachments: PositiveInt,
});
/** A node's zone and attachment slots. */
export type NodeCapacity = t.TypeOf<typeof NodeCapacity>;

/** The tag keys every provider puts on what it creates (label-safe for every cloud). */
export const ownershipTagKeys = {
  cluster: 'scaleio-framework-cluster',
  key: 'scaleio-framework-key',
  node: 'scaleio-framework-node',
} as const;

/** The ownership tags for a volume: merged over the caller's tags (ownership wins). */
export const ownershipTags = (cluster: ClusterId, req: ProvisionRequest): Tags => ({
  ...req.tags,
  [ownershipTagKeys.cluster]: cluster,
  [ownershipTagKeys.key]: req.key,
  [ownershipTagKeys.node]: req.node,
});

/**
 * The operations every cloud implements. All return `Promise<Either<ProviderError, …>>` and never
 * reject; every effect is idempotent so that a crash-and-replay of the caller never duplicates.
 *
 * - `provision`: creates the volume in the node's zone, tagged with {@link ownershipTags}, and
 *   resolves once it is `available` (bounded wait, `Timeout` otherwise). The same key with the same
 *   node and spec returns the existing volume (any state but deleted); a different node or spec
 *   gives `IdempotencyMismatch`.
 * - `attach`: attaches to the node under a free device name and resolves once attached; attaching
 *   a volume already attached to that node returns the existing attachment; attached elsewhere
 *   gives `AlreadyExists`; no free slot gives `LimitExceeded('attachments')`; another zone gives
 *   `ZoneMismatch`.
 * - `describe`: `NotFound` for unknown or deleted volumes.
 * - `findByKey`: the live volume created with that key, or `null` (crash recovery).
 * - `detach`: resolves once detached; already detached is success.
 * - `delete`: the volume must not be attached (`IncorrectState`); already gone is success.
 * - `listOwned`: every live volume tagged with this provider's cluster id (leak detection).
 * - `describeNode`: zone and attachment slots of a node; `NotFound` for unknown nodes.
 */
export interface CapacityProvider {
  /** The cluster whose volumes this instance creates and lists. */
  readonly cluster: ClusterId;
  /** Volume types, size/IOPS limits, default attachment slots. */
  capabilities(): Promise<Either<ProviderError, Capabilities>>;
  /** A node's zone and attachment slots. */
  describeNode(node: NodeId): Promise<Either<ProviderError, NodeCapacity>>;
  /** Creates (or, for a known key, returns) the volume, resolving once it is available. */
  provision(req: ProvisionRequest): Promise<Either<ProviderError, Volume>>;
  /** Attaches under a free, never recently used device name, resolving once attached. */
  attach(volume: VolumeId, node: NodeId): Promise<Either<ProviderError, Attachment>>;
  /** The volume's current state; NotFound once deleted. */
  describe(volume: VolumeId): Promise<Either<ProviderError, Volume>>;
  /** The live volume created with this key, or null. */
  findByKey(key: IdempotencyKey): Promise<Either<ProviderError, Volume | null>>;
  /** Detaches, resolving once detached; already detached is success. */
  detach(volume: VolumeId, node: NodeId): Promise<Either<ProviderError, void>>;
  /** Deletes a detached volume; already gone is success. */
  delete(volume: VolumeId): Promise<Either<ProviderError, void>>;
  /** Every live volume tagged with this cluster id. */
  listOwned(): Promise<Either<ProviderError, ReadonlyArray<Volume>>>;
}

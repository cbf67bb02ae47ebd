/**
 * An in-memory capacity provider: the reference implementation of the contract. It passes the
 * provider suite and serves the framework's own tests and demos where no cloud exists. Several
 * providers (one per cluster id) can share one {@link MemoryCloud}.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { providerError, type ProviderError } from './errors.js';
import type { ClusterId, IdempotencyKey, NodeId, PositiveInt, VolumeId } from './ids.js';
import {
  ownershipTagKeys,
  ownershipTags,
  type Attachment,
  type CapacityProvider,
  type Capabilities,
  type NodeCapacity,
  type ProvisionRequest,
  type Volume,
  type VolumeSpec,
} from './provider.js';

/** A machine of the in-memory cloud. */
export interface MemoryNode {
  readonly zone: string;
  readonly maxAttachments: number;
  /** Slots used by volumes this cloud does not model (root disk, ENIs). */
  readonly otherAttachments: number;
}

interface StoredVolume {
  readonly volume: Volume;
  readonly spec: VolumeSpec;
}

/** The shared, mutable state of the in-memory cloud. */
export interface MemoryCloud {
  readonly nodes: Map<string, MemoryNode>;
  readonly volumes: Map<string, StoredVolume>;
  /** Device names already used per node; a name is never handed out twice (EBS "stuck attaching" lesson). */
  readonly usedDevices: Map<string, Set<string>>;
  nextId: number;
}

/** A fresh in-memory cloud with the given nodes. */
export const memoryCloud = (nodes: Record<string, MemoryNode>): MemoryCloud => ({
  nodes: new Map(Object.entries(nodes)),
  volumes: new Map(),
  usedDevices: new Map(),
  nextId: 1,
});

/** A literal known to be a positive integer. */
const int = (n: number): PositiveInt => n as PositiveInt;

/** The capabilities the in-memory provider declares. */
export const memoryCapabilities: Capabilities = {
  provider: 'memory',
  volumeTypes: [
    { volumeType: 'ssd', minSizeGiB: int(1), maxSizeGiB: int(65536) },
    { volumeType: 'hdd', minSizeGiB: int(125), maxSizeGiB: int(16384) },
  ],
  defaultVolumeType: 'ssd',
  defaultMaxAttachmentsPerNode: int(27),
  encryption: true,
};

const sameSpec = (a: VolumeSpec, b: VolumeSpec): boolean =>
  a.sizeGiB === b.sizeGiB &&
  a.volumeType === b.volumeType &&
  a.encrypted === b.encrypted &&
  a.iops === b.iops &&
  a.throughputMiBps === b.throughputMiBps &&
  a.kmsKeyId === b.kmsKeyId;

const live = (v: Volume): boolean => v.state !== 'deleted';

const deviceNames = Array.from('fghijklmnopqrstuvwxyz', (c) => `/dev/sd${c}`).concat(
  Array.from('abcdefghijklmnopqrstuvwxyz', (c) => `/dev/xvdb${c}`),
);

/** Options of {@link memoryProvider}. */
export interface MemoryProviderOptions {
  readonly cluster: ClusterId;
  readonly cloud: MemoryCloud;
  /** The clock for `createdAtMs`; injected so tests stay deterministic. */
  readonly now?: () => number;
}

/** A {@link CapacityProvider} over a {@link MemoryCloud}. */
export const memoryProvider = (opts: MemoryProviderOptions): CapacityProvider => {
  const { cloud, cluster } = opts;
  const now = opts.now ?? (() => 0);
  const ok = <A>(a: A): Promise<Either<ProviderError, A>> => Promise.resolve(right(a));
  const fail = <A>(e: ProviderError): Promise<Either<ProviderError, A>> => Promise.resolve(left(e));
  const ours = (v: Volume): boolean => v.tags[ownershipTagKeys.cluster] === cluster;
  const byKey = (key: IdempotencyKey): StoredVolume | undefined =>
    [...cloud.volumes.values()].find(
      (s) => live(s.volume) && ours(s.volume) && s.volume.key === key,
    );
  const put = (s: StoredVolume, volume: Volume): Volume => {
    cloud.volumes.set(volume.id, { ...s, volume });
    return volume;
  };
  const usedSlots = (node: string, n: MemoryNode): number =>
    n.otherAttachments +
    [...cloud.volumes.values()].filter((s) => s.volume.attachment?.node === node).length;

  const provider: CapacityProvider = {
    cluster,
    capabilities: () => ok(memoryCapabilities),
    describeNode: (node: NodeId) => {
      const n = cloud.nodes.get(node);
      if (n === undefined) return fail(providerError.notFound('node', node));
      const cap: NodeCapacity = {
        node,
        zone: n.zone,
        attachments: usedSlots(node, n),
        maxAttachments: int(n.maxAttachments),
      };
      return ok(cap);
    },
    provision: (req: ProvisionRequest) => {
      const n = cloud.nodes.get(req.node);
      if (n === undefined) return fail(providerError.notFound('node', req.node));
      const existing = byKey(req.key);
      if (existing !== undefined) {
        return existing.volume.node === req.node && sameSpec(existing.spec, req.spec)
          ? ok(existing.volume)
          : fail(providerError.idempotencyMismatch(req.key, 'key used with other parameters'));
      }
      const type = memoryCapabilities.volumeTypes.find((t) => t.volumeType === req.spec.volumeType);
      if (type === undefined) {
        return fail(providerError.invalidArgument(`unknown volume type ${req.spec.volumeType}`));
      }
      if (req.spec.sizeGiB < type.minSizeGiB || req.spec.sizeGiB > type.maxSizeGiB) {
        return fail(
          providerError.limitExceeded(
            'volumeSpec',
            `size ${req.spec.sizeGiB} GiB outside ${type.minSizeGiB}–${type.maxSizeGiB} for ${type.volumeType}`,
          ),
        );
      }
      if (req.spec.kmsKeyId !== undefined && !req.spec.encrypted) {
        return fail(providerError.invalidArgument('a KMS key needs encrypted: true'));
      }
      const id = `mem-${String(cloud.nextId++).padStart(6, '0')}` as VolumeId;
      const volume: Volume = {
        id,
        node: req.node,
        zone: n.zone,
        sizeGiB: req.spec.sizeGiB,
        volumeType: req.spec.volumeType,
        encrypted: req.spec.encrypted,
        state: 'available',
        tags: ownershipTags(cluster, req),
        key: req.key,
        createdAtMs: now(),
      };
      cloud.volumes.set(id, { volume, spec: req.spec });
      return ok(volume);
    },
    attach: (volumeId: VolumeId, node: NodeId) => {
      const s = cloud.volumes.get(volumeId);
      if (s === undefined || !live(s.volume))
        return fail(providerError.notFound('volume', volumeId));
      const n = cloud.nodes.get(node);
      if (n === undefined) return fail(providerError.notFound('node', node));
      const att = s.volume.attachment;
      if (att !== undefined) {
        return att.node === node
          ? ok(att)
          : fail(providerError.alreadyExists(volumeId, `attached to ${att.node}`));
      }
      if (s.volume.zone !== n.zone) return fail(providerError.zoneMismatch(s.volume.zone, n.zone));
      if (usedSlots(node, n) >= n.maxAttachments) {
        return fail(providerError.limitExceeded('attachments', `node ${node} has no free slot`));
      }
      const used = cloud.usedDevices.get(node) ?? new Set<string>();
      cloud.usedDevices.set(node, used);
      const deviceName = deviceNames.find((d) => !used.has(d));
      if (deviceName === undefined) {
        return fail(
          providerError.limitExceeded('attachments', `node ${node} has no device name left`),
        );
      }
      used.add(deviceName);
      const attachment: Attachment = {
        volume: volumeId,
        node,
        deviceName,
        guestPaths: [`/dev/disk/by-id/memory-${volumeId}`, deviceName],
      };
      put(s, { ...s.volume, state: 'attached', attachment });
      return ok(attachment);
    },
    describe: (volumeId: VolumeId) => {
      const s = cloud.volumes.get(volumeId);
      return s === undefined || !live(s.volume)
        ? fail(providerError.notFound('volume', volumeId))
        : ok(s.volume);
    },
    findByKey: (key: IdempotencyKey) => ok(byKey(key)?.volume ?? null),
    detach: (volumeId: VolumeId, node: NodeId) => {
      const s = cloud.volumes.get(volumeId);
      if (s === undefined || !live(s.volume))
        return fail(providerError.notFound('volume', volumeId));
      const att = s.volume.attachment;
      if (att === undefined) return ok(undefined);
      if (att.node !== node) {
        return fail(
          providerError.incorrectState(
            volumeId,
            'attached',
            `attached to ${att.node}, not ${node}`,
          ),
        );
      }
      const { attachment: _gone, ...rest } = s.volume;
      put(s, { ...rest, state: 'available' });
      return ok(undefined);
    },
    delete: (volumeId: VolumeId) => {
      const s = cloud.volumes.get(volumeId);
      if (s === undefined || !live(s.volume)) return ok(undefined);
      if (s.volume.attachment !== undefined) {
        return fail(providerError.incorrectState(volumeId, s.volume.state, 'detach it first'));
      }
      put(s, { ...s.volume, state: 'deleted' });
      return ok(undefined);
    },
    listOwned: () =>
      ok([...cloud.volumes.values()].map((s) => s.volume).filter((v) => live(v) && ours(v))),
  };
  return provider;
};

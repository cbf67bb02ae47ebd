/**
 * Disks: provision (deterministic name and request id, in the node's own zone, labelled, operation
 * polled to DONE), describe, find by key, list owned, delete.
 */
import type { protos } from '@google-cloud/compute';
import { left, right } from 'fp-ts/lib/Either.js';
import {
  ownershipTagKeys,
  ownershipTags,
  providerError,
  type IdempotencyKey,
  type NodeId,
  type PositiveInt,
  type ProvisionRequest,
  type Volume,
  type VolumeId,
  type VolumeState,
} from '@scaleio-framework/capacity';
import { checkSpec } from './capabilities.js';
import type { GceContext, R } from './context.js';
import {
  descriptionOf,
  diskNameOf,
  guestPathsOf as guestPaths,
  labelsOf,
  lastSegment,
  ownedFilter,
  parseVolumeId,
  requestIdOf,
  tagsOf,
  volumeIdOf,
} from './names.js';
import { getNode, nodeCapacity } from './nodes.js';

type Disk = protos.google.cloud.compute.v1.IDisk;

const stateOf = (d: Disk): VolumeState => {
  switch (d.status) {
    case 'CREATING':
    case 'RESTORING':
      return 'creating';
    case 'READY':
      return (d.users ?? []).length > 0 ? 'attached' : 'available';
    case 'DELETING':
      return 'deleting';
    default:
      return 'error';
  }
};

/** A disk as the contract's volume (its attachment read from the instance that uses it). */
export const volumeOf = async (ctx: GceContext, d: Disk): R<Volume> => {
  const zone = lastSegment(d.zone);
  const name = d.name ?? '';
  const id = volumeIdOf(zone, name);
  const labels = (d.labels ?? {}) as Record<string, string>;
  const user = d.users?.[0];
  const userName = user === undefined ? undefined : lastSegment(user);
  const node = (labels[ownershipTagKeys.node] ?? userName ?? 'unknown') as NodeId;
  const key = labels[ownershipTagKeys.key] as IdempotencyKey | undefined;
  let attachment: Volume['attachment'];
  if (userName !== undefined) {
    const n = await getNode(ctx, `zones/${zone}/instances/${userName}` as NodeId);
    if (n._tag === 'Left') return n;
    const att = n.right.disks.find(
      (a) => lastSegment(a.source) === name && a.source?.includes(`/zones/${zone}/`),
    );
    if (att?.deviceName)
      attachment = {
        volume: id,
        node: (labels[ownershipTagKeys.node] === userName
          ? userName
          : `zones/${zone}/instances/${userName}`) as NodeId,
        deviceName: att.deviceName,
        guestPaths: guestPaths(att.deviceName),
      };
  }
  const created = Date.parse(d.creationTimestamp ?? '');
  return right({
    id,
    node,
    zone,
    sizeGiB: Number(d.sizeGb ?? 0) as PositiveInt,
    volumeType: lastSegment(d.type),
    // Compute Engine encrypts every disk at rest (https://cloud.google.com/docs/security/encryption/default-encryption).
    encrypted: true,
    state: stateOf(d),
    tags: tagsOf(d.description, labels),
    ...(key === undefined ? {} : { key }),
    ...(attachment === undefined ? {} : { attachment }),
    ...(Number.isFinite(created) ? { createdAtMs: created } : {}),
  });
};

/** The disk of a volume id, or NotFound. */
export const getDisk = async (ctx: GceContext, volume: VolumeId): R<Disk> => {
  const at = parseVolumeId(volume);
  if (at === undefined) return left(providerError.notFound('volume', volume));
  const p = await ctx.project();
  if (p._tag === 'Left') return p;
  return ctx.call('disks.get', 'volume', volume, async () => {
    const [d] = await ctx.clients.disks.get(
      { project: p.right, zone: at.zone, disk: at.name },
      ctx.callOptions,
    );
    return d;
  });
};

/** Our live disks (optionally of one key), across zones. */
export const listDisks = async (ctx: GceContext, key?: IdempotencyKey): R<Disk[]> => {
  const p = await ctx.project();
  if (p._tag === 'Left') return p;
  return ctx.call('disks.aggregatedList', 'volume', key ?? ctx.cluster, async () => {
    const out: Disk[] = [];
    for await (const [, list] of ctx.clients.disks.aggregatedListAsync(
      { project: p.right, filter: ownedFilter(ctx.cluster, key) },
      { ...ctx.callOptions, autoPaginate: false },
    ))
      out.push(...(list.disks ?? []));
    return out;
  });
};

const volumes = async (ctx: GceContext, ds: readonly Disk[]): R<Volume[]> => {
  const out: Volume[] = [];
  for (const d of ds) {
    const v = await volumeOf(ctx, d);
    if (v._tag === 'Left') return v;
    out.push(v.right);
  }
  return right(out);
};

/** Every live disk labelled with this cluster. */
export const listOwned = async (ctx: GceContext): R<Volume[]> => {
  const ds = await listDisks(ctx);
  return ds._tag === 'Left' ? ds : volumes(ctx, ds.right);
};

/** The live disk created with this key, or null. */
export const findByKey = async (ctx: GceContext, key: IdempotencyKey): R<Volume | null> => {
  const ds = await listDisks(ctx, key);
  if (ds._tag === 'Left') return ds;
  const vs = await volumes(ctx, ds.right);
  return vs._tag === 'Left' ? vs : right(vs.right[0] ?? null);
};

/** Polls the disk until it is READY (bounded); FAILED ends the wait. */
const waitReady = async (ctx: GceContext, id: VolumeId): R<Volume> => {
  const start = ctx.timing.now();
  for (let n = 0; ; n++) {
    const d = await getDisk(ctx, id);
    if (d._tag === 'Left') return d;
    if (d.right.status === 'READY') return volumeOf(ctx, d.right);
    if (d.right.status === 'FAILED')
      return left(providerError.incorrectState(id, 'FAILED', `disk ${id} failed`));
    if (ctx.timing.now() - start >= ctx.operationTimeoutMs)
      return left(
        providerError.timeout(id, `disk ${id} not READY within ${ctx.operationTimeoutMs} ms`),
      );
    await ctx.timing.sleep(Math.min(2000, 500 * 1.5 ** n));
  }
};

/**
 * Creates the disk for a request (or returns the one its key already made): in the node's zone,
 * named from the key, with the key's `requestId`, labelled for ownership, the operation polled
 * until DONE.
 */
export const provision = async (ctx: GceContext, req: ProvisionRequest): R<Volume> => {
  const bad = checkSpec(req.spec);
  if (bad !== undefined) return left(bad);
  const existing = await findByKey(ctx, req.key);
  if (existing._tag === 'Left') return existing;
  const e = existing.right;
  if (e !== null) {
    if (
      e.node !== req.node ||
      e.sizeGiB !== req.spec.sizeGiB ||
      e.volumeType !== req.spec.volumeType
    )
      return left(
        providerError.idempotencyMismatch(
          req.key,
          `key ${req.key} made ${e.id} (${e.sizeGiB} GiB ${e.volumeType} for ${e.node}), not what this request asks`,
        ),
      );
    return e.state === 'creating' ? waitReady(ctx, e.id) : right(e);
  }
  const node = await nodeCapacity(ctx, req.node);
  if (node._tag === 'Left') return node;
  const zone = node.right.zone;
  const p = await ctx.project();
  if (p._tag === 'Left') return p;
  const name = diskNameOf(req.key);
  const id = volumeIdOf(zone, name);
  const tags = ownershipTags(ctx.cluster, req);
  const inserted = await ctx.call('disks.insert', 'volume', id, async () => {
    const [op] = await ctx.clients.disks.insert(
      {
        project: p.right,
        zone,
        requestId: requestIdOf('disks.insert', ctx.cluster, req.key),
        diskResource: {
          name,
          sizeGb: String(req.spec.sizeGiB),
          type: `projects/${p.right}/zones/${zone}/diskTypes/${req.spec.volumeType}`,
          labels: labelsOf(tags),
          description: descriptionOf(req.tags),
          ...(req.spec.kmsKeyId === undefined
            ? {}
            : { diskEncryptionKey: { kmsKeyName: req.spec.kmsKeyId } }),
        },
      },
      ctx.callOptions,
    );
    return op.latestResponse as protos.google.cloud.compute.v1.IOperation;
  });
  // 409 alreadyExists: the disk of this deterministic name exists (a replay whose list did not
  // see it yet): wait for it like any other.
  if (inserted._tag === 'Left' && inserted.left._tag !== 'AlreadyExists') return inserted;
  if (inserted._tag === 'Right') {
    const done = await ctx.waitOperation(
      zone,
      inserted.right.name ?? '',
      id,
      ctx.operationTimeoutMs,
    );
    if (done._tag === 'Left') return done;
  }
  return waitReady(ctx, id);
};

/** Deletes a detached disk (refused while attached); already gone is success. */
export const deleteVolume = async (ctx: GceContext, volume: VolumeId): R<void> => {
  const d = await getDisk(ctx, volume);
  if (d._tag === 'Left') return d.left._tag === 'NotFound' ? right(undefined) : d;
  if ((d.right.users ?? []).length > 0)
    return left(
      providerError.incorrectState(
        volume,
        'attached',
        `${volume} is attached to ${lastSegment(d.right.users?.[0])}`,
      ),
    );
  const at = parseVolumeId(volume);
  const p = await ctx.project();
  if (p._tag === 'Left' || at === undefined)
    return p._tag === 'Left' ? p : left(providerError.notFound('volume', volume));
  const r = await ctx.call('disks.delete', 'volume', volume, async () => {
    const [op] = await ctx.clients.disks.delete(
      {
        project: p.right,
        zone: at.zone,
        disk: at.name,
        requestId: requestIdOf('disks.delete', d.right.id?.toString() ?? volume),
      },
      ctx.callOptions,
    );
    return op.latestResponse as protos.google.cloud.compute.v1.IOperation;
  });
  if (r._tag === 'Left') return r.left._tag === 'NotFound' ? right(undefined) : r;
  const done = await ctx.waitOperation(at.zone, r.right.name ?? '', volume, ctx.operationTimeoutMs);
  return done._tag === 'Left' && done.left._tag === 'NotFound' ? right(undefined) : done;
};

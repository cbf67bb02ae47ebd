/**
 * Attach and detach: in the disk's zone only, under the disk's own name as device name (unique
 * per disk, so never one recently used on the node), with a request id derived from the disk's
 * last detach/attach time so that a replay finds the same operation and a later attach is new.
 */
import type { protos } from '@google-cloud/compute';
import { left, right } from 'fp-ts/lib/Either.js';
import {
  providerError,
  type Attachment,
  type NodeId,
  type VolumeId,
} from '@scaleio-framework/capacity';
import type { GceContext, R } from './context.js';
import { guestPathsOf, lastSegment, parseVolumeId, requestIdOf } from './names.js';
import { getNode, nodeCapacity, type NodeView } from './nodes.js';
import { getDisk } from './volumes.js';

const attachedHere = (n: NodeView, zone: string, name: string) =>
  n.disks.find(
    (a) => lastSegment(a.source) === name && (a.source ?? '').includes(`/zones/${zone}/`),
  );

/** Attaches the disk to the node and waits for the operation; a replay returns the attachment. */
export const attach = async (ctx: GceContext, volume: VolumeId, node: NodeId): R<Attachment> => {
  const at = parseVolumeId(volume);
  if (at === undefined) return left(providerError.notFound('volume', volume));
  const d = await getDisk(ctx, volume);
  if (d._tag === 'Left') return d;
  const n = await nodeCapacity(ctx, node);
  if (n._tag === 'Left') return n;
  const view = n.right.view;
  if (view.zone !== at.zone) return left(providerError.zoneMismatch(at.zone, view.zone));
  const attachment = (deviceName: string): Attachment => ({
    volume,
    node,
    deviceName,
    guestPaths: guestPathsOf(deviceName),
  });
  const here = attachedHere(view, at.zone, at.name);
  if (here?.deviceName) return right(attachment(here.deviceName));
  const other = (d.right.users ?? []).find((u) => u !== view.selfLink);
  if (other !== undefined)
    return left(
      providerError.alreadyExists(volume, `${volume} is attached to ${lastSegment(other)}`),
    );
  if (d.right.status !== 'READY')
    return left(
      providerError.incorrectState(
        volume,
        d.right.status ?? '?',
        `${volume} is ${d.right.status ?? '?'}`,
      ),
    );
  if (n.right.attachments >= n.right.maxAttachments)
    return left(
      providerError.limitExceeded(
        'attachments',
        `${node} has ${n.right.attachments} of ${n.right.maxAttachments} disks attached`,
      ),
    );
  const p = await ctx.project();
  if (p._tag === 'Left') return p;
  const deviceName = at.name;
  const r = await ctx.call('instances.attachDisk', 'volume', volume, async () => {
    const [op] = await ctx.clients.instances.attachDisk(
      {
        project: p.right,
        zone: at.zone,
        instance: view.name,
        requestId: requestIdOf('attachDisk', volume, view.name, d.right.lastDetachTimestamp ?? ''),
        attachedDiskResource: {
          source: `projects/${p.right}/zones/${at.zone}/disks/${at.name}`,
          deviceName,
          mode: 'READ_WRITE',
          autoDelete: false,
        },
      },
      ctx.callOptions,
    );
    return op.latestResponse as protos.google.cloud.compute.v1.IOperation;
  });
  if (r._tag === 'Left') return r;
  const done = await ctx.waitOperation(at.zone, r.right.name ?? '', volume, ctx.operationTimeoutMs);
  if (done._tag === 'Left') return done;
  const after = await getNode(ctx, node);
  if (after._tag === 'Left') return after;
  const att = attachedHere(after.right, at.zone, at.name);
  return att?.deviceName
    ? right(attachment(att.deviceName))
    : left(
        providerError.unavailable(`attachDisk of ${volume} finished but ${node} does not show it`),
      );
};

/** Detaches the disk from the node and waits; not attached there is success. */
export const detach = async (ctx: GceContext, volume: VolumeId, node: NodeId): R<void> => {
  const at = parseVolumeId(volume);
  if (at === undefined) return left(providerError.notFound('volume', volume));
  const n = await getNode(ctx, node);
  if (n._tag === 'Left') return n;
  const here = attachedHere(n.right, at.zone, at.name);
  if (!here?.deviceName) return right(undefined);
  const deviceName = here.deviceName;
  const d = await getDisk(ctx, volume);
  const since = d._tag === 'Right' ? (d.right.lastAttachTimestamp ?? '') : '';
  const p = await ctx.project();
  if (p._tag === 'Left') return p;
  const r = await ctx.call('instances.detachDisk', 'volume', volume, async () => {
    const [op] = await ctx.clients.instances.detachDisk(
      {
        project: p.right,
        zone: at.zone,
        instance: n.right.name,
        deviceName,
        requestId: requestIdOf('detachDisk', volume, n.right.name, since),
      },
      ctx.callOptions,
    );
    return op.latestResponse as protos.google.cloud.compute.v1.IOperation;
  });
  if (r._tag === 'Left') return r;
  return ctx.waitOperation(at.zone, r.right.name ?? '', volume, ctx.operationTimeoutMs);
};

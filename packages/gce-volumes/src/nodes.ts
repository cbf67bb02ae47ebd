/**
 * Nodes: a `NodeId` is an instance name (`node-1`) or its zonal partial path
 * (`zones/us-central1-a/instances/node-1`). A bare name is found across zones with
 * `instances.aggregatedList` (filter `name = "…"`) once and cached; its attach limit is the
 * machine type's `maximumPersistentDisks` (`machineTypes.get`, cached), the boot disk included.
 */
import type { protos } from '@google-cloud/compute';
import { left, right } from 'fp-ts/lib/Either.js';
import {
  providerError,
  type NodeCapacity,
  type NodeId,
  type PositiveInt,
} from '@scaleio-framework/capacity';
import type { GceContext, R } from './context.js';
import { lastSegment } from './names.js';

/** An instance as the provider uses it. */
export interface NodeView {
  readonly name: string;
  readonly zone: string;
  readonly selfLink: string;
  readonly machineType: string;
  readonly disks: ReadonlyArray<protos.google.cloud.compute.v1.IAttachedDisk>;
}

const viewOf = (i: protos.google.cloud.compute.v1.IInstance, zone: string): NodeView => ({
  name: i.name ?? '',
  zone,
  selfLink: i.selfLink ?? '',
  machineType: lastSegment(i.machineType),
  disks: i.disks ?? [],
});

/** The zone and name of a node id, the zone found when the id does not carry it. */
const locate = async (
  ctx: GceContext,
  project: string,
  node: NodeId,
): R<{ zone: string; name: string }> => {
  const m = /^zones\/([a-z0-9-]+)\/instances\/([a-z0-9-]+)$/.exec(node);
  if (m?.[1] !== undefined && m[2] !== undefined) return right({ zone: m[1], name: m[2] });
  if (!/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(node))
    return left(providerError.notFound('node', node));
  const known = ctx.zones.get(node);
  if (known !== undefined) return right({ zone: known, name: node });
  const r = await ctx.call('instances.aggregatedList', 'node', node, async () => {
    const found: string[] = [];
    for await (const [scope, list] of ctx.clients.instances.aggregatedListAsync(
      { project, filter: `name = "${node}"` },
      { ...ctx.callOptions, autoPaginate: false },
    ))
      for (const i of list.instances ?? []) if (i.name === node) found.push(lastSegment(scope));
    return found;
  });
  if (r._tag === 'Left') return r;
  const zone = r.right[0];
  if (zone === undefined) return left(providerError.notFound('node', node));
  if (r.right.length > 1)
    return left(
      providerError.invalidArgument(
        `instance name ${node} is used in several zones; give zones/<zone>/instances/${node}`,
      ),
    );
  ctx.zones.set(node, zone);
  return right({ zone, name: node });
};

/** The node's instance, fresh. */
export const getNode = async (ctx: GceContext, node: NodeId): R<NodeView> => {
  const p = await ctx.project();
  if (p._tag === 'Left') return p;
  const at = await locate(ctx, p.right, node);
  if (at._tag === 'Left') return at;
  const r = await ctx.call('instances.get', 'node', node, async () => {
    const [i] = await ctx.clients.instances.get(
      { project: p.right, zone: at.right.zone, instance: at.right.name },
      ctx.callOptions,
    );
    return i;
  });
  return r._tag === 'Left' ? r : right(viewOf(r.right, at.right.zone));
};

/** The machine type's attach limit (cached: a machine type's limit never changes). */
const maxDisksOf = async (ctx: GceContext, zone: string, machineType: string): R<number> => {
  const hit = ctx.maxDisks.get(`${zone}/${machineType}`);
  if (hit !== undefined) return right(hit);
  const p = await ctx.project();
  if (p._tag === 'Left') return p;
  const r = await ctx.call('machineTypes.get', 'node', machineType, async () => {
    const [t] = await ctx.clients.machineTypes.get(
      { project: p.right, zone, machineType },
      ctx.callOptions,
    );
    return Number(t.maximumPersistentDisks ?? 0);
  });
  if (r._tag === 'Left') return r;
  if (!(r.right >= 1))
    return left(providerError.unavailable(`machine type ${machineType} reports no disk limit`));
  ctx.maxDisks.set(`${zone}/${machineType}`, r.right);
  return r;
};

/** A node's zone and slots: every attached disk counts, the boot disk too. */
export const nodeCapacity = async (
  ctx: GceContext,
  node: NodeId,
): R<NodeCapacity & { view: NodeView }> => {
  const v = await getNode(ctx, node);
  if (v._tag === 'Left') return v;
  const max = await maxDisksOf(ctx, v.right.zone, v.right.machineType);
  if (max._tag === 'Left') return max;
  return right({
    node,
    zone: v.right.zone,
    attachments: v.right.disks.length,
    maxAttachments: max.right as PositiveInt,
    view: v.right,
  });
};

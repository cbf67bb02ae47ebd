/** DescribeInstances, DescribeInstanceTypes, CreateTags. */
import { filters, list, tagList } from '../query.js';
import { instanceField, matches, unknownInstanceFilter } from '../filters.js';
import { dryRun, fail, ok, type Handler } from '../result.js';
import { instanceNodes } from '../render.js';
import { itemSet, type XNode } from '../xml.js';
import { bool } from '../query.js';
import type { InstanceRec } from '../model.js';

/** DescribeInstances: one reservation per instance, with its block-device mapping. */
export const describeInstances: Handler = (ctx, p) => {
  const s = ctx.state;
  const ids = list(p, 'InstanceId');
  const fs = filters(p);
  const bad = unknownInstanceFilter(fs);
  if (bad !== undefined) return fail('InvalidParameterValue', `The filter '${bad}' is invalid`);
  const missingId = ids.find((id) => !s.instances.has(id));
  if (missingId !== undefined)
    return fail('InvalidInstanceID.NotFound', `The instance ID '${missingId}' does not exist`);
  const pool =
    ids.length > 0
      ? ids.map((id) => s.instances.get(id) as InstanceRec)
      : [...s.instances.values()];
  const hits = pool.filter((i) => matches(fs, instanceField(s), i));
  return ok([
    itemSet(
      'reservationSet',
      hits.map((i) => [
        ['reservationId', `r-${i.instanceId.slice(2)}`],
        ['ownerId', s.accountId],
        itemSet('groupSet', []),
        itemSet('instancesSet', [instanceNodes(s, i)]),
      ]),
    ),
  ]);
};

/** DescribeInstanceTypes: the EBS facts (attachment limit and its kind, NVMe). */
export const describeInstanceTypes: Handler = (ctx, p) => {
  const known = ctx.state.instanceTypes;
  const asked = list(p, 'InstanceType');
  const unknown = asked.filter((t) => known[t] === undefined);
  if (unknown.length > 0)
    return fail(
      'InvalidInstanceType',
      `The following supplied instance types do not exist: [${unknown.join(', ')}]`,
    );
  const names = asked.length > 0 ? asked : Object.keys(known);
  return ok([
    itemSet(
      'instanceTypeSet',
      names.flatMap((n): XNode[][] => {
        const t = known[n];
        if (t === undefined) return [];
        return [
          [
            ['instanceType', n],
            ['currentGeneration', true],
            ['hypervisor', t.nvmeSupport === 'unsupported' ? 'xen' : 'nitro'],
            [
              'ebsInfo',
              [
                ['ebsOptimizedSupport', 'default'],
                ['encryptionSupport', 'supported'],
                ['nvmeSupport', t.nvmeSupport],
                ['maximumEbsAttachments', t.maximumEbsAttachments],
                ['attachmentLimitType', t.attachmentLimitType],
              ],
            ],
          ],
        ];
      }),
    ),
  ]);
};

/** CreateTags on volumes (`vol-…`) and instances (`i-…`); existing keys are overwritten. */
export const createTags: Handler = (ctx, p) => {
  const s = ctx.state;
  const ids = list(p, 'ResourceId');
  const tags = tagList(p, 'Tag');
  const targets: Array<Map<string, string>> = [];
  for (const id of ids) {
    const v = s.volumes.get(id);
    const i = s.instances.get(id);
    if (v !== undefined) targets.push(v.tags);
    else if (i !== undefined) targets.push(i.tags);
    else if (id.startsWith('vol-'))
      return fail('InvalidVolume.NotFound', `The volume '${id}' does not exist.`);
    else if (id.startsWith('i-'))
      return fail('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
    else return fail('InvalidID', `The ID '${id}' is not valid`);
  }
  if (bool(p, 'DryRun') === true) return dryRun();
  for (const m of targets) for (const t of tags) m.set(t.key, t.value);
  return ok([['return', true]]);
};

/** EC2 `Filter.N` semantics: filters AND-ed, values OR-ed, `*`/`?` wildcards, `tag:<key>`. */
import type { InstanceRec, SimState, VolumeRec } from './model.js';
import { attachedTo } from './model.js';
import { globMatch, type Filter } from './query.js';

/** Extracts the candidate strings of one filter name from a record; undefined = unknown filter. */
type Extractor<R> = (name: string, r: R) => readonly string[] | undefined;

const tagFilter = (name: string, tags: Map<string, string>): readonly string[] | undefined => {
  if (name.startsWith('tag:')) {
    const v = tags.get(name.slice(4));
    return v === undefined ? [] : [v];
  }
  if (name === 'tag-key') return [...tags.keys()];
  if (name === 'tag-value') return [...tags.values()];
  return undefined;
};

/** The volume filters the simulator models (a subset of DescribeVolumes' documented names). */
export const volumeField: Extractor<VolumeRec> = (name, v) => {
  const a = v.attachment;
  switch (name) {
    case 'volume-id':
      return [v.volumeId];
    case 'status':
      return [v.state];
    case 'availability-zone':
      return [v.availabilityZone];
    case 'volume-type':
      return [v.volumeType];
    case 'size':
      return [String(v.sizeGiB)];
    case 'encrypted':
      return [String(v.encrypted)];
    case 'attachment.instance-id':
      return a ? [a.instanceId] : [];
    case 'attachment.device':
      return a ? [a.device] : [];
    case 'attachment.status':
      return a ? [a.state] : [];
    case 'attachment.delete-on-termination':
      return a ? [String(a.deleteOnTermination)] : [];
    default:
      return tagFilter(name, v.tags);
  }
};

/** The instance filters the simulator models. */
export const instanceField =
  (s: SimState): Extractor<InstanceRec> =>
  (name, i) => {
    switch (name) {
      case 'instance-id':
        return [i.instanceId];
      case 'availability-zone':
        return [i.availabilityZone];
      case 'instance-type':
        return [i.instanceType];
      case 'instance-state-name':
        return [i.state];
      case 'block-device-mapping.volume-id':
        return attachedTo(s, i.instanceId).map((v) => v.volumeId);
      case 'block-device-mapping.device-name':
        return attachedTo(s, i.instanceId).flatMap((v) =>
          v.attachment ? [v.attachment.device] : [],
        );
      default:
        return tagFilter(name, i.tags);
    }
  };

const isTagFilter = (n: string): boolean =>
  n.startsWith('tag:') || n === 'tag-key' || n === 'tag-value';

const volumeFilterNames = new Set([
  'volume-id',
  'status',
  'availability-zone',
  'volume-type',
  'size',
  'encrypted',
  'attachment.instance-id',
  'attachment.device',
  'attachment.status',
  'attachment.delete-on-termination',
]);
const instanceFilterNames = new Set([
  'instance-id',
  'availability-zone',
  'instance-type',
  'instance-state-name',
  'block-device-mapping.volume-id',
  'block-device-mapping.device-name',
]);

/** The first filter name DescribeVolumes does not model, if any. */
export const unknownVolumeFilter = (fs: readonly Filter[]): string | undefined =>
  fs.find((x) => !volumeFilterNames.has(x.name) && !isTagFilter(x.name))?.name;

/** The first filter name DescribeInstances does not model, if any. */
export const unknownInstanceFilter = (fs: readonly Filter[]): string | undefined =>
  fs.find((x) => !instanceFilterNames.has(x.name) && !isTagFilter(x.name))?.name;

/** True when the record passes every filter. */
export const matches = <R>(fs: readonly Filter[], f: Extractor<R>, r: R): boolean =>
  fs.every((x) => {
    const have = f(x.name, r) ?? [];
    return x.values.some((pat) => have.some((h) => globMatch(pat, h)));
  });

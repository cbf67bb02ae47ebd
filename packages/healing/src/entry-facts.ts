/**
 * What the stage table reads of an entry: its provision request, its pool, the verify rule's
 * numbers (samples after the add, capacity before it), and where a described volume is attached.
 */
import type {
  NodeId,
  PositiveInt,
  ProvisionRequest,
  Volume,
  VolumeSpec,
} from '@scaleio-framework/capacity';
import type { HealingConfig } from './config.js';
import { bytesOfGib, gibOf, usableBytes } from './figures.js';
import type { HealingEntry } from './ledger.js';
import type { PoolRef, TimedFigures } from './pools.js';
import type { StageInput } from './transitions.js';

/** The volume spec of an entry, from the configured volume settings. */
export const specOf = (e: HealingEntry, c: HealingConfig): VolumeSpec => ({
  ...c.volume,
  sizeGiB: Math.max(1, Math.round(e.sizeGiB)) as PositiveInt,
});

/** The provision request of an entry: its key, node, spec, and tags naming its pool and entry. */
export const provisionRequest = (e: HealingEntry, c: HealingConfig): ProvisionRequest => ({
  key: e.key as NonNullable<HealingEntry['key']>,
  node: e.node,
  spec: specOf(e, c),
  tags: {
    ...c.tags,
    'scaleio-framework-pool': e.pool.replace('/', '.'),
    'scaleio-framework-entry': e.id,
  },
});

/** The pool an entry belongs to, rebuilt from its key and ids. */
export const poolOf = (e: HealingEntry): PoolRef => {
  const [pd = '', name = ''] = e.pool.split('/');
  return {
    key: e.pool,
    id: e.poolId,
    name,
    protectionDomain: pd,
    protectionDomainId: e.protectionDomainId,
  };
};

/** The pool's usable bytes before the add (an earlier build wrote GiB). */
export const capacityBefore = (e: HealingEntry): number | undefined =>
  e.capacityBeforeBytes ??
  (e.capacityBeforeGiB === undefined ? undefined : bytesOfGib(e.capacityBeforeGiB));

/** The samples taken after the device was added. */
export const samplesAfterAdd = (e: HealingEntry, cx: StageInput): ReadonlyArray<TimedFigures> =>
  cx.samples.filter((s) => s.atMs > (e.addedAtMs ?? Infinity));

/** The verify rule: a sample after the add with more usable capacity than before it. */
export const grewAfterAdd = (e: HealingEntry, cx: StageInput): boolean => {
  const before = capacityBefore(e);
  return samplesAfterAdd(e, cx).some((s) => before === undefined || usableBytes(s) > before);
};

/** Why the verify rule failed an entry, with its numbers. */
export const notGrownReason = (e: HealingEntry, cx: StageInput): string => {
  const after = samplesAfterAdd(e, cx);
  const before = gibOf(capacityBefore(e) ?? 0);
  const newest = gibOf(
    after.length === 0 ? 0 : usableBytes(after[after.length - 1] as TimedFigures),
  );
  return `pool ${e.pool} did not grow after adding ${e.path ?? '?'}: ${before.toFixed(1)} GiB before, ${newest.toFixed(1)} GiB in ${after.length} samples after`;
};

/** The node a described volume is attached (or attaching, or detaching) to. */
export const attachedNode = (v: Volume): NodeId | undefined =>
  v.attachment?.node ?? (v.state === 'attached' || v.state === 'detaching' ? v.node : undefined);

/**
 * Driving one ledger entry through its stages. Each stage's product is persisted BEFORE the next
 * side effect, so a restarted healer resumes from the last persisted stage with the same
 * idempotency key, volume id and path, and never makes a second volume.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import {
  isRetryable,
  type PositiveInt,
  type ProviderError,
  type VolumeSpec,
} from '@scaleio-framework/capacity';
import type { HealingConfig } from './config.js';
import type { HealingEvent } from './events.js';
import { withStage, type HealingEntry, type HealingStage } from './ledger.js';
import { NOT_READY_GRACE_MS, type HealerPorts, type Outcome, type PoolRef } from './ports.js';

/** A sample of one pool as the healer keeps it. */
export interface TimedCapacity {
  readonly atMs: number;
  readonly capacityGiB: number;
}

/** What driving an entry needs besides the ports. */
export interface StepContext {
  readonly ports: HealerPorts;
  readonly config: HealingConfig;
  /** Writes the entry into the ledger (replacing it by id); the entry as stored. */
  readonly persist: (e: HealingEntry) => Promise<Outcome<HealingEntry>>;
  readonly emit: (e: Omit<HealingEvent, 'atMs'>) => void;
  /** The pool's samples held in memory (oldest first). */
  readonly samples: (poolKey: string) => ReadonlyArray<TimedCapacity>;
}

const describeProviderError = (e: ProviderError): string => `${e._tag}: ${e.message}`;

/** The volume spec of an entry, from the configured volume settings. */
export const specOf = (e: HealingEntry, c: HealingConfig): VolumeSpec => ({
  ...c.volume,
  sizeGiB: Math.max(1, Math.round(e.sizeGiB)) as PositiveInt,
});

const poolOf = (e: HealingEntry): PoolRef => {
  const [pd = '', name = ''] = e.pool.split('/');
  return {
    key: e.pool,
    id: e.poolId,
    name,
    protectionDomain: pd,
    protectionDomainId: e.protectionDomainId,
  };
};

type StepResult =
  | { readonly _tag: 'next'; readonly stage: HealingStage; readonly extra: Partial<HealingEntry> }
  | { readonly _tag: 'error'; readonly error: string; readonly retryable: boolean }
  | { readonly _tag: 'wait' };

const next = (stage: HealingStage, extra: Partial<HealingEntry> = {}): StepResult => ({
  _tag: 'next',
  stage,
  extra,
});
const err = (error: string, retryable: boolean): StepResult => ({
  _tag: 'error',
  error,
  retryable,
});

/** Runs the side effect of the entry's current stage; pure over the ports. */
const step = async (e: HealingEntry, cx: StepContext): Promise<StepResult> => {
  const { provider, resolver, stats } = cx.ports;
  switch (e.stage) {
    case 'intent': {
      if (e.key === undefined) return err('entry has no idempotency key', false);
      const tags = {
        ...cx.config.tags,
        'scaleio-framework-pool': e.pool.replace('/', '.'),
        'scaleio-framework-entry': e.id,
      };
      const v = await provider.provision({
        key: e.key,
        node: e.node,
        spec: specOf(e, cx.config),
        tags,
      });
      if (isLeft(v)) return err(`provision: ${describeProviderError(v.left)}`, isRetryable(v.left));
      return next('created', { volume: v.right.id, zone: v.right.zone });
    }
    case 'created': {
      if (e.volume === undefined) return err('entry has no volume id', false);
      const a = await provider.attach(e.volume, e.node);
      if (isLeft(a)) return err(`attach: ${describeProviderError(a.left)}`, isRetryable(a.left));
      return next('attached', { deviceName: a.right.deviceName, guestPaths: a.right.guestPaths });
    }
    case 'attached': {
      if (e.volume === undefined || e.deviceName === undefined)
        return err('entry has no attachment', false);
      const r = await resolver.resolve(e.node, {
        volume: e.volume,
        sizeGiB: e.sizeGiB,
        deviceName: e.deviceName,
        guestPaths: e.guestPaths ?? [],
      });
      if (!r.ok && r.notReady === true && cx.ports.now() - e.updatedAtMs < NOT_READY_GRACE_MS)
        return { _tag: 'wait' }; // e.g. the agent's offers not seen yet since a restart
      if (!r.ok) return err(`resolve: ${r.error}`, r.retryable ?? true);
      const last = cx.samples(e.pool).at(-1);
      return next('resolved', {
        path: r.path,
        ...(last === undefined ? {} : { capacityBeforeGiB: last.capacityGiB }),
      });
    }
    case 'resolved': {
      if (e.path === undefined) return err('entry has no device path', false);
      const r = await stats.addDeviceToSds(e.node, poolOf(e), e.path);
      if (!r.ok) return err(`add device: ${r.error}`, r.retryable);
      return next('added', { deviceId: r.value.deviceId, addedAtMs: cx.ports.now() });
    }
    case 'added':
      return verify(e, cx);
    case 'rollingBack':
      return rollback(e, cx);
    default:
      return { _tag: 'wait' };
  }
};

/** The pool must show more capacity than before the add within `verifySamples` samples. */
const verify = (e: HealingEntry, cx: StepContext): StepResult => {
  const after = cx.samples(e.pool).filter((s) => s.atMs > (e.addedAtMs ?? Infinity));
  const before = e.capacityBeforeGiB;
  const grown = after.find((s) => before === undefined || s.capacityGiB > before + 1e-6);
  if (grown !== undefined) return next('verified', { reason: e.decision ?? 'verified' });
  if (after.length < cx.config.verifySamples) return { _tag: 'wait' };
  const newest = after.at(-1)?.capacityGiB ?? 0;
  return next('failed', {
    reason: `pool ${e.pool} did not grow after adding ${e.path ?? '?'}: ${(before ?? 0).toFixed(1)} GiB before, ${newest.toFixed(1)} GiB in ${after.length} samples after`,
  });
};

/** Detach (if attached) and delete the entry's volume; found by key when its id was never stored. */
const rollback = async (e: HealingEntry, cx: StepContext): Promise<StepResult> => {
  const { provider } = cx.ports;
  let volume = e.volume;
  if (volume === undefined && e.key !== undefined) {
    const f = await provider.findByKey(e.key);
    if (isLeft(f))
      return err(`rollback find: ${describeProviderError(f.left)}`, isRetryable(f.left));
    volume = f.right?.id;
  }
  if (volume === undefined) return next('rolledBack');
  const d = await provider.describe(volume);
  if (isLeft(d)) {
    if (d.left._tag === 'NotFound') return next('rolledBack', { volume });
    return err(`rollback describe: ${describeProviderError(d.left)}`, isRetryable(d.left));
  }
  const v = d.right;
  // An attachment in transition has no `attachment` in the contract view, but still blocks a
  // delete: wait for an attaching one to settle (next tick), finish a detaching one's detach.
  if (v.state === 'attaching')
    return err(`rollback: ${volume} is still attaching; it is detached once attached`, true);
  const node =
    v.attachment?.node ?? (v.state === 'attached' || v.state === 'detaching' ? v.node : undefined);
  if (node !== undefined) {
    const x = await provider.detach(volume, node);
    if (isLeft(x))
      return err(`rollback detach: ${describeProviderError(x.left)}`, isRetryable(x.left));
  }
  const del = await provider.delete(volume);
  if (isLeft(del))
    return err(
      `rollback delete: ${describeProviderError(del.left)}`,
      // Still attached (a detach that has not finished): retried on the next tick.
      isRetryable(del.left) || del.left._tag === 'IncorrectState',
    );
  return next('rolledBack', { volume });
};

/**
 * Drives one entry as far as it goes now: until it waits (verification, a retryable error) or
 * reaches a final stage. Returns the entry as last persisted (or the input when nothing could be
 * persisted).
 */
export const drive = async (entry: HealingEntry, cx: StepContext): Promise<HealingEntry> => {
  let e = entry;
  for (let guard = 0; guard < 16; guard++) {
    const r = await step(e, cx);
    const now = cx.ports.now();
    if (r._tag === 'wait') return e;
    let target: HealingEntry;
    if (r._tag === 'next') {
      target = withStage(e, r.stage, now, { ...r.extra, attempts: 0 });
    } else {
      const attempts = e.attempts + 1;
      if (r.retryable && attempts < cx.config.stepAttempts) {
        const saved = await cx.persist({ ...e, attempts, lastError: r.error, updatedAtMs: now });
        cx.emit({
          kind: 'retry',
          pool: e.pool,
          entry: e.id,
          message: `${e.id} ${e.stage}: ${r.error} (attempt ${attempts} of ${cx.config.stepAttempts})`,
          details: { attempts, stage: e.stage },
        });
        return saved.ok ? saved.value : e;
      }
      target =
        e.stage === 'rollingBack'
          ? withStage(e, 'failed', now, {
              lastError: r.error,
              reason: `rollback failed: ${r.error}`,
            })
          : withStage(e, 'rollingBack', now, {
              attempts: 0,
              failedStage: e.stage,
              lastError: r.error,
              reason: `${e.stage} failed: ${r.error}`,
            });
    }
    const saved = await cx.persist(target);
    if (!saved.ok) {
      cx.emit({
        kind: 'error',
        pool: e.pool,
        entry: e.id,
        message: `ledger write failed: ${saved.error}`,
      });
      return e;
    }
    e = saved.value;
    const kind =
      e.stage === 'verified'
        ? 'verified'
        : e.stage === 'failed'
          ? 'failed'
          : e.stage === 'rollingBack' || e.stage === 'rolledBack'
            ? 'rollback'
            : 'stage';
    cx.emit({
      kind,
      pool: e.pool,
      entry: e.id,
      message: `${e.id} (${e.sizeGiB} GiB on ${e.node}) → ${e.stage}${e.reason !== undefined && kind !== 'stage' ? `: ${e.reason}` : ''}`,
      details: {
        stage: e.stage,
        sizeGiB: e.sizeGiB,
        node: e.node,
        ...(e.volume === undefined ? {} : { volume: e.volume }),
        ...(e.path === undefined ? {} : { path: e.path }),
      },
    });
    if (e.state !== 'inProgress') return e;
  }
  return e;
};

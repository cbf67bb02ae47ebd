/**
 * Healing events: one per decision change, stage change, error and operator action, each with the
 * numbers that led to it. The core returns them as data; the shell sends them to its sink (logs)
 * and the healer keeps the newest ones for `status()`.
 */
import type { TriggerFacts } from '@scaleio-framework/capacity';
import { isShrinkStage, type HealingEntry } from './ledger.js';

/** What happened. */
export type HealingEventKind =
  | 'decision'
  | 'stage'
  | 'retry'
  | 'rollback'
  | 'failed'
  | 'verified'
  | 'approval'
  | 'paused'
  | 'resumed'
  | 'leaks'
  | 'shrink'
  | 'error';

/** One event. `message` is one sentence; numbers are also given as fields. */
export interface HealingEvent {
  readonly atMs: number;
  readonly kind: HealingEventKind;
  /** The pool key (`pd/sp`), when the event concerns one pool. */
  readonly pool?: string;
  /** The ledger entry id, when the event concerns one entry. */
  readonly entry?: string;
  readonly message: string;
  /** The policy's numbers (percent full, fill rate, time to full, streak). */
  readonly facts?: TriggerFacts;
  /** Any other numbers or ids (sizes, volume id, attempts, cap). */
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

/** The newest `limit` events of `kept` followed by `added`. Pure. */
export const appendEvents = (
  kept: ReadonlyArray<HealingEvent>,
  added: ReadonlyArray<HealingEvent>,
  limit: number,
): ReadonlyArray<HealingEvent> =>
  added.length === 0 ? kept : [...kept, ...added].slice(-Math.max(1, limit));

/** The event of an entry that reached a new stage (as written to the ledger). */
export const stageEvent = (e: HealingEntry, atMs: number): HealingEvent => {
  const kind: HealingEventKind = isShrinkStage(e.stage)
    ? 'shrink'
    : e.stage === 'verified'
      ? 'verified'
      : e.stage === 'failed'
        ? 'failed'
        : e.stage === 'rollingBack' || e.stage === 'rolledBack'
          ? 'rollback'
          : 'stage';
  // A shrink that went back to verified says why (its removal was refused or abandoned).
  const why =
    e.stage === 'verified' && e.shrinkAtMs !== undefined && e.lastError !== undefined
      ? e.lastError
      : e.reason;
  return {
    atMs,
    kind,
    pool: e.pool,
    entry: e.id,
    message: `${e.id} (${e.sizeGiB} GiB on ${e.node}) → ${e.stage}${why !== undefined && kind !== 'stage' && kind !== 'shrink' ? `: ${why}` : ''}`,
    details: {
      stage: e.stage,
      sizeGiB: e.sizeGiB,
      node: e.node,
      ...(e.volume === undefined ? {} : { volume: e.volume }),
      ...(e.path === undefined ? {} : { path: e.path }),
    },
  };
};

/** The event of a retryable failure that used one attempt of the entry's stage. */
export const retryEvent = (e: HealingEntry, stepAttempts: number, atMs: number): HealingEvent => ({
  atMs,
  kind: 'retry',
  pool: e.pool,
  entry: e.id,
  message: `${e.id} ${e.stage}: ${e.lastError ?? '?'} (attempt ${e.attempts} of ${stepAttempts})`,
  details: { attempts: e.attempts, stage: e.stage },
});

/** The event of a ledger write that failed (nothing after it was done). */
export const ledgerWriteFailedEvent = (
  error: string,
  atMs: number,
  about: { readonly pool?: string; readonly entry?: string } = {},
): HealingEvent => ({ atMs, kind: 'error', ...about, message: `ledger write failed: ${error}` });

/**
 * Healing events: one per decision change, stage change, error and operator action, each with the
 * numbers that led to it. Kept in a bounded ring for `status()` and sent to the sink for logs.
 */
import type { TriggerFacts } from '@scaleio-framework/capacity';

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

/** A bounded list of the most recent events. */
export interface EventRing {
  push(e: HealingEvent): void;
  list(): ReadonlyArray<HealingEvent>;
}

/** A ring that keeps the newest `limit` events. */
export const eventRing = (limit: number): EventRing => {
  const items: HealingEvent[] = [];
  return {
    push: (e) => {
      items.push(e);
      if (items.length > limit) items.splice(0, items.length - limit);
    },
    list: () => [...items],
  };
};

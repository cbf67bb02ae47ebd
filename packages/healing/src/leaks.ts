/**
 * Leak reports: volumes tagged as this cluster's that no ledger entry owns (`findLeaks` of the
 * capacity package), and when to look for them — on the first round, whenever the in-flight
 * entries have all finished, and every {@link LEAK_REPORT_EVERY_TICKS} rounds.
 */
import { findLeaks, type Volume } from '@scaleio-framework/capacity';
import type { HealingEvent } from './events.js';
import type { HealingEntry } from './ledger.js';

/** Rounds between two leak reports when nothing finished in between. */
export const LEAK_REPORT_EVERY_TICKS = 20;

/** What the timing rule remembers between rounds. */
export interface LeakSchedule {
  /** Rounds done so far. */
  readonly rounds: number;
  /** Whether entries were in flight after the previous round. */
  readonly busyBefore: boolean;
}

/** Before the first round. */
export const firstLeakSchedule: LeakSchedule = { rounds: 0, busyBefore: false };

/**
 * After a round that left `busy` entries in flight: whether a leak report is due now, and the
 * schedule for the next round. Pure.
 */
export const leakReportDue = (
  s: LeakSchedule,
  busy: boolean,
  every: number = LEAK_REPORT_EVERY_TICKS,
): { readonly due: boolean; readonly next: LeakSchedule } => ({
  due: s.rounds === 0 || s.rounds % every === 0 || (s.busyBefore && !busy),
  next: { rounds: s.rounds + 1, busyBefore: busy },
});

/** The last leak check, as the status shows it. */
export interface LeakReport {
  readonly checkedAtMs: number;
  readonly volumes: ReadonlyArray<Pick<Volume, 'id' | 'node' | 'sizeGiB' | 'state'>>;
}

/** A leak check over the owned volumes and the ledger: the leaks, the report and its event. */
export const checkLeaks = (
  owned: ReadonlyArray<Volume>,
  entries: ReadonlyArray<HealingEntry>,
  nowMs: number,
): {
  readonly leaked: ReadonlyArray<Volume>;
  readonly report: LeakReport;
  readonly event: HealingEvent;
} => {
  const leaked = findLeaks(owned, entries);
  return {
    leaked,
    report: {
      checkedAtMs: nowMs,
      volumes: leaked.map((v) => ({ id: v.id, node: v.node, sizeGiB: v.sizeGiB, state: v.state })),
    },
    event: {
      atMs: nowMs,
      kind: 'leaks',
      message:
        leaked.length === 0
          ? 'no leaked volume'
          : `${leaked.length} volume(s) tagged as ours but in no ledger entry: ${leaked.map((v) => v.id).join(', ')}`,
      details: { leaked: leaked.length, owned: owned.length },
    },
  };
};

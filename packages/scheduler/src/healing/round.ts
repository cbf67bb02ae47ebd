/**
 * One healing round as the scheduler's tick runs it (the healer's tick, then a leak report when
 * the core's timing rule says so), and which healer events reach the log as warnings.
 */
import {
  firstLeakSchedule,
  leakReportDue,
  LEAK_REPORT_EVERY_TICKS,
  type HealingEvent,
} from '@scaleio-framework/healing';
import type { Log } from '../core/ports.js';
import type { Healer } from './healer.js';

/**
 * One round of the healing tick: the healer's tick, then a leak report (tagged volumes that no
 * ledger entry owns) on the first round, whenever the in-flight entries finished, and every
 * `every` rounds (`leakReportDue`). The report lands in the healer's status and events.
 */
export function healingRound(
  healer: Pick<Healer, 'tick' | 'status' | 'reportLeaks'>,
  log: Log,
  every = LEAK_REPORT_EVERY_TICKS,
): () => Promise<void> {
  let schedule = firstLeakSchedule;
  return async () => {
    await healer.tick();
    const { due, next } = leakReportDue(schedule, healer.status().inFlight.length > 0, every);
    schedule = next;
    if (!due) return;
    const r = await healer.reportLeaks();
    if (!r.ok) log.warn('healing: leak report failed', { error: r.error });
  };
}

/** Healer events to the log (and so to the status events): trouble as warnings. */
export function logHealingEvent(log: Log, e: HealingEvent): void {
  const fields = {
    healing: e.kind,
    ...(e.pool === undefined ? {} : { pool: e.pool }),
    ...(e.entry === undefined ? {} : { entry: e.entry }),
  };
  const leaked = e.kind === 'leaks' && Number(e.details?.['leaked'] ?? 0) > 0;
  if (e.kind === 'error' || e.kind === 'failed' || leaked)
    log.warn(`healing: ${e.message}`, fields);
  else log.info(`healing: ${e.message}`, fields);
}

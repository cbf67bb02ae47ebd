/**
 * Advancing one ledger entry as far as it goes now: ask the core for the next move, perform the
 * effect it names, write the entry it names BEFORE anything else, and stop where it says. A
 * restarted healer resumes from the last written stage with the same idempotency key, volume id
 * and path, and never makes a second volume.
 */
import {
  due,
  ledgerWriteFailedEvent,
  nextMove,
  type EntryEffect,
  type HealingConfig,
  type HealingEntry,
  type HealingEvent,
  type Observation,
  type Outcome,
  type TimedFigures,
} from '@scaleio-framework/healing';

/** What advancing an entry needs. */
export interface StageContext {
  readonly config: HealingConfig;
  /** Epoch milliseconds. */
  readonly now: () => number;
  /** Performs one of the entry's effects and reports what came of it. */
  readonly perform: (effect: EntryEffect) => Promise<Observation>;
  /** Writes the entry into the ledger (replacing it by id); the entry as stored. */
  readonly persist: (e: HealingEntry) => Promise<Outcome<HealingEntry>>;
  /** Sends events (already stamped by the core). */
  readonly emit: (events: ReadonlyArray<HealingEvent>) => void;
  /** The pool's samples held in memory, oldest first. */
  readonly samples: (poolKey: string) => ReadonlyArray<TimedFigures>;
}

/** Moves in one call at most (the longest path, a rollback found by key, takes 7). */
const MAX_MOVES = 64;

/**
 * Advances one entry until it waits (verification, a retry, a node not ready) or reaches a final
 * stage. Returns the entry as last written (the input when nothing could be written).
 */
export const advanceEntry = async (
  entry: HealingEntry,
  cx: StageContext,
): Promise<HealingEntry> => {
  let e = entry;
  let o: Observation = due;
  for (let n = 0; n < MAX_MOVES; n++) {
    const s = nextMove(e, o, { config: cx.config, nowMs: cx.now(), samples: cx.samples(e.pool) });
    if (s._tag === 'wait') return e;
    if (s._tag === 'perform') {
      o = await cx.perform(s.effect);
      continue;
    }
    const saved = await cx.persist(s.entry);
    if (!saved.ok) {
      cx.emit([ledgerWriteFailedEvent(saved.error, cx.now(), { pool: e.pool, entry: e.id })]);
      return e;
    }
    e = saved.value;
    cx.emit(s.events);
    if (s.then === 'stop') return e;
    o = due;
  }
  return e;
};

import { createRing } from './ring.js';
import type { EventInfo } from './status.js';

/** The recent events the status and dashboard show, kept in memory (newest `capacity`). */
export interface EventLog {
  /** Records one event. */
  record(event: EventInfo): void;
  /** The kept events, oldest first. */
  list(): EventInfo[];
}

/** Creates an {@link EventLog} that keeps the newest `capacity` events. */
export function createEventLog(capacity = 200): EventLog {
  const ring = createRing<EventInfo>(capacity);
  return { record: (e) => ring.push(e), list: () => ring.toArray() };
}

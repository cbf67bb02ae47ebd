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

/** The log functions {@link recordingLog} wraps (the scheduler's `Log` port). */
export interface LogPort {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * A log whose every line is also recorded as an event of the status (newest first there): the
 * node is the line's `host` (else its `agentId`), the message the text with its fields.
 */
export const recordingLog = (base: LogPort, events: EventLog, now: () => number): LogPort => {
  const at =
    (level: 'info' | 'warn' | 'error') =>
    (msg: string, f: Record<string, unknown> = {}): void => {
      base[level](msg, f);
      events.record({ atMs: now(), level, kind: msg, message: describe(msg, f), node: host(f) });
    };
  return { info: at('info'), warn: at('warn'), error: at('error') };
};

const host = (f: Record<string, unknown>): string | undefined =>
  typeof f['host'] === 'string'
    ? f['host']
    : typeof f['agentId'] === 'string'
      ? f['agentId']
      : undefined;

const describe = (msg: string, f: Record<string, unknown>): string => {
  const parts = Object.entries(f)
    .filter(([k]) => k !== 'host')
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length ? `${msg}: ${parts.join(' ')}` : msg;
};

/** Test doubles: a manual clock and tiny loopback Mesos master and agent endpoints. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../src/index.js';
import { encodeRecord } from '../src/index.js';

/** A clock that only moves when the test says so. */
export interface ManualClock extends Clock {
  /** Wait (real time, bounded) until a timer is pending, move to its due time and fire it. */
  readonly fireNext: () => Promise<number>;
  readonly pending: () => number;
}

export const manualClock = (start = 1_700_000_000_000): ManualClock => {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { due: number; fn: () => void }>();
  return {
    now: () => now,
    setTimer: (ms, fn) => {
      const id = (seq += 1);
      timers.set(id, { due: now + ms, fn });
      return () => timers.delete(id);
    },
    pending: () => timers.size,
    fireNext: async () => {
      for (let i = 0; i < 2000 && timers.size === 0; i += 1)
        await new Promise((r) => setTimeout(r, 2));
      const next = [...timers.entries()].sort((a, b) => a[1].due - b[1].due)[0];
      if (next === undefined) throw new Error('no timer was set');
      timers.delete(next[0]);
      const waited = next[1].due - now;
      now = Math.max(now, next[1].due);
      next[1].fn();
      return waited;
    },
  };
};

/** A received request. */
export interface Received {
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

/** A server handle: its origin, what it got, and a way to stop it. */
export interface Loopback {
  readonly origin: string;
  readonly port: number;
  readonly received: Received[];
  readonly streams: http.ServerResponse[];
  readonly close: () => Promise<void>;
}

/** Decide the answer to one request; return 'stream' to keep a 200 RecordIO stream open. */
export type Handler = (req: Received, res: http.ServerResponse) => void | 'stream';

/** Start a loopback server on an ephemeral port. */
export const startServer = async (handler: Handler): Promise<Loopback> => {
  const received: Received[] = [];
  const streams: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>;
      } catch {
        body = {};
      }
      const r: Received = { path: req.url ?? '', headers: req.headers, body };
      received.push(r);
      if (handler(r, res) === 'stream') streams.push(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    received,
    streams,
    close: async () => {
      for (const s of streams) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

/** Open a 200 event stream the way Mesos does, and write the given events. */
export const openEventStream = (
  res: http.ServerResponse,
  events: readonly unknown[],
  streamId?: string,
): void => {
  res.writeHead(200, {
    'content-type': 'application/json',
    ...(streamId === undefined ? {} : { 'mesos-stream-id': streamId }),
  });
  for (const e of events) res.write(encodeRecord(JSON.stringify(e)));
};

/** Write one event to an open stream. */
export const send = (res: http.ServerResponse | undefined, event: unknown): void => {
  if (res === undefined) throw new Error('no open stream');
  res.write(encodeRecord(JSON.stringify(event)));
};

/** Wait (real time, bounded) until `cond` holds. */
export const until = async (cond: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 2500; i += 1) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`timed out waiting for ${what}`);
};

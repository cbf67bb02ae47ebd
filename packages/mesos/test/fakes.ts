/** Test doubles: a manual clock and tiny loopback Mesos master and agent endpoints. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeRecord } from '../src/index.js';

/** The workspace's manual clock (testkit): `fireNext` waits for a timer and fires it. */
export { manualClock, type ManualClock } from '@scaleio-framework/testkit';

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

/** A tiny scripted HTTP gateway on 127.0.0.1:0 for the session and error tests. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake gateway received. */
export interface Seen {
  readonly method: string;
  readonly path: string;
  readonly authorization: string;
  readonly body: string;
}

/** What a handler answers. */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly raw?: string;
}

/** A running fake gateway. */
export interface FakeGateway {
  readonly url: string;
  readonly seen: Seen[];
  readonly close: () => Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });

/** Starts a gateway whose every answer comes from `handle`. */
export const startFakeGateway = async (
  handle: (req: Seen, index: number) => Reply,
): Promise<FakeGateway> => {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const s: Seen = {
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization ?? '',
        body,
      };
      seen.push(s);
      const r = handle(s, seen.length - 1);
      const text = r.raw ?? (r.body === undefined ? '' : JSON.stringify(r.body));
      res.writeHead(r.status, { 'content-type': 'application/json' });
      res.end(text);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
};

/** Decodes `Basic base64(user:secret)` into its two parts. */
export const decodeBasic = (header: string): { user: string; secret: string } => {
  const raw = Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');
  const i = raw.indexOf(':');
  return { user: raw.slice(0, i), secret: raw.slice(i + 1) };
};

/** A log sink that records every line. */
export const recordingLogger = () => {
  const lines: { level: string; message: string; context?: unknown }[] = [];
  return {
    lines,
    logger: {
      warn: (message: string, context?: unknown) =>
        void lines.push({ level: 'warn', message, context }),
      debug: (message: string, context?: unknown) =>
        void lines.push({ level: 'debug', message, context }),
    },
  };
};

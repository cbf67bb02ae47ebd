import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Secret } from './secret.js';
import { DASHBOARD_CSP, DASHBOARD_HTML } from './dashboard.js';
import type { HistoryView } from './history.js';

/** What the HTTP server serves; each is a function so that it always shows the current value. */
export interface HttpDeps {
  readonly health: () => { ok: boolean; leader: boolean; subscribed: boolean; problem?: string };
  readonly status: () => unknown;
  readonly metrics: () => Promise<{ contentType: string; body: string }>;
  /** Capacity history for the dashboard chart (`GET /api/v1/history`); absent: no pools. */
  readonly history?: (() => HistoryView) | undefined;
  /** The executor bundle served to the Mesos fetcher, or undefined when not configured. */
  readonly executorFile: string | undefined;
  /** The executor's Node.js runtime archive (checked at start) and the path it is served at. */
  readonly executorRuntime?: { readonly path: string; readonly urlPath: string } | undefined;
  /** Operator token; empty disables operator actions. */
  readonly operatorToken: Secret;
  /** Operator actions by name (`POST /api/v1/actions/<name>` with a JSON body). */
  readonly actions: Readonly<
    Record<string, (body: unknown) => Promise<{ status: number; body: unknown }>>
  >;
}

/** Path under which the executor bundle is served. */
export const EXECUTOR_PATH = '/executor/scaleio-executor.mjs';

const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
) => {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(text);
};

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * Whether the request carries the operator token. The SHA-256 digests of the given and the
 * expected token are compared in constant time: equal-length inputs, so neither the token's
 * length nor where a guess goes wrong shows in the timing.
 */
export const tokenOk = (authorization: string | undefined, token: Secret): boolean => {
  if (token.isEmpty) return false;
  const got = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(got), digest(token.reveal()));
};

/** Largest operator action body accepted. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Why a body was not read. */
type BodyError = { readonly status: 400 | 413; readonly error: string };

/**
 * Reads a JSON body of at most `limit` bytes. A larger one (by its Content-Length, or once it
 * grows past the limit) is refused with 413; the rest of it is drained, never stored, and the
 * socket is left for the answer.
 */
const readBody = (
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
): Promise<{ ok: true; body: unknown } | ({ ok: false } & BodyError)> =>
  new Promise((resolve) => {
    const tooLarge = { ok: false, status: 413, error: `body larger than ${limit} bytes` } as const;
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume();
      return resolve(tooLarge);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (over) return;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(tooLarge);
      } else chunks.push(c);
    });
    req.on('end', () => {
      if (over) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({ ok: true, body: {} });
      try {
        resolve({ ok: true, body: JSON.parse(text) });
      } catch {
        resolve({ ok: false, status: 400, error: 'body is not JSON' });
      }
    });
    req.on('error', () => resolve({ ok: false, status: 400, error: 'body could not be read' }));
  });

/** Handles one request; exported for tests that do not want a socket. */
export async function handle(
  deps: HttpDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  const method = req.method ?? 'GET';
  if (method === 'GET' && url.pathname === '/health') {
    const h = deps.health();
    return json(res, h.ok ? 200 : 503, h);
  }
  if (method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html')) {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': DASHBOARD_CSP,
      'x-content-type-options': 'nosniff',
    });
    return void res.end(DASHBOARD_HTML);
  }
  if (method === 'GET' && url.pathname === '/api/v1/status') return json(res, 200, deps.status());
  if (method === 'GET' && url.pathname === '/api/v1/history')
    return json(res, 200, deps.history?.() ?? { pools: [] });
  if (method === 'GET' && url.pathname === '/metrics') {
    const m = await deps.metrics();
    res.writeHead(200, { 'content-type': m.contentType });
    return void res.end(m.body);
  }
  // The Mesos fetcher's cache needs the size up front (a HEAD with Content-Length, docs/fetcher.md).
  const artifact = (file: string, type: string, what: string): void => {
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return json(res, 404, { error: `${what} missing on the scheduler host` });
    }
    res.writeHead(200, { 'content-type': type, 'content-length': String(size) });
    if (method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  };
  if ((method === 'GET' || method === 'HEAD') && url.pathname === EXECUTOR_PATH) {
    if (!deps.executorFile) return json(res, 404, { error: 'no executor bundle configured' });
    return artifact(deps.executorFile, 'text/javascript', 'executor bundle');
  }
  const runtime = deps.executorRuntime;
  if ((method === 'GET' || method === 'HEAD') && url.pathname === runtime?.urlPath)
    return artifact(runtime.path, 'application/octet-stream', 'executor runtime');
  const action = /^\/api\/v1\/actions\/([a-z-]+)$/.exec(url.pathname)?.[1];
  if (action !== undefined) {
    if (method !== 'POST') return json(res, 405, { error: 'use POST' }, { allow: 'POST' });
    if (!tokenOk(req.headers.authorization, deps.operatorToken))
      return json(
        res,
        401,
        {
          error: deps.operatorToken.isEmpty
            ? 'operator actions are disabled (no operator token configured)'
            : 'missing or wrong bearer token',
        },
        { 'www-authenticate': 'Bearer' },
      );
    const run = deps.actions[action];
    if (!run) return json(res, 404, { error: `unknown action '${action}'` });
    const body = await readBody(req);
    if (!body.ok)
      return json(
        res,
        body.status,
        { error: body.error },
        body.status === 413 ? { connection: 'close' } : {},
      );
    const r = await run(body.body);
    return json(res, r.status, r.body);
  }
  return json(res, 404, { error: `no route for ${method} ${url.pathname}` });
}

/** Starts the HTTP server; resolves with it once it listens. */
export function startHttpServer(deps: HttpDeps, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    handle(deps, req, res).catch((e: Error) => {
      if (!res.headersSent) json(res, 500, { error: e.message });
      else res.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

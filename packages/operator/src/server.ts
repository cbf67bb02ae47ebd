import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Secret } from './secret.js';
import { DASHBOARD_CSP, DASHBOARD_HTML } from './dashboard.js';
import type { HistoryView } from './history.js';

/** What the HTTP server serves; each is a function so that it always shows the current value. */
export interface HttpDeps {
  readonly health: () => { ok: boolean; leader: boolean; subscribed: boolean };
  readonly status: () => unknown;
  readonly metrics: () => Promise<{ contentType: string; body: string }>;
  /** Capacity history for the dashboard chart (`GET /api/v1/history`); absent: no pools. */
  readonly history?: (() => HistoryView) | undefined;
  /** The executor bundle served to the Mesos fetcher, or undefined when not configured. */
  readonly executorFile: string | undefined;
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

const tokenOk = (req: IncomingMessage, token: Secret): boolean => {
  if (token.isEmpty) return false;
  const got = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(got);
  const b = Buffer.from(token.reveal());
  return a.length === b.length && timingSafeEqual(a, b);
};

const readBody = (req: IncomingMessage, limit = 64 * 1024): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new Error('body is not JSON'));
      }
    });
    req.on('error', reject);
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
  if ((method === 'GET' || method === 'HEAD') && url.pathname === EXECUTOR_PATH) {
    if (!deps.executorFile) return json(res, 404, { error: 'no executor bundle configured' });
    let size: number;
    try {
      size = statSync(deps.executorFile).size;
    } catch {
      return json(res, 404, { error: 'executor bundle missing on the scheduler host' });
    }
    res.writeHead(200, { 'content-type': 'text/javascript', 'content-length': String(size) });
    if (method === 'HEAD') return void res.end();
    createReadStream(deps.executorFile).pipe(res);
    return;
  }
  const action = /^\/api\/v1\/actions\/([a-z-]+)$/.exec(url.pathname)?.[1];
  if (action !== undefined) {
    if (method !== 'POST') return json(res, 405, { error: 'use POST' }, { allow: 'POST' });
    if (!tokenOk(req, deps.operatorToken))
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
    let body: unknown;
    try {
      body = await readBody(req);
    } catch (e) {
      return json(res, 400, { error: (e as Error).message });
    }
    const r = await run(body);
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

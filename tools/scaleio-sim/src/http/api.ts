/**
 * The gateway REST API (`/api/...`): authentication, fault injection, then routing by URL shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import * as E from 'fp-ts/lib/Either.js';
import { badRequest, mdmError, unauthorized, type SimError } from '../errors.js';
import { isHexId } from '../ids.js';
import type { Model } from '../model/types.js';
import { settleWrites } from '../model/writes.js';
import { parseBasic, type TokenStore } from './auth.js';
import { parseJson, readBody } from './body.js';
import { takeError500, type Faults } from './faults.js';
import { createObject, hasAction, runAction } from './api-mutations.js';
import { queryMultiStats, typeAction } from './api-queries.js';
import { systemVerb } from './api-system.js';
import { listType, types } from './registry.js';
import { sendEmpty, sendError, sendJson } from './respond.js';

/**
 * One `/api/...` request as the gateway received it: what it asked, how it authenticated
 * (`password`: Basic with the admin password, `token`: a live token, `other`: credentials that
 * are neither, `none`), and the status it got. No secret is kept.
 */
export interface RequestRecord {
  readonly atMs: number;
  readonly method: string;
  readonly path: string;
  readonly auth: 'none' | 'password' | 'token' | 'other';
  readonly status: number;
}

/** The most requests the journal keeps (the oldest go first). */
export const JOURNAL_LIMIT = 20_000;

/** What the REST handler works on. */
export interface ApiContext {
  model: Model;
  tokens: TokenStore;
  faults: Faults;
  credentials: { username: string; password: string };
  /** Every request answered, oldest first (at most {@link JOURNAL_LIMIT}). */
  journal: RequestRecord[];
}

/** The version string `/api/version` returns (a JSON string). */
export const API_VERSION = '2.6';

type Result = E.Either<SimError, { body: unknown } | null>;

const notFoundRoute = (path: string): SimError => ({
  httpStatus: 404,
  errorCode: 0,
  message: `No such resource: ${path}`,
});

const json = (e: E.Either<SimError, unknown>): Result => E.map((body: unknown) => ({ body }))(e);
const empty = (e: E.Either<SimError, unknown>): Result => E.map(() => null)(e);

const instance = (m: Model, type: string, id: string): E.Either<SimError, string> => {
  const def = types[type];
  if (def === undefined) return E.left(badRequest(`Unknown type ${type}`));
  if (!isHexId(id))
    return E.left(
      badRequest(`Request message is not valid: id must be a hexadecimal number: ${id}`),
    );
  return def.ids(m).includes(id) ? E.right(id) : E.left(mdmError(def.notFound));
};

const allInstances = (m: Model): Record<string, unknown> => ({
  System: types['System']?.render(m, m.system.id) ?? null,
  protectionDomainList: listType(m, 'ProtectionDomain'),
  storagePoolList: listType(m, 'StoragePool'),
  faultSetList: listType(m, 'FaultSet'),
  sdsList: listType(m, 'Sds'),
  deviceList: listType(m, 'Device'),
  volumeList: listType(m, 'Volume'),
  vTreeList: listType(m, 'VTree'),
  sdcList: listType(m, 'Sdc'),
  rfcacheDeviceList: null,
  ...Object.fromEntries(
    [
      'System',
      'ProtectionDomain',
      'StoragePool',
      'FaultSet',
      'Sds',
      'Device',
      'Volume',
      'VTree',
      'Sdc',
      'RfcacheDevice',
    ].map((t) => [`last${t}Version`, m.generation]),
  ),
  isDirty: false,
  sessionTag: m.generation,
});

/** The 1.3x lookups cinder still uses: `GET /api/types/{Domain|Pool|Volume}/instances/getByName::...`. */
const byName = (m: Model, path: string): E.Either<SimError, string> | undefined => {
  const r = /^\/api\/types\/(Domain|Pool|Volume)\/instances\/getByName::(.+)$/.exec(path);
  if (r?.[1] === undefined || r[2] === undefined) return undefined;
  const key = decodeURIComponent(r[2]);
  const found = (() => {
    if (r[1] === 'Domain') return [...m.pds.values()].find((p) => p.name === key)?.id;
    if (r[1] === 'Volume') return [...m.volumes.values()].find((v) => v.name === key)?.id;
    const comma = key.indexOf(',');
    const pdId = key.slice(0, comma);
    const name = key.slice(comma + 1);
    return [...m.pools.values()].find((p) => p.pdId === pdId && p.name === name)?.id;
  })();
  return found === undefined ? E.left(mdmError('NOT_FOUND')) : E.right(found);
};

const route = (m: Model, method: string, path: string, body: unknown): Result => {
  const get = method === 'GET';
  if (get && path === '/api/instances') return json(E.right(allInstances(m)));
  if (!get && path === '/api/instances/querySelectedStatistics')
    return json(queryMultiStats(m, body));
  if (get) {
    const legacy = byName(m, path);
    if (legacy !== undefined) return json(legacy);
  }
  let r = /^\/api\/instances\/System\/(?:action\/)?(\w+)$/.exec(path);
  if (!get && r?.[1] !== undefined) return json(systemVerb(m, r[1], body));
  r = /^\/api\/types\/(\w+)\/instances$/.exec(path);
  if (r?.[1] !== undefined) {
    if (types[r[1]] === undefined) return E.left(notFoundRoute(path));
    return get ? json(E.right(listType(m, r[1]))) : json(createObject(m, r[1], body));
  }
  r = /^\/api\/types\/(\w+)\/instances\/action\/(\w+)$/.exec(path);
  if (!get && r?.[1] !== undefined && r[2] !== undefined)
    return json(typeAction(m, r[1], r[2], body));
  r = /^\/api\/instances\/(\w+)::([^/]+)(?:\/(relationships|action)\/(\w+))?$/.exec(path);
  if (r?.[1] === undefined || r[2] === undefined) return E.left(notFoundRoute(path));
  const [, type, rawId, kind, name] = r as unknown as [
    string,
    string,
    string,
    string | undefined,
    string | undefined,
  ];
  const id = instance(m, type, decodeURIComponent(rawId));
  if (E.isLeft(id)) return id;
  const def = types[type];
  if (def === undefined) return E.left(notFoundRoute(path));
  if (get && kind === undefined) return json(E.right(def.render(m, id.right)));
  if (get && kind === 'relationships' && name === 'Statistics')
    return json(E.right(def.stats(m, id.right)));
  const rel = name === undefined ? undefined : def.related[name];
  if (get && kind === 'relationships' && rel !== undefined) return json(E.right(rel(m, id.right)));
  if (!get && kind === 'action' && name !== undefined && hasAction(type, name)) {
    return empty(runAction(m, type, id.right, name, body));
  }
  if (!get && kind === 'action' && name !== undefined && type === 'System')
    return json(systemVerb(m, name, body));
  return E.left(
    kind === 'relationships'
      ? { httpStatus: 500, errorCode: 0, message: `Error in get relationship ${name ?? ''}` }
      : notFoundRoute(path),
  );
};

/** Serves one `/api/...` request and records it in the journal. */
export const handleApi = async (
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const basic = parseBasic(req.headers.authorization);
  const auth: RequestRecord['auth'] =
    basic === undefined
      ? 'none'
      : basic.user === ctx.credentials.username && basic.secret === ctx.credentials.password
        ? 'password'
        : ctx.tokens.isLive(basic.secret)
          ? 'token'
          : 'other';
  const atMs = ctx.model.clock();
  res.once('finish', () => {
    ctx.journal.push({ atMs, method: req.method ?? '', path, auth, status: res.statusCode });
    if (ctx.journal.length > JOURNAL_LIMIT)
      ctx.journal.splice(0, ctx.journal.length - JOURNAL_LIMIT);
  });
  await serveApi(ctx, req, res, path);
};

const serveApi = async (
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> => {
  const text = await readBody(req);
  if (ctx.faults.latencyMs > 0) await delay(ctx.faults.latencyMs);
  if (takeError500(ctx.faults, path, ctx.model.clock()))
    return sendError(res, {
      httpStatus: 500,
      errorCode: 0,
      message: 'Internal Server Error (injected)',
    });
  const basic = parseBasic(req.headers.authorization);
  const { username, password } = ctx.credentials;
  const byPassword = basic !== undefined && basic.user === username && basic.secret === password;
  if (path === '/api/login' && req.method === 'GET') {
    return byPassword
      ? sendJson(res, 200, ctx.tokens.mint(username))
      : sendError(res, unauthorized);
  }
  const byToken = basic !== undefined && ctx.tokens.use(basic.secret);
  if (path === '/api/version' && req.method === 'GET') {
    return byToken || byPassword ? sendJson(res, 200, API_VERSION) : sendError(res, unauthorized);
  }
  if (!byToken) return sendError(res, unauthorized);
  if (path === '/api/logout' && req.method === 'GET') {
    ctx.tokens.logout(basic.secret);
    return sendEmpty(res);
  }
  if (!path.startsWith('/api/')) return sendError(res, notFoundRoute(path));
  if (ctx.model.mdm === null) return sendError(res, mdmError('COMMUNICATION_ERROR'));
  const body = req.method === 'GET' ? E.right({}) : parseJson(text);
  if (E.isLeft(body)) return sendError(res, body.left);
  settleWrites(ctx.model);
  const out = route(ctx.model, req.method ?? 'GET', path, body.right);
  if (E.isLeft(out)) return sendError(res, out.left);
  if (req.method !== 'GET') ctx.model.generation += 1;
  return out.right === null ? sendEmpty(res) : sendJson(res, 200, out.right.body);
};

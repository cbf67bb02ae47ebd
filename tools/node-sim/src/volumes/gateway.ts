/**
 * The ScaleIO gateway REST calls REX-Ray 0.11's ScaleIO driver makes through goscaleio
 * (rexray/rexray v0.11.4 `libstorage/drivers/storage/scaleio/storage/scaleio_storage.go` and
 * `vendor/github.com/thecodeteam/goscaleio`): `GET /api/login` with Basic user:password gives a
 * token that later calls send as the Basic password; objects under `/api/types/<T>/instances`
 * and `/api/instances/<T>::<id>[/relationships/<R>|/action/<a>]`.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import * as E from 'fp-ts/lib/Either.js';

/** A logged-in gateway session. */
export interface Gateway {
  get(path: string): Promise<E.Either<string, unknown>>;
  post(path: string, body: unknown): Promise<E.Either<string, unknown>>;
}

const call = (
  endpoint: string,
  insecure: boolean,
  method: 'GET' | 'POST',
  path: string,
  auth: string,
  body?: unknown,
): Promise<E.Either<string, unknown>> =>
  new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(`${endpoint.replace(/\/+$/, '')}${path}`);
    } catch {
      resolve(E.left(`bad gateway endpoint ${endpoint}`));
      return;
    }
    const text = body === undefined ? undefined : JSON.stringify(body);
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      {
        method,
        headers: {
          authorization: `Basic ${Buffer.from(auth).toString('base64')}`,
          accept: 'application/json',
          ...(text === undefined ? {} : { 'content-type': 'application/json' }),
        },
        rejectUnauthorized: !insecure,
        timeout: 10_000,
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => {
          let json: unknown;
          try {
            json = data === '' ? null : JSON.parse(data);
          } catch {
            json = data;
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(E.right(json));
          else {
            const m = (json as { message?: unknown } | null)?.message;
            resolve(
              E.left(`${method} ${path}: HTTP ${status}${typeof m === 'string' ? `: ${m}` : ''}`),
            );
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e) => resolve(E.left(`${method} ${path}: ${e.message}`)));
    req.end(text);
  });

/** Logs in as `user` and returns the session (the token is the Basic password of later calls). */
export const gatewayLogin = async (
  endpoint: string,
  user: string,
  password: string,
  insecure: boolean,
): Promise<E.Either<string, Gateway>> => {
  const t = await call(endpoint, insecure, 'GET', '/login', `${user}:${password}`);
  if (E.isLeft(t)) return E.left(`error authenticating: ${t.left}`);
  if (typeof t.right !== 'string') return E.left('error authenticating: no token returned');
  const auth = `${user}:${t.right}`;
  return E.right({
    get: (path) => call(endpoint, insecure, 'GET', path, auth),
    post: (path, body) => call(endpoint, insecure, 'POST', path, auth, body),
  });
};

/** A gateway object with at least its id and name. */
export interface GwObject {
  readonly id: string;
  readonly name?: string | null;
  readonly [key: string]: unknown;
}

/** Reads a list of objects; a Left when the answer is not one. */
export const listOf = async (g: Gateway, path: string): Promise<E.Either<string, GwObject[]>> => {
  const r = await g.get(path);
  if (E.isLeft(r)) return r;
  return Array.isArray(r.right) && r.right.every((o) => typeof (o as GwObject).id === 'string')
    ? E.right(r.right as GwObject[])
    : E.left(`GET ${path}: not a list of objects`);
};

/** The one object of `list` whose `key` is `value`, or why not. */
export const findBy = (
  list: readonly GwObject[],
  key: string,
  value: string,
  what: string,
): E.Either<string, GwObject> => {
  const found = list.find((o) => o[key] === value);
  return found === undefined ? E.left(`${what} ${value} not found`) : E.right(found);
};

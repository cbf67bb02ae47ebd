/**
 * An IMDSv2 client: `PUT /latest/api/token` with a TTL, then GETs carrying the token. The token is
 * cached until shortly before it expires. Requests are values built by pure functions;
 * {@link imdsClient}'s `send` is the only IO. The token is never logged or put in an error.
 */
import * as t from 'io-ts';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { decodeSafely } from '@scaleio-framework/capacity';
import type { Ec2Error } from './errors.js';

/** The real IMDS endpoint. */
export const defaultImdsEndpoint = 'http://169.254.169.254';

/** One HTTP request to IMDS. */
export interface ImdsRequest {
  readonly method: 'PUT' | 'GET';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The token request. */
export const tokenRequest = (endpoint: string, ttlSeconds: number): ImdsRequest => ({
  method: 'PUT',
  url: `${endpoint.replace(/\/$/, '')}/latest/api/token`,
  headers: { 'x-aws-ec2-metadata-token-ttl-seconds': String(ttlSeconds) },
});

/** A metadata GET (`path` like `meta-data/instance-id`). */
export const metadataRequest = (endpoint: string, path: string, token: string): ImdsRequest => ({
  method: 'GET',
  url: `${endpoint.replace(/\/$/, '')}/latest/${path.replace(/^\//, '')}`,
  headers: { 'x-aws-ec2-metadata-token': token },
});

/** Codec of the instance identity document (the fields we use). */
export const IdentityDocument = t.type({
  instanceId: t.string,
  availabilityZone: t.string,
  region: t.string,
  instanceType: t.string,
  accountId: t.string,
});
/** The instance identity document. */
export type IdentityDocument = t.TypeOf<typeof IdentityDocument>;

/** Options of {@link imdsClient}. */
export interface ImdsOptions {
  /** Base URL; default {@link defaultImdsEndpoint}. */
  readonly endpoint?: string;
  /** Token lifetime in seconds (1–21600); default 21600. */
  readonly ttlSeconds?: number;
  /** Per-request timeout; default 2000 ms. */
  readonly timeoutMs?: number;
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
}

/** An IMDSv2 client. */
export interface ImdsClient {
  /** A metadata value as text (`meta-data/placement/availability-zone`). */
  get(path: string): Promise<Either<Ec2Error, string>>;
  /** The decoded identity document. */
  identity(): Promise<Either<Ec2Error, IdentityDocument>>;
}

const imdsError = (message: string): Ec2Error => ({ _tag: 'Imds', message });

/** Builds an IMDSv2 client. */
export const imdsClient = (opts: ImdsOptions = {}): ImdsClient => {
  const endpoint = opts.endpoint ?? defaultImdsEndpoint;
  const ttl = opts.ttlSeconds ?? 21600;
  const now = opts.now ?? Date.now;
  const doFetch = opts.fetch ?? fetch;
  let cached: { token: string; until: number } | undefined;

  const send = async (req: ImdsRequest): Promise<Either<Ec2Error, string>> => {
    try {
      const r = await doFetch(req.url, {
        method: req.method,
        headers: req.headers,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 2000),
      });
      const body = await r.text();
      if (r.status !== 200)
        return left(
          imdsError(`IMDS ${req.method} ${new URL(req.url).pathname} answered HTTP ${r.status}`),
        );
      if (body.trim() === '')
        return left(imdsError(`IMDS ${new URL(req.url).pathname} answered an empty body`));
      return right(body);
    } catch (e) {
      return left(imdsError(`IMDS unreachable at ${endpoint}: ${(e as Error).name}`));
    }
  };

  const token = async (): Promise<Either<Ec2Error, string>> => {
    if (cached !== undefined && now() < cached.until) return right(cached.token);
    const r = await send(tokenRequest(endpoint, ttl));
    if (isLeft(r)) return r;
    // Renew a minute early (or at half the TTL for short ones).
    cached = { token: r.right.trim(), until: now() + Math.max(ttl * 500, ttl * 1000 - 60_000) };
    return right(cached.token);
  };

  const get = async (path: string): Promise<Either<Ec2Error, string>> => {
    const tok = await token();
    if (isLeft(tok)) return tok;
    const r = await send(metadataRequest(endpoint, path, tok.right));
    if (isLeft(r) && /HTTP 401/.test(r.left.message)) {
      cached = undefined;
      const again = await token();
      if (isLeft(again)) return again;
      return send(metadataRequest(endpoint, path, again.right));
    }
    return r;
  };

  return {
    get,
    identity: async () => {
      const raw = await get('dynamic/instance-identity/document');
      if (isLeft(raw)) return raw;
      let json: unknown;
      try {
        json = JSON.parse(raw.right);
      } catch {
        return left(imdsError('the identity document is not JSON'));
      }
      const d = decodeSafely(IdentityDocument, json);
      return isLeft(d)
        ? left(imdsError(`bad identity document: ${d.left.join('; ')}`))
        : right(d.right);
    },
  };
};

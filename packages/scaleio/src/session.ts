/**
 * The session hook around the IO function: logs in with Basic auth, reuses
 * the token, renews it before the gateway's 8-hour lifetime or 10-minute idle
 * limit (clock injected), and on a 401 logs in again exactly once and repeats
 * the same request (same body) once.
 */
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { fromGatewayResponse, type ScaleIOError } from './errors.js';
import type { Logger } from './logger.js';
import { parseBodyText, type ApiRequest } from './request.js';
import type { Send, WireResponse } from './transport.js';

/** Gateway user and password. */
export interface Credentials {
  /** Gateway user, e.g. `admin`. */
  readonly username: string;
  /** Gateway password. Never logged, never in an error. */
  readonly password: string;
}

/** Token limits. Defaults follow the gateway: 8 h lifetime, 10 min idle, 30 s margin. */
export interface TokenPolicy {
  /** Absolute token lifetime in ms. */
  readonly maxAgeMs: number;
  /** Idle limit in ms. */
  readonly maxIdleMs: number;
  /** Renew this long before either limit. */
  readonly marginMs: number;
}

/** The gateway's documented limits with a 30-second safety margin. */
export const DEFAULT_TOKEN_POLICY: TokenPolicy = {
  maxAgeMs: 8 * 60 * 60 * 1000,
  maxIdleMs: 10 * 60 * 1000,
  marginMs: 30 * 1000,
};

/** A token and when it was issued and last accepted. */
export interface TokenState {
  /** The opaque token. */
  readonly token: string;
  /** Clock time of the login that issued it. */
  readonly createdAt: number;
  /** Clock time of the last request the gateway accepted with it. */
  readonly lastUsedAt: number;
}

/** Why a token must be renewed before use, or `undefined` if it is still good. */
export const renewalReason = (
  state: TokenState | undefined,
  now: number,
  policy: TokenPolicy,
): 'none' | 'age' | 'idle' | undefined => {
  if (state === undefined) return 'none';
  if (now - state.createdAt >= policy.maxAgeMs - policy.marginMs) return 'age';
  if (now - state.lastUsedAt >= policy.maxIdleMs - policy.marginMs) return 'idle';
  return undefined;
};

/** `Basic base64(user:secret)`. */
export const basicAuth = (user: string, secret: string): string =>
  `Basic ${Buffer.from(`${user}:${secret}`, 'utf8').toString('base64')}`;

/** Session settings. */
export interface SessionOptions {
  /** Gateway user and password. */
  readonly credentials: Credentials;
  /** The IO function. */
  readonly send: Send;
  /** Clock in ms. */
  readonly now: () => number;
  /** Where to log logins and renewals (never with secrets). */
  readonly logger: Logger;
  /** Token limits. */
  readonly policy: TokenPolicy;
}

/** An authenticated session. */
export interface Session {
  /** Sends `req` with a valid token; one re-login and retry on 401. */
  readonly call: (req: ApiRequest) => Promise<Either<ScaleIOError, WireResponse>>;
  /** Logs in now (replacing any token). */
  readonly login: () => Promise<Either<ScaleIOError, void>>;
  /** Logs out and forgets the token. A no-op without a token. */
  readonly logout: () => Promise<Either<ScaleIOError, void>>;
  /** The strings that must never appear in errors or logs. */
  readonly secrets: () => readonly string[];
  /** True while a token is held. */
  readonly hasToken: () => boolean;
}

/** Creates a session. No request is sent until the first call. */
export const createSession = (opts: SessionOptions): Session => {
  const { credentials, send, now, logger, policy } = opts;
  let state: TokenState | undefined;
  let inflight: Promise<Either<ScaleIOError, TokenState>> | undefined;
  /** Recent tokens (current and replaced ones), so that late errors are redacted too. */
  const tokens: string[] = [];

  const secrets = (): readonly string[] => [
    credentials.password,
    basicAuth(credentials.username, credentials.password).slice(6),
    ...tokens.flatMap((tok) => [tok, basicAuth(credentials.username, tok).slice(6)]),
  ];

  const doLogin = async (): Promise<Either<ScaleIOError, TokenState>> => {
    const res = await send({
      method: 'GET',
      path: '/api/login',
      authorization: basicAuth(credentials.username, credentials.password),
    });
    if (isLeft(res)) return res;
    const { status, bodyText } = res.right;
    if (status < 200 || status > 299) return left(fromGatewayResponse(status, bodyText, secrets()));
    const body = parseBodyText(bodyText, 'login token');
    if (isLeft(body)) return body;
    const token = t.string.decode(body.right);
    if (isLeft(token))
      return left({
        _tag: 'Decode',
        what: 'login token',
        message: 'the login answer is not a JSON string',
      });
    if (token.right === '')
      return left({ _tag: 'Decode', what: 'login token', message: 'empty token' });
    const at = now();
    state = { token: token.right, createdAt: at, lastUsedAt: at };
    tokens.push(token.right);
    if (tokens.length > 8) tokens.shift();
    logger.debug('scaleio: logged in', { user: credentials.username });
    return right(state);
  };

  /** One login at a time; concurrent callers share it. */
  const login = (): Promise<Either<ScaleIOError, TokenState>> => {
    inflight ??= doLogin().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };

  const validToken = async (): Promise<Either<ScaleIOError, TokenState>> => {
    if (inflight !== undefined) return inflight;
    const reason = renewalReason(state, now(), policy);
    if (reason === undefined && state !== undefined) return right(state);
    if (reason !== 'none') logger.debug('scaleio: renewing token before use', { reason });
    return login();
  };

  const sendWith = (req: ApiRequest, tok: TokenState) =>
    send({
      method: req.method,
      path: req.path,
      ...(req.body === undefined ? {} : { body: req.body }),
      authorization: basicAuth(credentials.username, tok.token),
    });

  const touch = (tok: TokenState): void => {
    if (state?.token === tok.token) state = { ...state, lastUsedAt: now() };
  };

  const call = async (req: ApiRequest): Promise<Either<ScaleIOError, WireResponse>> => {
    const first = await validToken();
    if (isLeft(first)) return first;
    const res = await sendWith(req, first.right);
    if (isLeft(res) || res.right.status !== 401) {
      if (!isLeft(res)) touch(first.right);
      return res;
    }
    logger.debug('scaleio: token rejected (401), logging in again', { path: req.path });
    const again =
      state !== undefined && state.token !== first.right.token
        ? right<ScaleIOError, TokenState>(state)
        : await login();
    if (isLeft(again)) return again;
    const retried = await sendWith(req, again.right);
    if (!isLeft(retried) && retried.right.status !== 401) touch(again.right);
    return retried;
  };

  const logout = async (): Promise<Either<ScaleIOError, void>> => {
    const held = state;
    if (held === undefined) return right(undefined);
    const res = await sendWith({ method: 'GET', path: '/api/logout' }, held);
    if (state?.token === held.token) state = undefined;
    if (isLeft(res)) return res;
    const { status, bodyText } = res.right;
    if ((status >= 200 && status <= 299) || status === 401) return right(undefined);
    return left(fromGatewayResponse(status, bodyText, secrets()));
  };

  return {
    call,
    login: async () => {
      const r = await login();
      return isLeft(r) ? r : right(undefined);
    },
    logout,
    secrets,
    hasToken: () => state !== undefined,
  };
};

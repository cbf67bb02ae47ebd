/**
 * The client: configuration, the session hook around the one IO function,
 * and `run`, which executes any {@link Operation}. Nothing is thrown across
 * this boundary; every result is an `Either`.
 */
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { fromGatewayResponse, redactError, type ScaleIOError } from './errors.js';
import { silentLogger, type Logger } from './logger.js';
import { getInstances, listObjects } from './ops/objects.js';
import { isMissingEndpoint, mdmClusterOf, queryMdmCluster } from './ops/mdm.js';
import { getVersion, type ApiVersion } from './ops/version.js';
import type { MdmCluster } from './objects/system.js';
import { isIdempotent, parseBodyText, type Operation } from './request.js';
import { backoffMs, DEFAULT_RETRY, isTransient, type RetryPolicy } from './retry.js';
import { createSession, DEFAULT_TOKEN_POLICY, type TokenPolicy } from './session.js';
import { gotSend, type Send, type TlsOptions } from './transport.js';

/** How to reach and authenticate to a gateway. */
export interface ClientConfig {
  /** Gateway root URL, `https://host[:port]` (or `http://` for tests). */
  readonly baseUrl: string;
  /** Gateway user. */
  readonly username: string;
  /** Gateway password; never logged or put in an error. */
  readonly password: string;
  /**
   * TLS: verification is ON unless `insecure: true`; `ca` adds trusted CA certificates;
   * `fingerprint` pins the one certificate to accept (the gateway's self-signed one).
   */
  readonly tls?: TlsOptions;
  /** Per-request timeout (default 30 s). */
  readonly timeoutMs?: number;
  /** Clock in ms (default `Date.now`); drives token renewal. */
  readonly now?: () => number;
  /** Logger (default silent). */
  readonly logger?: Logger;
  /** Token limits (default 8 h / 10 min / 30 s margin). */
  readonly tokenPolicy?: Partial<TokenPolicy>;
  /** Replace the got transport (tests). It receives requests with their Authorization header. */
  readonly send?: Send;
  /**
   * Retries of idempotent calls (GETs and query POSTs) that failed for the gateway's or the
   * network's sake (see `isTransient`): default 4 tries, 250 ms doubling to 2 s, jittered. A
   * create or action is never retried blindly: callers look it up by name first (`ensure`).
   */
  readonly retry?: Partial<RetryPolicy>;
  /** Randomness in [0, 1) for the retry jitter (default `Math.random`). */
  readonly random?: () => number;
  /** Waits `ms` between retries (default a timer). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A connected-on-demand gateway client. */
export interface ScaleIOClient {
  /** Runs one operation: authenticates, sends, re-logs in once on 401, maps errors, decodes. */
  readonly run: <A>(op: Operation<A>) => Promise<Either<ScaleIOError, A>>;
  /** Logs in now (otherwise the first `run` does). */
  readonly login: () => Promise<Either<ScaleIOError, void>>;
  /** Logs in if needed and checks `/api/version` (fails with `UnsupportedVersion` outside 1.x-3.x). */
  readonly connect: () => Promise<Either<ScaleIOError, ApiVersion>>;
  /** Logs out; the next `run` logs in again. */
  readonly logout: () => Promise<Either<ScaleIOError, void>>;
  /** The MDM cluster: `queryMdmCluster`, falling back to `System.mdmCluster` on 2.x gateways. */
  readonly mdmCluster: () => Promise<Either<ScaleIOError, MdmCluster>>;
  /** True while a token is held. */
  readonly hasToken: () => boolean;
}

const configError = (message: string): ScaleIOError => ({ _tag: 'Config', message });

/** Creates a client. Fails (as a value) only on a malformed configuration. Sends nothing yet. */
export const createClient = (config: ClientConfig): Either<ScaleIOError, ScaleIOClient> => {
  let url: URL;
  try {
    url = new URL(config.baseUrl);
  } catch {
    return left(configError('baseUrl is not a URL'));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return left(configError('baseUrl must be http(s)'));
  if (url.username !== '' || url.password !== '')
    return left(configError('baseUrl must not carry credentials'));
  if (config.username === '') return left(configError('username is empty'));
  if (config.password === '') return left(configError('password is empty'));

  const logger = config.logger ?? silentLogger;
  const now = config.now ?? Date.now;
  const policy: TokenPolicy = { ...DEFAULT_TOKEN_POLICY, ...config.tokenPolicy };
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...config.retry };
  const random = config.random ?? Math.random;
  const sleep =
    config.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  if (url.protocol === 'http:')
    logger.warn('scaleio: the gateway is plain HTTP: credentials cross the network unencrypted', {
      gateway: url.origin,
    });
  if (config.tls?.insecure === true && url.protocol === 'https:') {
    logger.warn(
      'scaleio: TLS certificate verification is DISABLED for this gateway (insecure: true)',
      {
        gateway: url.origin,
      },
    );
  }

  const secretsRef: { current: () => readonly string[] } = { current: () => [config.password] };
  const send =
    config.send ??
    gotSend(
      {
        baseUrl: url.origin + url.pathname.replace(/\/+$/, ''),
        ...(config.tls === undefined ? {} : { tls: config.tls }),
        timeoutMs: config.timeoutMs ?? 30_000,
      },
      () => secretsRef.current(),
    );
  const session = createSession({
    credentials: { username: config.username, password: config.password },
    send,
    now,
    logger,
    policy,
  });
  secretsRef.current = session.secrets;

  /** Last line of defence: no error leaves the client carrying a secret. */
  const clean = async <A>(
    p: Promise<Either<ScaleIOError, A>>,
  ): Promise<Either<ScaleIOError, A>> => {
    const r = await p;
    return isLeft(r) ? left(redactError(r.left, session.secrets())) : r;
  };

  const once = async <A>(op: Operation<A>): Promise<Either<ScaleIOError, A>> => {
    const res = await session.call(op.request);
    if (isLeft(res)) return res;
    const { status, bodyText } = res.right;
    if (status < 200 || status > 299)
      return left(fromGatewayResponse(status, bodyText, session.secrets()));
    const body = parseBodyText(bodyText, op.request.path);
    return isLeft(body) ? body : op.parse(body.right);
  };

  /** One try, or (idempotent requests) up to `retry.attempts` while the failure is transient. */
  const runRaw = async <A>(op: Operation<A>): Promise<Either<ScaleIOError, A>> => {
    if (op.invalid !== undefined) return left(op.invalid);
    const tries = isIdempotent(op.request) ? Math.max(1, retry.attempts) : 1;
    let r = await once(op);
    for (let i = 1; i < tries && isLeft(r) && isTransient(r.left); i++) {
      const ms = backoffMs(i - 1, retry, random);
      logger.debug('scaleio: retrying after a transient failure', {
        path: op.request.path,
        try: i + 1,
        inMs: ms,
      });
      await sleep(ms);
      r = await once(op);
    }
    return r;
  };
  const run = <A>(op: Operation<A>): Promise<Either<ScaleIOError, A>> => clean(runRaw(op));

  const mdmCluster = async (): Promise<Either<ScaleIOError, MdmCluster>> => {
    const q = await run(queryMdmCluster());
    if (!isLeft(q) || !isMissingEndpoint(q.left)) return q;
    const systems = await run(listObjects('System'));
    if (isLeft(systems)) return systems;
    const first = systems.right[0];
    if (first !== undefined) return mdmClusterOf(first);
    const doc = await run(getInstances());
    return isLeft(doc) ? doc : mdmClusterOf(doc.right.System);
  };

  return right({
    run,
    login: () => clean(session.login()),
    logout: () => clean(session.logout()),
    connect: () => run(getVersion()),
    mdmCluster: () => clean(mdmCluster()),
    hasToken: session.hasToken,
  });
};

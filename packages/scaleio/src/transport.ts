/**
 * The one function that does IO: sends one request to the gateway with got
 * and returns the status and body text. It never throws; non-2xx answers are
 * returned as they are (the session and client interpret them), network and
 * TLS failures become a `Transport` error.
 */
import { got } from 'got';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { fromTransportFailure, type ScaleIOError } from './errors.js';
import { PinnedAgent } from './pin.js';
import type { Method } from './request.js';

/**
 * TLS settings. Verification is on unless `insecure` is set explicitly. With `fingerprint` the
 * peer's certificate must be that one (pinned): chain and name are not checked, `ca` is unused.
 */
export interface TlsOptions {
  /** Extra CA certificate(s) (PEM) to trust, e.g. the gateway's self-signed CA. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Skip certificate verification. Logged once as a warning by the client. */
  readonly insecure?: boolean;
  /** SHA-256 fingerprint of the one certificate to accept (`AB:CD:…`, see `normalizeFingerprint`). */
  readonly fingerprint?: string;
}

/** Where and how to connect. */
export interface TransportConfig {
  /** Gateway root, e.g. `https://10.0.0.5:443`. */
  readonly baseUrl: string;
  /** TLS settings (ignored for `http:`). */
  readonly tls?: TlsOptions;
  /** Whole-request timeout in milliseconds. */
  readonly timeoutMs: number;
}

/** A request with its `Authorization` header value. */
export interface WireRequest {
  /** HTTP method. */
  readonly method: Method;
  /** Path under the gateway root. */
  readonly path: string;
  /** JSON body (POST only). */
  readonly body?: unknown;
  /** Full `Authorization` header value (`Basic ...`). */
  readonly authorization: string;
}

/** What came back. */
export interface WireResponse {
  /** HTTP status. */
  readonly status: number;
  /** Raw body text (may be empty). */
  readonly bodyText: string;
}

/** Signature of the IO function; tests may supply their own. */
export type Send = (req: WireRequest) => Promise<Either<ScaleIOError, WireResponse>>;

/** Joins the gateway root and a path without doubling or dropping slashes. */
export const joinUrl = (baseUrl: string, path: string): string =>
  `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;

/**
 * Builds the got-backed {@link Send} for `config`. `secrets` is read at
 * failure time so that messages never carry the current password or token.
 */
export const gotSend = (config: TransportConfig, secrets: () => readonly string[]): Send => {
  const pin = config.tls?.fingerprint;
  const agent =
    pin !== undefined && config.tls?.insecure !== true ? new PinnedAgent(pin) : undefined;
  return async (req) => {
    const ca = config.tls?.ca;
    try {
      const res = await got(joinUrl(config.baseUrl, req.path), {
        method: req.method,
        headers: {
          authorization: req.authorization,
          accept: 'application/json',
          ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
        throwHttpErrors: false,
        followRedirect: false,
        retry: { limit: 0 },
        timeout: { request: config.timeoutMs },
        responseType: 'text',
        ...(agent === undefined ? {} : { agent: { https: agent } }),
        https: {
          // The pinned agent replaces chain and name checks by its own (see pin.ts).
          rejectUnauthorized: config.tls?.insecure !== true,
          ...(ca === undefined || agent !== undefined
            ? {}
            : { certificateAuthority: ca as string | Buffer | (string | Buffer)[] }),
        },
      });
      return right({ status: res.statusCode, bodyText: res.body });
    } catch (err) {
      return left(fromTransportFailure(err, secrets()));
    }
  };
};

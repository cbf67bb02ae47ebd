/**
 * Retries of idempotent gateway calls: which failures are worth another try (the gateway or the
 * network, not the request), and the capped, jittered backoff between tries. Pure: time and
 * randomness come from the caller.
 */
import { PIN_MISMATCH } from './pin.js';
import type { ScaleIOError } from './errors.js';

/** How often and how far apart an idempotent call is tried. */
export interface RetryPolicy {
  /** Tries in all (1: no retry). */
  readonly attempts: number;
  /** Backoff before the first retry; doubles with each. */
  readonly baseMs: number;
  /** Cap of one backoff. */
  readonly maxMs: number;
}

/** Four tries over about two seconds: a blip is absorbed here, a longer outage by the caller. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseMs: 250, maxMs: 2_000 };

/**
 * The wait before retry number `retry` (0-based): half of `min(maxMs, baseMs * 2^retry)` plus a
 * random part of the other half ("equal jitter"), so that many callers do not retry in step.
 * `random` returns a number in [0, 1).
 */
export const backoffMs = (retry: number, p: RetryPolicy, random: () => number): number => {
  const ceiling = Math.min(p.maxMs, p.baseMs * 2 ** Math.max(0, retry));
  return Math.round(ceiling / 2 + (ceiling / 2) * Math.min(Math.max(random(), 0), 1));
};

/** TLS verification failures (Node's and OpenSSL's codes) and a pin mismatch: never retried. */
const TRUST_CODES: ReadonlySet<string> = new Set([
  PIN_MISMATCH,
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The gateway's certificate was not trusted (by the pin, or by CA and name verification). */
export const isTrustFailure = (e: ScaleIOError): boolean =>
  e._tag === 'Transport' && TRUST_CODES.has(e.code);

/**
 * The gateway (or the way to it) failed, not the request: no answer (refused, reset, timed out),
 * a proxy's 502/503/504, or a 500 with no MDM return code (the gateway's own failure; a 500 that
 * carries an MDM code is the MDM's answer to this request). A trust failure is not transient.
 */
export const isTransient = (e: ScaleIOError): boolean => {
  if (e._tag === 'Transport') return !isTrustFailure(e);
  if (e._tag !== 'Gateway') return false;
  return (
    e.httpStatus === 502 ||
    e.httpStatus === 503 ||
    e.httpStatus === 504 ||
    (e.httpStatus === 500 && e.errorCode === 0)
  );
};

/** The gateway cannot be used now: down, failing, or not trusted. Callers wait, not give up. */
export const isGatewayUnavailable = (e: ScaleIOError): boolean =>
  isTransient(e) || isTrustFailure(e);

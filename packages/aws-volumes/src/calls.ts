/**
 * The one place that does EC2 IO: every call goes through {@link ec2Call}, which retries transient
 * errors (throttling, 5xx, network) with a bounded, jittered backoff and maps failures to
 * {@link Ec2Error}. Never throws.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { retryTransient } from '@scaleio-framework/capacity';
import { fromSdkError, isTransient, type Ec2Error } from './errors.js';
import type { Backoff, Timing } from './timing.js';

/** How transient errors are retried. */
export interface RetryPolicy {
  /** Total attempts, ≥ 1. */
  readonly attempts: number;
  readonly backoff: Backoff;
}

/** Default: 6 attempts, 250 ms doubling to at most 8 s, ±20 % jitter (about 16 s in total). */
export const defaultRetry: RetryPolicy = {
  attempts: 6,
  backoff: { initialMs: 250, factor: 2, maxMs: 8000, jitter: 0.2 },
};

/** Runs one EC2 call, retrying transient failures; the result or the mapped error. */
export const ec2Call = <A>(
  run: () => Promise<A>,
  retry: RetryPolicy,
  timing: Timing,
): Promise<Either<Ec2Error, A>> =>
  retryTransient(
    run,
    { ...retry, failureOf: fromSdkError, isTransient, errorOf: (e: Ec2Error) => e },
    timing,
  );

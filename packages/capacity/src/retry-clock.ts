/**
 * The providers' retry clock: time, sleep and jitter injected as one value (so that retries and
 * waits are deterministic in tests), a bounded jittered exponential backoff, the retry of a call's
 * transient failures, and a bounded poll. Every cloud provider's IO goes through these; none of
 * them throws.
 *
 * @module
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';

/** Clock, sleep and jitter source. */
export interface Timing {
  /** Epoch milliseconds. */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1). */
  readonly random: () => number;
}

/** Real time. */
export const realTiming: Timing = {
  now: Date.now,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  random: Math.random,
};

/** A bounded exponential backoff: delay n = min(max, base × factor^n), with ±jitter. */
export interface Backoff {
  readonly initialMs: number;
  readonly factor: number;
  readonly maxMs: number;
  /** Fraction of each delay that is randomised (0 = none). */
  readonly jitter: number;
}

/** The delay before attempt `n + 1` (n ≥ 0), given a random number in [0, 1). */
export const backoffDelay = (b: Backoff, n: number, rnd: number): number => {
  const d = Math.min(b.maxMs, b.initialMs * b.factor ** n);
  return Math.max(0, Math.round(d * (1 - b.jitter + 2 * b.jitter * rnd)));
};

/** How {@link retryTransient} reads a thrown failure and when it tries again. */
export interface RetryRule<F, E> {
  /** Total attempts, ≥ 1. */
  readonly attempts: number;
  readonly backoff: Backoff;
  /** What was thrown, as the caller's failure. */
  readonly failureOf: (thrown: unknown) => F;
  /** Whether the failure is worth another attempt after a backoff (rate limits, 5xx, network). */
  readonly isTransient: (failure: F) => boolean;
  /** The error the caller gets for a failure it does not retry (or retried enough). */
  readonly errorOf: (failure: F) => E;
}

/**
 * Runs `run`, retrying a transient failure after {@link backoffDelay} on the injected clock until
 * `attempts` are spent; the result, or the last failure as the caller's error. Never throws.
 */
export const retryTransient = async <A, F, E>(
  run: () => Promise<A>,
  rule: RetryRule<F, E>,
  timing: Timing,
): Promise<Either<E, A>> => {
  for (let n = 0; ; n++) {
    try {
      return right(await run());
    } catch (thrown) {
      const failure = rule.failureOf(thrown);
      if (!rule.isTransient(failure) || n + 1 >= rule.attempts) return left(rule.errorOf(failure));
      await timing.sleep(backoffDelay(rule.backoff, n, timing.random()));
    }
  }
};

/** What one poll found: done with a value, not yet (in `state`), or a failure that ends the wait. */
export type Poll<A, E> =
  | { readonly _tag: 'done'; readonly value: A }
  | { readonly _tag: 'pending'; readonly state: string }
  | { readonly _tag: 'failed'; readonly error: E };

/** How long and how often {@link pollBackingOff} polls. */
export interface WaitPolicy {
  readonly timeoutMs: number;
  readonly backoff: Backoff;
}

/**
 * Polls `check` until it is done or failed, sleeping with backoff between polls (never past the
 * deadline); once `timeoutMs` of the injected clock has passed, `timeout(lastState)`.
 */
export const pollBackingOff = async <A, E>(
  check: () => Promise<Either<E, Poll<A, E>>>,
  policy: WaitPolicy,
  timing: Timing,
  timeout: (lastState: string) => E,
): Promise<Either<E, A>> => {
  const start = timing.now();
  for (let n = 0; ; n++) {
    const r = await check();
    if (r._tag === 'Left') return r;
    const p = r.right;
    if (p._tag === 'done') return right(p.value);
    if (p._tag === 'failed') return left(p.error);
    const elapsed = timing.now() - start;
    if (elapsed >= policy.timeoutMs) return left(timeout(p.state));
    const d = backoffDelay(policy.backoff, n, timing.random());
    await timing.sleep(Math.min(d, Math.max(1, policy.timeoutMs - elapsed)));
  }
};

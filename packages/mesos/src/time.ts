/**
 * Injected time and randomness, and the capped exponential backoff with jitter both clients use.
 *
 * @module
 */

/** A clock: wall time and cancellable timers. Tests pass a manual one. */
export interface Clock {
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Run `fn` after `ms`; returns a function that cancels it. */
  readonly setTimer: (ms: number, fn: () => void) => () => void;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (ms, fn) => {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
};

/** Uniform random number in [0, 1). */
export type Random = () => number;

/** Capped exponential backoff. */
export interface BackoffPolicy {
  /** Delay before the first retry, before jitter. */
  readonly initialMs: number;
  /** Cap on the un-jittered delay. */
  readonly maxMs: number;
}

/** Mesos docs suggest exponential backoff up to about 15 s between resubscriptions. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 15_000 };

/**
 * Delay before retry number `attempt` (0-based): `min(max, initial * 2^attempt)`, then "equal
 * jitter": half of it fixed, half uniformly random, so retries of many schedulers spread out.
 */
export const backoffDelay = (policy: BackoffPolicy, attempt: number, random: Random): number => {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(base / 2 + random() * (base / 2));
};

/**
 * A sleep that can be cut short: `wait(ms)` resolves after `ms` on the clock, or at once when
 * `wakeAll()` is called (used by `close()`).
 */
export const createSleeper = (
  clock: Clock,
): { readonly wait: (ms: number) => Promise<void>; readonly wakeAll: () => void } => {
  const pending = new Set<() => void>();
  return {
    wait: (ms) =>
      new Promise<void>((resolve) => {
        const done = (): void => {
          pending.delete(done);
          cancel();
          resolve();
        };
        const cancel = clock.setTimer(ms, done);
        pending.add(done);
      }),
    wakeAll: () => {
      for (const done of [...pending]) done();
    },
  };
};

/** Time and randomness, injected so that waits and backoffs are deterministic in tests. */

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

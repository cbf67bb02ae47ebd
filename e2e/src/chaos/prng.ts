/**
 * A small seeded pseudo-random generator for the chaos schedules: the same seed gives the same
 * numbers on every machine and Node.js version (integer arithmetic only, no `Math.random`).
 */

/** A source of floats in `[0, 1)`. Schedules take one as a value, so tests can inject their own. */
export type Rng = () => number;

/**
 * mulberry32: a 32-bit state advanced by the constant 0x6D2B79F5 and mixed with two
 * multiply-xorshift rounds (Tommy Ettinger's generator, public domain; period 2^32).
 * Good enough to spread faults; not for cryptography.
 */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in `[lo, hi]` (both inclusive); `lo` when the range is empty. */
export const intIn = (rng: Rng, lo: number, hi: number): number =>
  hi <= lo ? lo : lo + Math.floor(rng() * (hi - lo + 1));

/** One element of a non-empty list. */
export const pick = <A>(rng: Rng, xs: readonly [A, ...A[]]): A =>
  xs[Math.floor(rng() * xs.length)] ?? xs[0];

import { randomBytes } from 'node:crypto';

/** Current time in epoch milliseconds; injected so tests can move time. */
export type Clock = () => number;

/** Random lowercase hex of `bytes` bytes; injected so ids and tokens can be made deterministic. */
export type RandomHex = (bytes: number) => string;

/** The wall clock. */
export const systemClock: Clock = () => Date.now();

/** Cryptographic random hex. */
export const cryptoHex: RandomHex = (bytes) => randomBytes(bytes).toString('hex');

/**
 * A clock that only moves when told to: for tests.
 * @param startMs - the initial time in epoch ms
 */
export const manualClock = (
  startMs = 1_700_000_000_000,
): { now: Clock; advance: (ms: number) => void; set: (ms: number) => void } => {
  let t = startMs;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    set: (ms) => {
      t = ms;
    },
  };
};

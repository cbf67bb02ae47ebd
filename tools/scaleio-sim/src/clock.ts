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
 * A clock that only moves when told to, for tests: the workspace's one (testkit). Pass its `now`
 * as the simulator's {@link Clock}; `advance(ms)` and `set(ms)` move it.
 */
export { manualClock, type ManualClock } from '@scaleio-framework/testkit';

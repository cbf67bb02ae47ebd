/**
 * Time and randomness, injected so that waits and backoffs are deterministic in tests: the
 * providers' one retry clock, from `@scaleio-framework/capacity`.
 */
export { backoffDelay, realTiming, type Backoff, type Timing } from '@scaleio-framework/capacity';

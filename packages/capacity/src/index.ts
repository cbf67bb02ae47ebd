/**
 * @scaleio-framework/capacity: the capacity provider contract, the expansion policy and the
 * shared provider test suite.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/capacity';

export * from './ids.js';
export * from './errors.js';
export * from './provider.js';
export * from './keys.js';
export * from './memory-provider.js';
export * from './provider-suite.js';
export * from './ledger.js';
export * from './policy-config.js';
export { decodeSafely, reportErrors } from './decode-report.js';
export * from './policy-trigger.js';
export * from './policy-placement.js';
export * from './policy.js';
export * from './retry-clock.js';

/**
 * @scaleio-framework/capacity: The capacity provider contract, the expansion policy and the shared provider test suite.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/capacity';

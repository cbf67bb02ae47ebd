/**
 * @scaleio-framework/framework: The scaleio-scheduler and scaleio-executor binaries.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/framework';

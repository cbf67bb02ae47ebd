/**
 * @scaleio-framework/node-sim: Simulated agent hosts: host roots and fake system tools that record what ran.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/node-sim';

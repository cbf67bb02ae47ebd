/**
 * @scaleio-framework/state: Versioned state stores (file, ZooKeeper) and leader election.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/state';

/**
 * @scaleio-framework/state: versioned state stores (file, ZooKeeper) and leader election.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/state';

export * from './errors.js';
export * from './store.js';
export * from './file-lock.js';
export * from './file-store.js';
export type { ZkConnectOptions, ZkError, ZkSession } from './zk-client.js';
export * from './zk-store.js';
export * from './election.js';

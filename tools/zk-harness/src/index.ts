/**
 * @scaleio-framework/zk-harness: Starts a real ZooKeeper server (Debian's zookeeper package) on a free loopback port for tests.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/zk-harness';

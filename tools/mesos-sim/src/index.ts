/**
 * @scaleio-framework/mesos-sim: A Mesos master and agents on loopback: v1 scheduler and executor APIs, fetcher, failover.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/mesos-sim';

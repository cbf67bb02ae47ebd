/**
 * @scaleio-framework/mesos: Mesos v1 scheduler and executor HTTP API client: RecordIO, codecs, calls, subscriptions.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/mesos';

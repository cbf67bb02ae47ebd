/**
 * @scaleio-framework/mesos: Mesos v1 scheduler and executor HTTP API client: RecordIO, codecs,
 * calls, subscriptions.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/mesos';

export {
  DEFAULT_MAX_RECORD_BYTES,
  createRecordDecoder,
  describeRecordIOError,
  encodeRecord,
  readRecords,
} from './recordio.js';
export type { RecordDecoder, RecordDecoderOptions, RecordIOError } from './recordio.js';

export * from './codecs/base.js';
export * from './codecs/resource.js';
export * from './codecs/task.js';
export * from './codecs/framework.js';
export * from './codecs/scheduler.js';
export * from './codecs/executor.js';
export { isHotSchedulerEvent, isOffersEvent, isUpdateEvent } from './codecs/fast-events.js';

export * from './calls/scheduler-calls.js';
export * from './calls/executor-calls.js';

export {
  classifyError,
  describeError,
  fromHttpStatus,
  redact,
  FRAMEWORK_REMOVED,
} from './errors.js';
export type { ErrorClass, MesosError } from './errors.js';
export {
  decodeExecutorEvent,
  decodeSchedulerEvent,
  decodeSchedulerEventJson,
  decodeWith,
  parseJsonRecord,
  streamEvents,
} from './events.js';
export type { StreamItem } from './events.js';
export {
  JSON_CONTENT_TYPE,
  gotTransport,
  headerValue,
  jsonPost,
  openStream,
  resolveLocation,
  sendRequest,
} from './http.js';
export type { HttpRequest, HttpResponse, StreamResponse, Transport } from './http.js';
export { isValidUuidBase64, newUuidBase64, uuidText } from './uuid.js';
export type { RandomBytes } from './uuid.js';
export { DEFAULT_BACKOFF, backoffDelay, createSleeper, systemClock } from './time.js';
export type { BackoffPolicy, Clock, Random } from './time.js';

export { SCHEDULER_PATH, openSubscription, sendCall } from './scheduler/connection.js';
export type { CallResult, ExchangeSettings, OpenSubscription } from './scheduler/connection.js';
export {
  detectLeader,
  leaderSequence,
  masterUrl,
  parseMasterSource,
  zkConnectStringProblem,
} from './scheduler/masters.js';
export { roleProblem } from './roles.js';
export type { MasterSource } from './scheduler/masters.js';
export { createSchedulerClient, DEFAULT_STABLE_PERIOD_MS } from './scheduler/client.js';
export type { SchedulerClient, SchedulerClientOptions, SchedulerItem } from './scheduler/client.js';

export {
  DurationFromString,
  ExecutorEnvironment,
  FlagFromString,
  parseDuration,
  parseExecutorEnv,
} from './executor/env.js';
export type { ExecutorConfig } from './executor/env.js';
export { EXECUTOR_PATH, createExecutorClient } from './executor/client.js';
export type {
  ExecutorClient,
  ExecutorClientOptions,
  ExecutorItem,
  ExitReason,
} from './executor/client.js';

export * from './ranges.js';
export * from './resources.js';
export { decodeJsonData, encodeJsonData, jsonDepthWithin, MAX_DATA_DEPTH } from './json-data.js';

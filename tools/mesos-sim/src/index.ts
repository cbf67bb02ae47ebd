/**
 * @scaleio-framework/mesos-sim: A Mesos master and agents on loopback: v1 scheduler and executor
 * APIs, fetcher, failover; plus a strict validator of Mesos JSON against the official schema.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/mesos-sim';

export {
  validateMessage,
  schemaPrerequisite,
  schemaSkipReason,
  SCHEMA_NOT_FOUND,
} from './schema/validate.js';
export { loadSchema, defaultSchema, PROTO_FILES, type SchemaLoad } from './schema/load.js';
export { defaultProtoDir, findRepoRoot } from './schema/locate.js';
export {
  startMesosSim,
  DEFAULT_AGENT_RESOURCES,
  type MesosSim,
  type MesosSimOptions,
  type AgentOptions,
  type FailoverOptions,
} from './sim.js';
export type {
  SimHistory,
  TaskRun,
  OfferRecord,
  OfferEnd,
  AcceptRecord,
  AgentEvent,
} from './history.js';
export { historyJson } from './admin.js';
export type { SimAgent } from './agent/agent.js';
export type { MasterInstance } from './master/instance.js';
export type { MasterFaults } from './master/http.js';
export type { AgentFaults, IsolatorModule } from './agent/state.js';
export { DEFAULT_ISOLATION } from './agent/agent.js';
export {
  formatBytes,
  MIN_MEMORY_MB,
  DEFAULT_EXECUTOR_MEM_MB,
  type MemoryCgroups,
  type ChargeResult,
} from './agent/cgroups-mem.js';
export type { SimState } from './state-view.js';
export { DEFAULT_TIMING, type Timing, type JsonObserver, type Direction } from './context.js';
export { systemClock, manualClock, type Clock, type ManualClock } from './clock.js';
export { parseResourceFlag, parseAttributeFlag } from './model/flags.js';
export { isUuidBase64, uuidBase64, stoutDuration } from './ids.js';

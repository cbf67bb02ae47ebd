/**
 * @scaleio-framework/scaleio-sim: a ScaleIO gateway and MDM on loopback, with the real capacity arithmetic.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/scaleio-sim';

export { startScaleioSim, type ScaleioSim, type ScaleioSimOptions } from './server.js';
export type { AdminApi } from './admin-api.js';
export { manualClock, systemClock, type Clock, type RandomHex } from './clock.js';
export type { SimError } from './errors.js';
export type { FaultsInput } from './http/faults.js';
export { TOKEN_IDLE_MS, TOKEN_LIFETIME_MS } from './http/auth.js';
export { API_VERSION, JOURNAL_LIMIT, type RequestRecord } from './http/api.js';
export type { AddStandbyInput, CreateMdmInput, SwitchModeInput } from './model/mdm.js';
export type { NodeInput, SdcInput } from './model/nodes.js';
export type { WritesInput } from './model/writes.js';
export { DEFAULT_MIGRATION_KB_PER_SECOND, type DeviceUse } from './model/migration.js';
export { DEFAULT_REBUILD_KB_PER_SECOND, type RebuildRecord } from './model/rebuild.js';
export {
  restVersion,
  type ComponentFacts,
  type ComponentInput,
  type ComponentName,
  type HealthSample,
  type OwnershipChange,
} from './model/components.js';
export {
  ALLOCATION_STEP_KB,
  ceilToStep,
  floorToStep,
  poolCapacity,
  spareKb,
  type PoolCapacity,
} from './model/capacity.js';
export { BOOTSTRAP_DEVICE_BYTES, BOOTSTRAP_IPS } from './model/bootstrap.js';
export type { SimState } from './render/state.js';
export type { Model } from './model/types.js';
/** The admin API's body codecs (`CreateMdmBody`, `NodeBody`, ...). */
export * from './http/admin-codecs.js';

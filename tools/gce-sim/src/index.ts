/**
 * gce-sim: the Compute Engine REST API subset the GCE capacity provider uses, and the metadata
 * server of the scheduler's VM, on loopback. See README.md.
 */
export { startGceSim, type GceSim, type GceSimOptions } from './server.js';
export { parseCli, usage, CLI, type CliResult } from './cli.js';
export {
  GceSimConfig,
  SimInstanceSpec,
  Timings,
  defaultMachineTypes,
  defaultTimings,
  defaultQuotaGb,
  diskTypes,
} from './options.js';
export type { AttachmentEvent } from './model.js';
export type { DiskView } from './views.js';
export type { FailBody } from './admin.js';

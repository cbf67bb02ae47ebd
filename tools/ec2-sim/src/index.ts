/**
 * @scaleio-framework/ec2-sim: the EC2 Query API subset and IMDSv2 on loopback, with volumes that
 * take time to become available and attached, client-token idempotency, device-name conflicts,
 * attachment limits, zone checks, throttling on demand and an attachment hook.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/ec2-sim';

export { startEc2Sim, type Ec2Sim, type Ec2SimOptions } from './server.js';
export type { AttachmentEvent } from './model.js';
export {
  Ec2SimConfig,
  InstanceTypeSpec,
  SimInstanceSpec,
  Timings,
  defaultInstanceTypes,
  defaultTimings,
} from './options.js';
export { manualClock, type ManualClock } from './clock.js';
export type { VolumeView } from './views.js';

/**
 * @scaleio-framework/aws-volumes: the EBS volume lifecycle (create gp3 in the node's zone with a
 * deterministic client token and tags, wait for `available`, attach under a free device name,
 * wait for the attachment, DeleteOnTermination, detach and delete), IMDSv2, the in-guest device
 * names, and the AWS capacity provider built from them.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/aws-volumes';

export { awsCapacityProvider, type AwsProviderOptions } from './provider.js';
export { gone, normaliseState, sameRequest, toContractVolume } from './contract-view.js';
export { awsCapabilities, ebsVolumeTypes, specProblem } from './capabilities.js';
export {
  AwsCredentials,
  AwsVolumesConfig,
  decodeAwsVolumesConfig,
  describeConfig,
  ec2ClientFor,
} from './config.js';
export {
  attachVolume,
  createVolume,
  deleteVolume,
  describeInstance,
  describeInstanceType,
  describeVolume,
  detachVolume,
  findVolumes,
  setDeleteOnTermination,
  waitAttached,
  waitAvailable,
  type Ec2Context,
} from './ebs.js';
export { ec2Call, defaultRetry, type RetryPolicy } from './calls.js';
export { observeEc2Calls, type Ec2CallObserver, type Ec2CallRecord } from './call-observer.js';
export {
  fromSdkError,
  isTransient,
  tagOfCode,
  type Ec2Error,
  type Ec2ErrorTag,
  type Ec2Resource,
} from './errors.js';
export { toProviderError } from './provider-errors.js';
export {
  defaultDeviceNames,
  deviceSlot,
  markRecent,
  pickDeviceName,
  type RecentNames,
} from './device-names.js';
export {
  guestPaths,
  nvmeByIdPath,
  nvmeSerial,
  serialMatches,
  xenDeviceName,
  type NvmeSupport,
} from './guest.js';
export {
  defaultImdsEndpoint,
  IdentityDocument,
  imdsClient,
  metadataRequest,
  tokenRequest,
  type ImdsClient,
  type ImdsOptions,
  type ImdsRequest,
} from './imds.js';
export type {
  EbsAttachment,
  EbsInstance,
  EbsInstanceType,
  EbsVolume,
  EbsVolumeSpec,
} from './model.js';
export { backoffDelay, realTiming, type Backoff, type Timing } from './timing.js';
export { pollUntil, type Poll, type WaitPolicy } from './waits.js';
/** The EC2 request inputs each lifecycle step sends (pure). */
export * from './requests.js';
export { regionOfZone, resolveRegion } from './region.js';

/**
 * Compute Engine persistent disks for growing a ScaleIO storage pool: the GCE capacity provider.
 * See README.md.
 */
export { gceCapacityProvider } from './provider.js';
export { gceCapabilities, checkSpec } from './capabilities.js';
export { realTiming, type GceProviderOptions, type Timing } from './context.js';
export {
  GceVolumesConfig,
  clientOptionsOf,
  decodeGceVolumesConfig,
  describeGceConfig,
} from './config.js';
export { fromFailure, fromOperationError, failureOf, type CallFailure } from './errors.js';
export {
  descriptionOf,
  diskNameOf,
  guestPathsOf,
  labelsOf,
  ownedFilter,
  parseVolumeId,
  requestIdOf,
  tagsOf,
  volumeIdOf,
} from './names.js';

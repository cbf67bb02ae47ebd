/**
 * @scaleio-framework/scaleio: ScaleIO (PowerFlex 1.x-3.x) gateway REST client:
 * token login and renewal, io-ts codecs, operations as values, a closed error
 * union, and capacity arithmetic.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/scaleio';

export * from './ids.js';
export { NumberLike, BoolLike, Links, nullable, withAliases } from './codec-util.js';
export * from './objects/system.js';
export * from './objects/protection-domain.js';
export * from './objects/storage-pool.js';
export * from './objects/fault-set.js';
export * from './objects/sds.js';
export * from './objects/device.js';
export * from './objects/sdc.js';
export * from './objects/volume.js';
export * from './objects/statistics.js';
export * from './objects/responses.js';
export * from './errors.js';
export type { Logger } from './logger.js';
export { silentLogger } from './logger.js';
export * from './request.js';
export type { TlsOptions, WireRequest, WireResponse, Send } from './transport.js';
export {
  DEFAULT_TOKEN_POLICY,
  renewalReason,
  type Credentials,
  type TokenPolicy,
  type TokenState,
} from './session.js';
export * from './client.js';
export {
  fingerprintOf,
  normalizeFingerprint,
  PIN_MISMATCH,
  PinMismatch,
  PinnedAgent,
} from './pin.js';
export * from './retry.js';
export * from './ops/version.js';
export * from './ops/objects.js';
export * from './ops/create.js';
export * from './ops/volume.js';
export * from './ops/statistics.js';
export * from './ops/mdm.js';
export * from './capacity.js';
export * from './ops/ensure.js';

/**
 * Errors of the simulated gateway: one value type, built by small constructors.
 * MDM return codes and messages are the real ones (see the reference note, §2.6).
 */

/** A failure as the gateway reports it: HTTP status, MDM return code (0 for gateway-side) and text. */
export interface SimError {
  readonly httpStatus: number;
  readonly errorCode: number;
  readonly message: string;
}

/** The MDM return codes the simulator produces, with their real messages. */
export const rc = {
  NOT_FOUND: [3, 'Not found'],
  COMMUNICATION_ERROR: [69, 'Communication error'],
  TGT_NOT_FOUND: [78, 'Could not find SDS'],
  VOL_NOT_FOUND: [79, 'Could not find the volume'],
  INI_NOT_FOUND: [80, 'Could not find the SDC'],
  VOL_ALREADY_MAPPED_TO_THIS_INI: [81, 'The volume is already mapped to this SDC'],
  VOL_NOT_MAPPED_TO_INI: [84, 'The volume is not mapped to SDC'],
  TGT_ADDR_AND_PORT_IN_USE: [
    93,
    'The SDS IP address and port already in use. Please try with different ones.',
  ],
  TGT_NAME_IN_USE: [98, 'SDS name is already in use. Please use a different name.'],
  VOL_NAME_IN_USE: [99, 'Volume name already in use. Please use a different name.'],
  VOL_MAPPED: [104, 'Volume is mapped'],
  TGT_DEVICE_NOT_FOUND: [126, 'Could not find the SDS device'],
  VOL_DECREASE_NOT_SUPPORTED: [133, 'Volume capacity can only be increased'],
  NOT_ENOUGH_TGT_DEV: [136, 'This device cannot be removed; a SDS must have at least one device.'],
  FD_NAME_IN_USE: [141, 'Protection Domain name already in use. Please try a different name.'],
  FD_NOT_FOUND: [142, 'Could not find Protection Domain'],
  FD_HAS_TGTS: [143, 'Protection Domain has SDSs'],
  NOT_ENOUGH_TGTS_IN_STORAGE_POOL: [
    144,
    'Less than three devices from different SDSs are defined in this Storage Pool. Add devices to the Storage Pool from additional SDSs.',
  ],
  VOL_CREATE_FAIL: [166, 'Could not create the volume'],
  STORAGE_POOL_NOT_FOUND: [171, 'Could not find Storage Pool'],
  STORAGE_POOL_HAS_DEVS: [172, 'The Storage Pool has SDS devices'],
  STORAGE_POOL_NAME_ALREADY_EXISTS: [173, 'Storage Pool name already exists'],
  FD_HAS_STORAGE_POOLS: [176, 'Protection Domain has Storage Pools'],
  INI_HAS_MAPPINGS: [180, 'SDC has mapped volume(s)'],
  STORAGE_POOL_HAS_VOLS: [
    196,
    'The Storage Pool has volumes. Please remove all the volumes before removing the Storage Pool.',
  ],
  FD_AND_SP_MISMATCH: [197, 'The specified Storage Pool is not in the specified Protection Domain'],
  DEV_NAME_ALREADY_EXISTS: [206, 'A device with the given name already exists in the SDS'],
  VOL_SIZE_ILLEGAL: [
    225,
    'The specified volume size is illegal. Volume size must be in 8 GB blocks',
  ],
  FAULT_SET_NOT_FOUND: [265, 'Could not find the Fault Set'],
  FAULT_SET_NAME_ALREADY_EXISTS: [
    266,
    'This Fault Set name already exists. Please use a different name.',
  ],
  FAULT_SET_HAS_TGTS: [
    268,
    'This Fault Set is not empty, and cannot be removed. Please remove all SDSs from the Fault Set, and then try again.',
  ],
  FD_HAS_FAULT_SETS: [
    269,
    'The Protection Domain contains Fault Sets, and cannot be removed. Please remove all Fault Sets from the Protection Domain, and then try again.',
  ],
  FD_AND_FS_MISMATCH: [272, 'The specified Fault Set is not in the specified Protection Domain'],
  INVALID_DEVICE_PATH: [
    283,
    'The path to the device is invalid. Please ensure that you are using the correct path.',
  ],
  NOT_ENOUGH_FSS_IN_STORAGE_POOL: [
    287,
    'Storage Pools must contain devices from at least three Fault Sets or SDSs (that are not associated with a Fault Set).',
  ],
  NOT_ALLOWED_MORE_THAN_ONE_MAPPING: [
    297,
    'This volume is already mapped and may not be mapped to additional SDCs.',
  ],
  TOO_MUCH_THIN_CAPACITY: [300, 'Requested volume size exceeds the volume allocation limit'],
  INVALID_SPARE_PERCENTAGE: [
    316,
    'The spare percentage value that you provided is invalid. Please use a value between 0 - 99.',
  ],
  DEV_PATH_ALREADY_EXISTS: [673, 'A device with the given path already exists in the SDS'],
  TOO_MUCH_THIN_CAPACITY_FOR_REMOVAL: [
    904,
    'Reducing the capacity of the Storage Pool would cause insufficient resources for the already allocated Volumes. Add capacity to the Storage Pool and retry this operation',
  ],
} as const satisfies Record<string, readonly [number, string]>;

/** Name of an MDM return code the simulator knows. */
export type RcKey = keyof typeof rc;

/** An MDM-originated failure: HTTP 500 with the return code (what a real gateway does). */
export const mdmError = (key: RcKey): SimError => ({
  httpStatus: 500,
  errorCode: rc[key][0],
  message: rc[key][1],
});

/**
 * `removeSds` while a pool of the SDS is rebuilding a lost SDS's data (`model/rebuild.ts`). The
 * refusal is the harsh choice: removing an SDS while its pool has data with one copy left is what
 * every ScaleIO removal procedure waits out (the pool back to no degraded capacity first) [U: the
 * MDM's return code and text for it are not in our sources, so the code is 0 and the text ours;
 * the product must act on the refusal, never on the code].
 */
export const rebuildRunning: SimError = {
  httpStatus: 500,
  errorCode: 0,
  message: 'The Storage Pool is rebuilding; the SDS cannot be removed until the rebuild ends.',
};

/** A gateway-side validation failure: HTTP 400, errorCode 0. */
export const badRequest = (message: string): SimError => ({
  httpStatus: 400,
  errorCode: 0,
  message,
});

/** The real body for a missing required parameter. */
export const missingParams = (names: readonly string[]): SimError =>
  badRequest(
    `Request message is not valid: The following parameter(s) must be part of the request body: ${names.join(', ')}.`,
  );

/** 401 Unauthorized, exactly as the gateway sends it. */
export const unauthorized: SimError = { httpStatus: 401, errorCode: 0, message: 'Unauthorized' };

/** An admin-API failure (the admin API answers `{message}` with this status). */
export const adminError = (httpStatus: 400 | 404 | 409, message: string): SimError => ({
  httpStatus,
  errorCode: 0,
  message,
});

/** The JSON body the gateway sends for an error. */
export const errorBody = (
  e: SimError,
): { message: string; httpStatusCode: number; errorCode: number } => ({
  message: e.message,
  httpStatusCode: e.httpStatus,
  errorCode: e.errorCode,
});

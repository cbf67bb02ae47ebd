/**
 * The closed union of errors of this package, and the ONE place where EC2/SDK/network errors are
 * mapped into it. Messages carry EC2's own message (which never contains credentials) and never
 * the request's parameters.
 */

/** What a `NotFound` could not find. */
export type Ec2Resource = 'volume' | 'instance' | 'attachment' | 'instanceType';

/** An error of the EBS lifecycle library. */
export type Ec2Error =
  /** The caller should retry later: throttling that outlasted our retries. */
  | { readonly _tag: 'Throttled'; readonly code: string; readonly message: string }
  /** 5xx, network failure, or a temporary capacity shortage. */
  | { readonly _tag: 'Unavailable'; readonly code: string; readonly message: string }
  | {
      readonly _tag: 'NotFound';
      readonly resource: Ec2Resource;
      readonly code: string;
      readonly message: string;
    }
  /** The client token was used before with other parameters. */
  | { readonly _tag: 'IdempotencyMismatch'; readonly code: string; readonly message: string }
  /** The device name is taken on the instance (EC2's view was stale): pick another. */
  | { readonly _tag: 'DeviceInUse'; readonly code: string; readonly message: string }
  | { readonly _tag: 'AttachmentLimit'; readonly code: string; readonly message: string }
  /** Regional storage or IOPS quota. */
  | { readonly _tag: 'Quota'; readonly code: string; readonly message: string }
  | { readonly _tag: 'ZoneMismatch'; readonly code: string; readonly message: string }
  /** The volume or instance is in a state the call does not accept. */
  | { readonly _tag: 'IncorrectState'; readonly code: string; readonly message: string }
  | { readonly _tag: 'InvalidParameter'; readonly code: string; readonly message: string }
  | { readonly _tag: 'Unauthorized'; readonly code: string; readonly message: string }
  /** A `DryRun` call that would have succeeded. */
  | { readonly _tag: 'DryRunOk'; readonly code: string; readonly message: string }
  /** A bounded wait ran out. */
  | { readonly _tag: 'Timeout'; readonly id: string; readonly message: string }
  /** The instance metadata service failed or answered something unusable. */
  | { readonly _tag: 'Imds'; readonly message: string }
  /** An answer we could not interpret (missing fields, unknown code). */
  | { readonly _tag: 'Unexpected'; readonly code: string; readonly message: string };

/** The `_tag`s of {@link Ec2Error}. */
export type Ec2ErrorTag = Ec2Error['_tag'];

const throttlingCodes = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'RequestThrottled',
  'RequestThrottledException',
  'EC2ThrottledException',
  'PriorRequestNotComplete',
  'TooManyRequestsException',
]);

const networkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'TimeoutError',
]);

/** Maps an EC2 error code (and message, for the overloaded `InvalidParameterValue`) to a tag. */
export const tagOfCode = (
  code: string,
  message: string,
  httpStatus: number | undefined,
): Ec2Error => {
  const e = { code, message };
  if (throttlingCodes.has(code)) return { _tag: 'Throttled', ...e };
  if (networkCodes.has(code)) return { _tag: 'Unavailable', ...e };
  switch (code) {
    case 'InvalidVolume.NotFound':
      return { _tag: 'NotFound', resource: 'volume', ...e };
    case 'InvalidInstanceID.NotFound':
    case 'InvalidInstanceID.Malformed':
      return { _tag: 'NotFound', resource: 'instance', ...e };
    case 'InvalidAttachment.NotFound':
      return { _tag: 'NotFound', resource: 'attachment', ...e };
    case 'InvalidInstanceType':
      return { _tag: 'NotFound', resource: 'instanceType', ...e };
    case 'IdempotentParameterMismatch':
      return { _tag: 'IdempotencyMismatch', ...e };
    case 'AttachmentLimitExceeded':
      return { _tag: 'AttachmentLimit', ...e };
    case 'VolumeLimitExceeded':
    case 'MaxIOPSLimitExceeded':
      return { _tag: 'Quota', ...e };
    case 'InvalidVolume.ZoneMismatch':
      return { _tag: 'ZoneMismatch', ...e };
    case 'IncorrectState':
    case 'IncorrectInstanceState':
    case 'VolumeInUse':
    case 'OperationNotPermitted':
      return { _tag: 'IncorrectState', ...e };
    case 'InvalidParameterValue':
      return /already in use/i.test(message)
        ? { _tag: 'DeviceInUse', ...e }
        : { _tag: 'InvalidParameter', ...e };
    case 'InvalidParameter':
    case 'InvalidParameterCombination':
    case 'InvalidParameterDependency':
    case 'MissingParameter':
    case 'InvalidZone.NotFound':
    case 'InvalidKMSKey.Id':
      return { _tag: 'InvalidParameter', ...e };
    case 'UnauthorizedOperation':
    case 'AuthFailure':
    case 'Blocked':
    case 'OptInRequired':
      return { _tag: 'Unauthorized', ...e };
    case 'DryRunOperation':
      return { _tag: 'DryRunOk', ...e };
    case 'InsufficientVolumeCapacity':
    case 'InternalError':
    case 'ServiceUnavailable':
    case 'Unavailable':
      return { _tag: 'Unavailable', ...e };
    default:
      return httpStatus !== undefined && httpStatus >= 500
        ? { _tag: 'Unavailable', ...e }
        : { _tag: 'Unexpected', ...e };
  }
};

const str = (o: Record<string, unknown>, k: string): string | undefined =>
  typeof o[k] === 'string' ? (o[k] as string) : undefined;

/** Maps anything the SDK (or the network below it) throws to an {@link Ec2Error}. */
export const fromSdkError = (err: unknown): Ec2Error => {
  if (typeof err !== 'object' || err === null)
    return { _tag: 'Unexpected', code: 'Unknown', message: String(err) };
  const o = err as Record<string, unknown>;
  const meta = (
    typeof o['$metadata'] === 'object' && o['$metadata'] !== null ? o['$metadata'] : {}
  ) as Record<string, unknown>;
  const status =
    typeof meta['httpStatusCode'] === 'number' ? (meta['httpStatusCode'] as number) : undefined;
  const code =
    str(o, 'code') !== undefined && networkCodes.has(str(o, 'code') ?? '')
      ? (str(o, 'code') ?? '')
      : (str(o, 'name') ?? 'Unknown');
  const message = str(o, 'message') ?? code;
  return tagOfCode(code, message, status);
};

/** True for errors that the same call can overcome by waiting (throttling, 5xx, network). */
export const isTransient = (e: Ec2Error): boolean =>
  e._tag === 'Throttled' || e._tag === 'Unavailable';

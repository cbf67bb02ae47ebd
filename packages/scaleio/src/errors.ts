/**
 * The package's closed error union, and the ONE place where gateway error
 * bodies, HTTP statuses and transport failures are mapped onto it.
 * Nothing here ever carries a password or token: every free-text message
 * passes through {@link redact} with the session's secrets.
 */
import * as t from 'io-ts';
import { isRight } from 'fp-ts/lib/Either.js';
import { GatewayErrorBody } from './objects/responses.js';

/** Fields every gateway-originated error carries. */
export interface GatewayFields {
  /** HTTP status of the answer. */
  readonly httpStatus: number;
  /** MDM return code (or 0 for gateway-side validation). */
  readonly errorCode: number;
  /** The gateway's message, with secrets removed. */
  readonly message: string;
}

/** Every error this package returns. Closed: switch on `_tag`. */
export type ScaleIOError =
  | ({ readonly _tag: 'NotFound' } & GatewayFields)
  | ({ readonly _tag: 'AlreadyExists' } & GatewayFields)
  | ({ readonly _tag: 'NameInUse' } & GatewayFields)
  | ({ readonly _tag: 'Mapped' } & GatewayFields)
  | ({ readonly _tag: 'AlreadyMapped' } & GatewayFields)
  | ({ readonly _tag: 'NotMapped' } & GatewayFields)
  | ({ readonly _tag: 'NotEnoughSds' } & GatewayFields)
  | ({ readonly _tag: 'NotEnoughFaultSets' } & GatewayFields)
  | ({ readonly _tag: 'InsufficientCapacity' } & GatewayFields)
  | ({ readonly _tag: 'InvalidRequest' } & GatewayFields)
  | ({ readonly _tag: 'Auth' } & GatewayFields)
  | ({ readonly _tag: 'Gateway' } & GatewayFields)
  | { readonly _tag: 'Transport'; readonly code: string; readonly message: string }
  | { readonly _tag: 'Decode'; readonly what: string; readonly message: string }
  | { readonly _tag: 'UnsupportedVersion'; readonly version: string; readonly message: string }
  | { readonly _tag: 'Config'; readonly message: string };

/** Tag of a {@link ScaleIOError}. */
export type ScaleIOErrorTag = ScaleIOError['_tag'];

type GatewayTag = Exclude<
  ScaleIOErrorTag,
  'Transport' | 'Decode' | 'UnsupportedVersion' | 'Config'
>;

/** MDM return codes (2.x/3.x) that map to a specific tag. */
export const ERROR_CODE_TAGS: Readonly<Record<number, GatewayTag>> = {
  3: 'NotFound', // NOT_FOUND
  78: 'NotFound', // TGT_NOT_FOUND (SDS)
  79: 'NotFound', // VOL_NOT_FOUND
  80: 'NotFound', // INI_NOT_FOUND (SDC)
  126: 'NotFound', // TGT_DEVICE_NOT_FOUND
  142: 'NotFound', // FD_NOT_FOUND (protection domain)
  171: 'NotFound', // STORAGE_POOL_NOT_FOUND
  265: 'NotFound', // FAULT_SET_NOT_FOUND
  193: 'NotFound', // TGT_IP_NOT_FOUND
  7: 'AlreadyExists', // ALREADY_EXISTS
  93: 'AlreadyExists', // TGT_ADDR_AND_PORT_IN_USE
  170: 'AlreadyExists', // STORAGE_POOL_ALREADY_EXISTS
  200: 'AlreadyExists', // TGT_IP_ALREADY_EXISTS
  222: 'AlreadyExists', // FD_ALREADY_EXISTS
  264: 'AlreadyExists', // FAULT_SET_ALREADY_EXISTS
  673: 'AlreadyExists', // DEV_PATH_ALREADY_EXISTS (code from the 2.x-3.0 table; codes > 300 vary by release)
  98: 'NameInUse', // TGT_NAME_IN_USE
  99: 'NameInUse', // VOL_NAME_IN_USE
  141: 'NameInUse', // FD_NAME_IN_USE
  173: 'NameInUse', // STORAGE_POOL_NAME_ALREADY_EXISTS
  206: 'NameInUse', // DEV_NAME_ALREADY_EXISTS
  266: 'NameInUse', // FAULT_SET_NAME_ALREADY_EXISTS
  579: 'NameInUse', // INI_NAME_IN_USE (SDC)
  104: 'Mapped', // VOL_MAPPED
  180: 'Mapped', // INI_HAS_MAPPINGS
  81: 'AlreadyMapped', // VOL_ALREADY_MAPPED_TO_THIS_INI
  82: 'AlreadyMapped', // VOL_ALREADY_MAPPED_TO_ALL_INIS
  297: 'AlreadyMapped', // NOT_ALLOWED_MORE_THAN_ONE_MAPPING
  84: 'NotMapped', // VOL_NOT_MAPPED_TO_INI
  144: 'NotEnoughSds', // NOT_ENOUGH_TGTS_IN_STORAGE_POOL
  287: 'NotEnoughFaultSets', // NOT_ENOUGH_FSS_IN_STORAGE_POOL
  300: 'InsufficientCapacity', // TOO_MUCH_THIN_CAPACITY
  133: 'InvalidRequest', // VOL_DECREASE_NOT_SUPPORTED
  225: 'InvalidRequest', // VOL_SIZE_ILLEGAL
  316: 'InvalidRequest', // INVALID_SPARE_PERCENTAGE
};

const MIN_SECRET = 3;

/** Replaces every occurrence of each secret in `text` with `***` (secrets shorter than 3 characters are ignored). */
export const redact = (text: string, secrets: readonly string[]): string => {
  let out = text;
  for (const s of secrets) {
    if (s.length < MIN_SECRET) continue;
    out = out.split(s).join('***');
  }
  return out;
};

const tagFor = (httpStatus: number, code: number): GatewayTag => {
  if (httpStatus === 401 || httpStatus === 403) return 'Auth';
  const byCode = ERROR_CODE_TAGS[code];
  if (byCode !== undefined) return byCode;
  if (httpStatus === 404) return 'NotFound';
  if (httpStatus === 400 || httpStatus === 422) return 'InvalidRequest';
  return 'Gateway';
};

/**
 * Maps a non-2xx gateway answer to a {@link ScaleIOError}. Reads the
 * `{message, httpStatusCode, errorCode}` body when there is one; for 3.x
 * "Error with details" bodies the first detail's `rc` decides the tag.
 */
export const fromGatewayResponse = (
  httpStatus: number,
  bodyText: string,
  secrets: readonly string[],
): ScaleIOError => {
  let code = 0;
  let message = `HTTP ${httpStatus}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    parsed = undefined;
  }
  const body = GatewayErrorBody.decode(parsed);
  if (isRight(body)) {
    code = body.right.errorCode;
    message = body.right.message;
    const detail = body.right.details?.[0];
    if (code === 0 && detail?.rc !== undefined) {
      code = detail.rc;
      message = detail.errorMessage ?? message;
    }
  } else if (bodyText.trim() !== '') {
    message = `HTTP ${httpStatus}: ${bodyText.slice(0, 200)}`;
  }
  return {
    _tag: tagFor(httpStatus, code),
    httpStatus,
    errorCode: code,
    message: redact(message, secrets),
  };
};

/** Maps a network/TLS failure (no HTTP answer) to a `Transport` error. */
export const fromTransportFailure = (err: unknown, secrets: readonly string[]): ScaleIOError => {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : 'UNKNOWN';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return { _tag: 'Transport', code, message: redact(message, secrets) };
};

/** A value as an error message shows it: scalars as they are, containers by kind only (never walked). */
const preview = (v: unknown): string =>
  typeof v === 'string'
    ? JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v)
    : v === null || typeof v !== 'object'
      ? String(v)
      : Array.isArray(v)
        ? `an array of ${v.length}`
        : 'an object';

/**
 * A response body that did not match its codec: at most five `path: expected Type, got value`
 * lines. Values are previewed, never stringified whole (a body nested 100,000 deep would
 * overflow `JSON.stringify`, which io-ts' PathReporter uses).
 */
export const decodeError = (what: string, errors: t.Errors): ScaleIOError => ({
  _tag: 'Decode',
  what,
  message: errors
    .slice(0, 5)
    .map((e) => {
      const path = e.context
        .map((c) => c.key)
        .filter((k) => k !== '')
        .join('.');
      return `${path || '(root)'}: expected ${e.context.at(-1)?.type.name ?? 'a valid value'}, got ${preview(e.value)}`;
    })
    .join('; '),
});

/** A response body that was not JSON at all. */
export const notJson = (what: string): ScaleIOError => ({
  _tag: 'Decode',
  what,
  message: 'response body is not JSON',
});

/** The gateway speaks an API version this client does not implement. */
export const unsupportedVersion = (version: string): ScaleIOError => ({
  _tag: 'UnsupportedVersion',
  version,
  message: `gateway API version ${version} is not supported (this client speaks the 1.x-3.x token API)`,
});

/** Returns `e` with every free-text field passed through {@link redact}. */
export const redactError = (e: ScaleIOError, secrets: readonly string[]): ScaleIOError => {
  switch (e._tag) {
    case 'Decode':
      return { ...e, what: redact(e.what, secrets), message: redact(e.message, secrets) };
    case 'UnsupportedVersion':
      return { ...e, version: redact(e.version, secrets), message: redact(e.message, secrets) };
    default:
      return { ...e, message: redact(e.message, secrets) };
  }
};

/** One-line description of an error, safe to log. */
export const describeError = (e: ScaleIOError): string => {
  switch (e._tag) {
    case 'Transport':
      return `Transport(${e.code}): ${e.message}`;
    case 'Decode':
      return `Decode(${e.what}): ${e.message}`;
    case 'UnsupportedVersion':
      return `UnsupportedVersion(${e.version})`;
    case 'Config':
      return `Config: ${e.message}`;
    default:
      return `${e._tag}(http ${e.httpStatus}, rc ${e.errorCode}): ${e.message}`;
  }
};

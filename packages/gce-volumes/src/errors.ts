/**
 * The ONE mapping from what Compute Engine answers (an HTTP error of the client, or the `error` of
 * a finished operation) to the capacity contract's `ProviderError`. Messages are the API's own
 * (they never carry the bearer token); nothing here throws.
 */
import { providerError, type ProviderError, type ResourceKind } from '@scaleio-framework/capacity';

/** gRPC status codes the REST transport maps HTTP statuses to (google-gax `rpcCodeFromHttpStatusCode`). */
const Code = {
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/**
 * What a client error carries that we read: the gRPC code, the HTTP status, the message, and the
 * first `errors[].reason`. The REST transport fails in two shapes: a `GoogleError` (gRPC `code`)
 * or, for HTTP errors of google-gax 5's fetch, a `GaxiosError` whose `status` is the HTTP status
 * and whose `message` is the body — the API's JSON error envelope
 * (`{"error": {"code", "message", "errors": [{"reason"}], "status"}}`), read here.
 */
export interface CallFailure {
  readonly code?: number;
  readonly message: string;
  readonly reason?: string;
}

/** HTTP status -> gRPC code (https://cloud.google.com/apis/design/errors#handling_errors). */
const fromHttp: Record<number, number> = {
  400: 3,
  401: 16,
  403: 7,
  404: 5,
  409: 6,
  412: 9,
  429: 8,
  499: 1,
  500: 13,
  502: 14,
  503: 14,
  504: 4,
};

const envelope = (text: string): { message?: string; reason?: string; code?: number } => {
  try {
    const j = JSON.parse(text) as {
      error?: { code?: unknown; message?: unknown; errors?: Array<{ reason?: unknown }> };
    };
    const e = j.error;
    if (e === undefined) return {};
    const reason = e.errors?.[0]?.reason;
    return {
      ...(typeof e.message === 'string' ? { message: e.message } : {}),
      ...(typeof reason === 'string' ? { reason } : {}),
      ...(typeof e.code === 'number' ? { code: e.code } : {}),
    };
  } catch {
    return {};
  }
};

/** Reads a thrown value of the client into a {@link CallFailure}. */
export const failureOf = (e: unknown): CallFailure => {
  if (typeof e !== 'object' || e === null) return { message: String(e) };
  const o = e as { code?: unknown; status?: unknown; message?: unknown; errors?: unknown };
  const raw = typeof o.message === 'string' ? o.message : String(e);
  const env = raw.trimStart().startsWith('{') ? envelope(raw) : {};
  const first = Array.isArray(o.errors)
    ? (o.errors[0] as { reason?: unknown } | undefined)
    : undefined;
  const reason = env.reason ?? (typeof first?.reason === 'string' ? first.reason : undefined);
  const http = typeof o.status === 'number' ? o.status : env.code;
  const code =
    http !== undefined && (typeof o.status === 'number' || env.code !== undefined)
      ? (fromHttp[http] ?? (http >= 500 ? 14 : 3))
      : typeof o.code === 'number'
        ? o.code
        : undefined;
  return {
    ...(code === undefined ? {} : { code }),
    message: env.message ?? raw.split('\n')[0] ?? '',
    ...(reason === undefined ? {} : { reason }),
  };
};

/** True for failures worth retrying after a backoff (rate limits, 5xx, network). */
export const isTransient = (f: CallFailure): boolean =>
  f.code === Code.RESOURCE_EXHAUSTED ||
  f.code === Code.UNAVAILABLE ||
  f.code === Code.INTERNAL ||
  f.code === Code.DEADLINE_EXCEEDED ||
  (f.code === undefined &&
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket hang up|fetch failed/i.test(f.message));

/** A failed call as the contract's error; `kind`/`id` name what a NotFound is about. */
export const fromFailure = (f: CallFailure, kind: ResourceKind, id: string): ProviderError => {
  const m = f.message;
  if (f.reason === 'resourceInUseByAnotherResource')
    return providerError.incorrectState(id, 'in-use', m);
  if (f.reason === 'rateLimitExceeded' || f.code === Code.RESOURCE_EXHAUSTED)
    return providerError.throttled(m);
  switch (f.code) {
    case Code.NOT_FOUND:
      return providerError.notFound(kind, id);
    case Code.ALREADY_EXISTS:
      return providerError.alreadyExists(id, m);
    case Code.UNAUTHENTICATED:
    case Code.PERMISSION_DENIED:
      return providerError.unauthorized(m);
    case Code.INVALID_ARGUMENT:
    case Code.FAILED_PRECONDITION:
      return f.reason === 'resourceNotReady'
        ? providerError.incorrectState(id, 'not-ready', m)
        : providerError.invalidArgument(m);
    case Code.DEADLINE_EXCEEDED:
      return providerError.timeout(id, m);
    default:
      // Application Default Credentials that find nothing: google-auth-library's
      // "Could not load the default credentials".
      return /default credentials|invalid_grant|unauthorized_client/i.test(m)
        ? providerError.unauthorized(m)
        : providerError.unavailable(m);
  }
};

/**
 * A finished operation's `error.errors[0]` as the contract's error. Codes as the API reports
 * them: `QUOTA_EXCEEDED` (regional quota), `UNSUPPORTED_OPERATION` "Maximum … disks count" (the
 * machine type's attach limit), `RESOURCE_NOT_FOUND`, `RESOURCE_IN_USE_BY_ANOTHER_RESOURCE`,
 * `ZONE_RESOURCE_POOL_EXHAUSTED` (no capacity in the zone; https://cloud.google.com/compute/docs/resource-error).
 */
export const fromOperationError = (code: string, message: string, id: string): ProviderError => {
  switch (code) {
    case 'QUOTA_EXCEEDED':
      return providerError.limitExceeded('quota', message);
    case 'UNSUPPORTED_OPERATION':
      return /disks count/i.test(message)
        ? providerError.limitExceeded('attachments', message)
        : providerError.invalidArgument(message);
    case 'RESOURCE_NOT_FOUND':
      return providerError.notFound('volume', id);
    case 'RESOURCE_IN_USE_BY_ANOTHER_RESOURCE':
      return providerError.incorrectState(id, 'in-use', message);
    case 'ZONE_RESOURCE_POOL_EXHAUSTED':
    case 'RESOURCE_OPERATION_RATE_EXCEEDED':
      return providerError.unavailable(`${code}: ${message}`);
    default:
      return providerError.invalidArgument(`${code}: ${message}`);
  }
};

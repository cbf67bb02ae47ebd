/**
 * The Compute Engine error envelope (https://cloud.google.com/compute/docs/reference/rest/v1 —
 * "Errors"; the JSON error format of Google APIs, https://cloud.google.com/apis/design/errors#http_mapping):
 * `{"error": {"code": <http>, "message": …, "errors": [{"message", "domain": "global", "reason"}], "status"}}`.
 */

/** An API answer: HTTP status and JSON body. */
export type Answer = readonly [status: number, body: unknown];

const statusOf: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  429: 'RESOURCE_EXHAUSTED',
  503: 'UNAVAILABLE',
};

/** An error answer in the real envelope. */
export const apiError = (code: number, reason: string, message: string): Answer => [
  code,
  {
    error: {
      code,
      message,
      errors: [{ message, domain: 'global', reason }],
      ...(statusOf[code] === undefined ? {} : { status: statusOf[code] }),
    },
  },
];

/** `404 notFound`: "The resource '<path>' was not found". */
export const notFound = (path: string): Answer =>
  apiError(404, 'notFound', `The resource '${path}' was not found`);

/** `400 invalid`: "Invalid value for field '<field>': '<value>'. <why>". */
export const invalidField = (field: string, value: string, why: string): Answer =>
  apiError(400, 'invalid', `Invalid value for field '${field}': '${value}'. ${why}`);

/** `401` for a missing or unknown bearer token (Google APIs' UNAUTHENTICATED answer). */
export const unauthenticated: Answer = apiError(
  401,
  'required',
  'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
);

/** `429 rateLimitExceeded` (https://cloud.google.com/compute/api-quota: per-minute API rate quotas). */
export const rateLimited: Answer = apiError(
  429,
  'rateLimitExceeded',
  "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute' of service 'compute.googleapis.com'.",
);

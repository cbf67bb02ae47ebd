import type { Secret } from '../secret.js';
import { REDACTED, scrubText } from '../scrub.js';

/** Field names whose values are never logged, at any depth (compared case-insensitively). */
export const SECRET_KEYS: readonly string[] = [
  'password',
  'token',
  'operatorToken',
  'sessionToken',
  'secretAccessKey',
  'secretKey',
  'apiKey',
  'authorization',
  'cookie',
];

const secretKeys = new Set(SECRET_KEYS.map((k) => k.toLowerCase()));

/**
 * pino `redact` paths for the secret fields at the top level and one or two levels down
 * (e.g. `password`, `spec.password`, `req.headers.authorization`).
 */
export const REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((k) => [
  k,
  `*.${k}`,
  `*.*.${k}`,
]);

/**
 * A log-safe deep copy of a field value: secret-named fields become `[secret]` at any depth,
 * known secret values are cut out of every string, `Error`s become `{ name, message }` and
 * objects with `toJSON` (such as `Secret`) are replaced by its result. Pure.
 */
export function sanitize(value: unknown, secrets: readonly Secret[], depth = 0): unknown {
  if (depth > 16) return '[too deep]';
  if (typeof value === 'string') return scrubText(value, secrets);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  }
  if (value instanceof Error)
    return { name: value.name, message: scrubText(value.message, secrets) };
  const j = value as { toJSON?: () => unknown };
  if (typeof j.toJSON === 'function') return sanitize(j.toJSON(), secrets, depth + 1);
  if (Array.isArray(value)) return value.map((v) => sanitize(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (secretKeys.has(k.toLowerCase())) out[k] = REDACTED;
    else {
      const s = sanitize(v, secrets, depth + 1);
      if (s !== undefined) out[k] = s;
    }
  }
  return out;
}

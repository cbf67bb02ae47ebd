import type { Secret } from '../secret.js';
import { scrubDeep } from '../scrub.js';

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

const redactKeys: ReadonlySet<string> = new Set(SECRET_KEYS.map((k) => k.toLowerCase()));

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
 * A log-safe deep copy of a field value: {@link scrubDeep} with the {@link SECRET_KEYS} fields
 * redacted at any depth (known secret values cut out of every string, `Error`s as
 * `{ name, message }`, `Secret`s as `[secret]`). Pure.
 */
export function sanitize(value: unknown, secrets: readonly Secret[]): unknown {
  return scrubDeep(value, secrets, { redactKeys });
}

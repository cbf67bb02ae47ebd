import type { Secret } from './secret.js';

/** What a scrubbed secret value is replaced with. */
export const REDACTED = '[secret]';

/**
 * Replaces every occurrence of a known secret value in a text by `[secret]`. Empty secrets and
 * very short ones (under 4 characters, which would blank common words) are ignored.
 */
export function scrubText(text: string, secrets: readonly Secret[]): string {
  let out = text;
  for (const s of secrets) {
    const v = s.reveal();
    if (v.length < 4) continue;
    out = out.split(v).join(REDACTED);
  }
  return out;
}

/**
 * A deep copy of a JSON-like value with every string scrubbed by {@link scrubText}. `Error`s
 * become `{ name, message }`; objects with a `toJSON` (such as `Secret`) are replaced by its
 * result first; functions and symbols are dropped. Pure.
 */
export function scrubDeep(value: unknown, secrets: readonly Secret[], depth = 0): unknown {
  if (depth > 32) return '[too deep]';
  if (typeof value === 'string') return scrubText(value, secrets);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  }
  if (value instanceof Error)
    return { name: value.name, message: scrubText(value.message, secrets) };
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function')
    return scrubDeep(withJson.toJSON(), secrets, depth + 1);
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const s = scrubDeep(v, secrets, depth + 1);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

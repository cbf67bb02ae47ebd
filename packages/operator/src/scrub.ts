import type { Secret } from './secret.js';

/** What a scrubbed secret value is replaced with. */
export const REDACTED = '[secret]';

/** How deep {@link scrubDeep} goes before it writes `[too deep]`. */
export const SCRUB_MAX_DEPTH = 16;

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

/** Options of {@link scrubDeep}. */
export interface ScrubOptions {
  /** Field names (lower case) whose values become `[secret]` at any depth, whatever they hold. */
  readonly redactKeys?: ReadonlySet<string>;
}

/**
 * A deep copy of a JSON-like value that is safe to show: every string scrubbed by
 * {@link scrubText}, the fields named in `redactKeys` replaced by `[secret]`, `Error`s as
 * `{ name, message }`, objects with a `toJSON` (such as `Secret`) replaced by its result first,
 * bigints as strings, functions and symbols dropped, and `[too deep]` past
 * {@link SCRUB_MAX_DEPTH} levels. Pure. The status document and every log line go through it.
 */
export function scrubDeep(
  value: unknown,
  secrets: readonly Secret[],
  options: ScrubOptions = {},
  depth = 0,
): unknown {
  if (depth > SCRUB_MAX_DEPTH) return '[too deep]';
  if (typeof value === 'string') return scrubText(value, secrets);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  }
  if (value instanceof Error)
    return { name: value.name, message: scrubText(value.message, secrets) };
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function')
    return scrubDeep(withJson.toJSON(), secrets, options, depth + 1);
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, secrets, options, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (options.redactKeys?.has(k.toLowerCase()) === true) out[k] = REDACTED;
    else {
      const s = scrubDeep(v, secrets, options, depth + 1);
      if (s !== undefined) out[k] = s;
    }
  }
  return out;
}

import * as t from 'io-ts';
import { Secret } from '@scaleio-framework/operator';

/** A number, also from its decimal string (flags and environment variables are strings). */
export const NumberFromInput = new t.Type<number, number, unknown>(
  'number',
  (u): u is number => typeof u === 'number',
  (u, c) => {
    const n = typeof u === 'string' && u.trim() !== '' ? Number(u) : u;
    return typeof n === 'number' && Number.isFinite(n) ? t.success(n) : t.failure(u, c);
  },
  (n) => n,
);

/** A positive integer, also from a string. */
export const PositiveIntFromInput = new t.Type<number, number, unknown>(
  'positive integer',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u > 0,
  (u, c) => {
    const r = NumberFromInput.validate(u, c);
    return r._tag === 'Right' && Number.isInteger(r.right) && r.right > 0 ? r : t.failure(u, c);
  },
  (n) => n,
);

/** A percentage in (0, 100], also from a string. */
export const PercentFromInput = new t.Type<number, number, unknown>(
  'percentage (0-100]',
  (u): u is number => typeof u === 'number' && u > 0 && u <= 100,
  (u, c) => {
    const r = NumberFromInput.validate(u, c);
    return r._tag === 'Right' && r.right > 0 && r.right <= 100 ? r : t.failure(u, c);
  },
  (n) => n,
);

/** A boolean, also from `true|false|1|0|yes|no`. */
export const BooleanFromInput = new t.Type<boolean, boolean, unknown>(
  'boolean (true or false)',
  (u): u is boolean => typeof u === 'boolean',
  (u, c) => {
    if (typeof u === 'boolean') return t.success(u);
    const s = typeof u === 'string' ? u.trim().toLowerCase() : '';
    if (['true', '1', 'yes'].includes(s)) return t.success(true);
    if (['false', '0', 'no'].includes(s)) return t.success(false);
    return t.failure(u, c);
  },
  (b) => b,
);

/** A list, also from a comma-separated string; empty items dropped. */
export const ListFromInput = new t.Type<string[], string[], unknown>(
  'comma-separated list',
  (u): u is string[] => Array.isArray(u) && u.every((x) => typeof x === 'string'),
  (u, c) => {
    if (Array.isArray(u) && u.every((x) => typeof x === 'string')) return t.success(u);
    if (typeof u === 'string')
      return t.success(
        u
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      );
    return t.failure(u, c);
  },
  (a) => a,
);

/** A non-empty string. */
export const NonEmpty = new t.Type<string, string, unknown>(
  'non-empty string',
  (u): u is string => typeof u === 'string' && u.length > 0,
  (u, c) => (typeof u === 'string' && u.trim() !== '' ? t.success(u.trim()) : t.failure(u, c)),
  (s) => s,
);

/** An http(s) URL. */
export const HttpUrl = new t.Type<string, string, unknown>(
  'http(s) URL',
  (u): u is string => typeof u === 'string',
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c);
    try {
      const url = new URL(u.trim());
      return url.protocol === 'http:' || url.protocol === 'https:'
        ? t.success(u.trim())
        : t.failure(u, c);
    } catch {
      return t.failure(u, c);
    }
  },
  (s) => s,
);

/** A secret string, wrapped so it never prints (see {@link Secret}). */
export const SecretFromInput = new t.Type<Secret, string, unknown>(
  'secret',
  (u): u is Secret => u instanceof Secret,
  (u, c) =>
    typeof u === 'string'
      ? t.success(new Secret(u))
      : u instanceof Secret
        ? t.success(u)
        : t.failure(u, c),
  (s) => s.reveal(),
);

/** One of fixed string values. */
export const oneOf = <V extends string>(values: readonly V[]) =>
  new t.Type<V, V, unknown>(
    values.join(' | '),
    (u): u is V => typeof u === 'string' && (values as readonly string[]).includes(u),
    (u, c) =>
      typeof u === 'string' && (values as readonly string[]).includes(u.trim())
        ? t.success(u.trim() as V)
        : t.failure(u, c),
    (v) => v,
  );

/** A TCP port 0-65535 (0: any free port), also from a string. */
export const PortFromInput = new t.Type<number, number, unknown>(
  'port (0-65535)',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0 && u <= 65535,
  (u, c) => {
    const r = NumberFromInput.validate(u, c);
    return r._tag === 'Right' && Number.isInteger(r.right) && r.right >= 0 && r.right <= 65535
      ? r
      : t.failure(u, c);
  },
  (n) => n,
);

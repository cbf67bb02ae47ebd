/**
 * Small io-ts building blocks for the gateway's loose JSON: numbers that
 * arrive as strings, booleans as `"TRUE"`, nullable fields, and key aliases
 * for the API's known typos.
 */
import * as t from 'io-ts';

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;

/** A number sent either as a JSON number or as a decimal string (`"8388608"`). */
export const NumberLike = new t.Type<number, number, unknown>(
  'NumberLike',
  (u): u is number => typeof u === 'number',
  (u, c) => {
    if (typeof u === 'number' && Number.isFinite(u)) return t.success(u);
    if (typeof u === 'string' && NUMERIC.test(u)) return t.success(Number(u));
    return t.failure(u, c, 'expected a number or a numeric string');
  },
  (n) => n,
);
/** A number sent either as a JSON number or as a decimal string. */
export type NumberLike = t.TypeOf<typeof NumberLike>;

/** A boolean sent as `true`/`false` or as `"TRUE"`/`"true"`/`"FALSE"`/`"false"`. */
export const BoolLike = new t.Type<boolean, boolean, unknown>(
  'BoolLike',
  (u): u is boolean => typeof u === 'boolean',
  (u, c) => {
    if (typeof u === 'boolean') return t.success(u);
    if (typeof u === 'string') {
      const l = u.toLowerCase();
      if (l === 'true') return t.success(true);
      if (l === 'false') return t.success(false);
    }
    return t.failure(u, c, 'expected a boolean or "TRUE"/"FALSE"');
  },
  (b) => b,
);
/** A boolean sent as `true`/`false` or as `"TRUE"`/`"FALSE"`. */
export type BoolLike = t.TypeOf<typeof BoolLike>;

/** `codec | null`: the gateway writes absent values as `null`. */
export const nullable = <C extends t.Mixed>(codec: C): t.UnionC<[C, t.NullC]> =>
  t.union([codec, t.null]);

/** The `links` array every object carries. */
export const Links = t.array(t.type({ rel: t.string, href: t.string }));
/** The `links` array every object carries. */
export type Links = t.TypeOf<typeof Links>;

/**
 * Wraps a codec so that, before validation, each `typo` key found in the
 * input is copied to its `correct` key when that one is absent. The decoded
 * value therefore always carries the correct spelling.
 */
export const withAliases = <C extends t.Mixed>(
  codec: C,
  aliases: Readonly<Record<string, string>>,
  name: string = codec.name,
): t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown> =>
  new t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown>(
    name,
    codec.is,
    (u, c) => {
      if (typeof u !== 'object' || u === null || Array.isArray(u)) return codec.validate(u, c);
      const src = u as Record<string, unknown>;
      let copy: Record<string, unknown> | undefined;
      for (const [typo, correct] of Object.entries(aliases)) {
        if (typo in src && !(correct in src)) {
          copy ??= { ...src };
          copy[correct] = src[typo];
        }
      }
      return codec.validate(copy ?? u, c);
    },
    codec.encode,
  );

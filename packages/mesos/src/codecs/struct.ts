/**
 * The `struct`, `list`, `taggedUnion` and `enumOf` codec builders of the Mesos v1 JSON codecs.
 * Decoding validates in place, like `t.type`: a valid message decodes to the very object
 * `JSON.parse` made (unknown keys stay on it, unread; Mesos adds fields over time and writes
 * defaulted ones), and only a message with a `null` optional field is copied, without that field.
 * Encoding writes only the fields the schema has, so unknown keys never go back out.
 *
 * @module
 */
import * as t from 'io-ts';

/** The decoded form of a {@link struct}. */
export type StructOf<R extends t.Props, O extends t.Props> = { [K in keyof R]: t.TypeOf<R[K]> } & {
  [K in keyof O]?: t.TypeOf<O[K]>;
};
/** The encoded form of a {@link struct}. */
export type StructOutputOf<R extends t.Props, O extends t.Props> = {
  [K in keyof R]: t.OutputOf<R[K]>;
} & { [K in keyof O]?: t.OutputOf<O[K]> };

/** A message codec that remembers its fields. */
export interface StructC<R extends t.Props, O extends t.Props> extends t.Type<
  StructOf<R, O>,
  StructOutputOf<R, O>,
  unknown
> {
  readonly required: R;
  readonly optional: O;
}

/**
 * Whether validation builds a context entry per field. Off on the fast path; {@link decodePrecisely}
 * turns it on to re-run a failed decode and report exact paths.
 */
let precise = false;

/** Decode with full error paths (slower): used after a fast decode failed. */
export const decodePrecisely = <A, O>(
  codec: t.Type<A, O, unknown>,
  value: unknown,
): t.Validation<A> => {
  precise = true;
  try {
    return codec.decode(value);
  } finally {
    precise = false;
  }
};

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/** A predicate that is true when a value is valid and decodes to itself (no copy, no allocation). */
type Check = (v: unknown) => boolean;

/** Fast predicates of the codecs made here (structs, lists, tagged unions), by codec. */
const fastChecks = new WeakMap<t.Mixed, Check>();

/**
 * For codecs that decode a value to itself (strings, numbers, booleans, literals, enums,
 * refinements of those, and the structs, lists and tagged unions made here), a plain predicate:
 * the fast path uses it instead of allocating a validation result per field. Anything else
 * returns undefined and goes through `validate`.
 */
const identityCheck = (codec: t.Mixed): Check | undefined => {
  const fast = fastChecks.get(codec);
  if (fast !== undefined) return fast;
  if (codec instanceof t.StringType) return (v) => typeof v === 'string';
  if (codec instanceof t.NumberType) return (v) => typeof v === 'number';
  if (codec instanceof t.BooleanType) return (v) => typeof v === 'boolean';
  if (codec instanceof t.LiteralType) {
    const value: unknown = codec.value;
    return (v) => v === value;
  }
  if (codec instanceof t.KeyofType) {
    const keys = codec.keys as Record<string, unknown>;
    return (v) => typeof v === 'string' && Object.prototype.hasOwnProperty.call(keys, v);
  }
  if (codec instanceof t.RefinementType) {
    const inner = identityCheck(codec.type as t.Mixed);
    const predicate = codec.predicate as (v: unknown) => boolean;
    return inner === undefined ? undefined : (v) => inner(v) && predicate(v);
  }
  return undefined;
};

/** A check that never passes: the value goes through `validate` (a codec that transforms). */
const never: Check = () => false;

/**
 * The allocation-free predicate the fast path of `codec` uses: true exactly when `codec` decodes
 * the value to itself (the value is valid and holds no `null` optional field). For codecs that
 * transform (none of the Mesos messages) it is always false. Hand-tuned guards (`fast-events.ts`)
 * delegate the rarely present parts of a message to it.
 */
export const identityGuard = (codec: t.Mixed): ((v: unknown) => boolean) =>
  identityCheck(codec) ?? never;

/** Register a codec's fast predicate, used by the structs and lists that contain it. */
const withFastCheck = <C extends t.Mixed>(codec: C, check: Check): C => {
  fastChecks.set(codec, check);
  return codec;
};

/**
 * An array codec like `t.array`, without a context entry per element on the fast path. A valid
 * array whose elements all decode to themselves is returned as it is; otherwise a copy.
 */
export const list = <C extends t.Mixed>(
  codec: C,
): t.Type<t.TypeOf<C>[], t.OutputOf<C>[], unknown> => {
  const check = identityCheck(codec);
  const fast: Check =
    check === undefined
      ? never
      : (u) => {
          if (!Array.isArray(u)) return false;
          for (let i = 0; i < u.length; i += 1) if (!check(u[i])) return false;
          return true;
        };
  const self = new t.Type<t.TypeOf<C>[], t.OutputOf<C>[], unknown>(
    `Array<${codec.name}>`,
    (u): u is t.TypeOf<C>[] => Array.isArray(u) && u.every((x) => codec.is(x)),
    (u, c) => {
      if (!precise && fast(u)) return t.success(u as t.TypeOf<C>[]);
      if (!Array.isArray(u)) return t.failure(u, c, `expected an array of ${codec.name}`);
      let out: t.TypeOf<C>[] | undefined;
      let errors: t.ValidationError[] | undefined;
      for (let i = 0; i < u.length; i += 1) {
        const v: unknown = u[i];
        const r = codec.validate(v, precise ? t.appendContext(c, String(i), codec, v) : c);
        if (r._tag === 'Left') (errors ??= []).push(...r.left);
        else if (r.right !== v) (out ??= u.slice())[i] = r.right;
      }
      return errors === undefined ? t.success(out ?? (u as t.TypeOf<C>[])) : t.failures(errors);
    },
    (a) => a.map((x) => codec.encode(x) as t.OutputOf<C>),
  );
  return withFastCheck(self, fast);
};

/**
 * A protobuf message as an io-ts codec: `required` keys must be present, `optional` keys may be
 * absent (`null` counts as absent, as in Mesos). Decoding validates in place, as `t.type` does:
 * a valid message is returned as the same object, unknown keys and all, with no allocation on the
 * fast path (a boolean walk; per-field contexts are built only to report a failure). A message
 * with a `null` optional field, or a field whose codec transforms, is copied. Encoding writes
 * exactly the schema's fields, so unknown keys never go back to Mesos.
 */
export const struct = <R extends t.Props, O extends t.Props>(
  name: string,
  required: R,
  optional: O,
): StructC<R, O> => {
  const req = Object.entries(required);
  const opt = Object.entries(optional);
  const fields = [
    ...req.map(([key, codec]) => ({ key, codec, check: identityCheck(codec), optional: false })),
    ...opt.map(([key, codec]) => ({ key, codec, check: identityCheck(codec), optional: true })),
  ];
  const keys = fields.map((f) => f.key);
  const checks = fields.map((f) => f.check ?? never);
  const optionals = fields.map((f) => f.optional);
  const n = fields.length;
  const fast: Check = (u) => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return false;
    const o = u as Record<string, unknown>;
    for (let i = 0; i < n; i += 1) {
      const v = o[keys[i] as string];
      if (v === undefined && optionals[i] === true) continue;
      if (!(checks[i] as Check)(v)) return false;
    }
    return true;
  };
  const validate = (u: unknown, c: t.Context): t.Validation<StructOf<R, O>> => {
    if (!precise && fast(u)) return t.success(u as StructOf<R, O>);
    if (!isRecord(u)) return t.failure(u, c, `expected a ${name} object`);
    let out: Record<string, unknown> | undefined;
    let errors: t.ValidationError[] | undefined;
    for (const f of fields) {
      const v = u[f.key];
      if (f.optional && (v === undefined || v === null)) {
        if (v === null) delete (out ??= { ...u })[f.key];
        continue;
      }
      if (f.check !== undefined && !precise && f.check(v)) continue;
      const r = f.codec.validate(v, precise ? t.appendContext(c, f.key, f.codec, v) : c);
      if (r._tag === 'Left') (errors ??= []).push(...r.left);
      else if (r.right !== v) (out ??= { ...u })[f.key] = r.right;
    }
    return errors === undefined ? t.success((out ?? u) as StructOf<R, O>) : t.failures(errors);
  };
  const is = (u: unknown): u is StructOf<R, O> =>
    isRecord(u) &&
    req.every(([key, codec]) => codec.is(u[key])) &&
    opt.every(([key, codec]) => u[key] === undefined || codec.is(u[key]));
  const encode = (a: StructOf<R, O>): StructOutputOf<R, O> => {
    const src = a as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, codec] of req) out[key] = codec.encode(src[key]);
    for (const [key, codec] of opt) {
      const v = src[key];
      if (v !== undefined) out[key] = codec.encode(v);
    }
    return out as StructOutputOf<R, O>;
  };
  return withFastCheck(
    Object.assign(new t.Type(name, is, validate, encode), { required, optional }),
    fast,
  );
};

/**
 * A union of structs told apart by a literal field (`type`): decoding looks the member up by
 * that field instead of trying each, and an unknown value is one clear error.
 */
export const taggedUnion = <CS extends readonly [t.Mixed, ...t.Mixed[]]>(
  name: string,
  tag: string,
  members: CS,
): t.Type<t.TypeOf<CS[number]>, t.OutputOf<CS[number]>, unknown> => {
  const byTag = new Map<unknown, t.Mixed>();
  const fastByTag = new Map<unknown, Check>();
  for (const m of members) {
    const lit = (m as unknown as { required?: Record<string, unknown> }).required?.[tag];
    if (!(lit instanceof t.LiteralType))
      throw new TypeError(`${name}: member ${m.name} has no literal ${tag}`);
    byTag.set((lit as t.LiteralType<string>).value, m);
    fastByTag.set((lit as t.LiteralType<string>).value, identityCheck(m) ?? never);
  }
  const pick = (u: unknown): t.Mixed | undefined => (isRecord(u) ? byTag.get(u[tag]) : undefined);
  const fast: Check = (u) =>
    isRecord(u) && (fastByTag.get(u[tag]) as Check | undefined)?.(u) === true;
  const self = new t.Type<t.TypeOf<CS[number]>, t.OutputOf<CS[number]>, unknown>(
    name,
    (u): u is t.TypeOf<CS[number]> => pick(u)?.is(u) === true,
    (u, c) => {
      if (!precise && fast(u)) return t.success(u as t.TypeOf<CS[number]>);
      const member = pick(u);
      if (member !== undefined) return member.validate(u, c) as t.Validation<t.TypeOf<CS[number]>>;
      const got = isRecord(u)
        ? (JSON.stringify(u[tag])?.slice(0, 40) ?? 'nothing')
        : 'not an object';
      return t.failure(u, c, `unknown ${name} ${tag}: ${got}`);
    },
    (a) => (pick(a) as t.Mixed).encode(a) as t.OutputOf<CS[number]>,
  );
  return withFastCheck(self, fast);
};

/** A protobuf enum as a codec of its value names. */
export const enumOf = <K extends string>(
  name: string,
  names: readonly K[],
): t.KeyofC<Record<K, null>> =>
  t.keyof(Object.fromEntries(names.map((n) => [n, null])) as Record<K, null>, name);

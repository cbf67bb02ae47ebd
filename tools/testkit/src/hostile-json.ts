/**
 * Syntactically valid but hostile JSON, for property tests of decoders (fast-check): a plausible
 * document with one value replaced by something a decoder must survive — nesting 100,000 deep
 * (recursive code overflows the stack on it), numbers beyond double range or precision,
 * `__proto__` and `constructor` keys (prototype pollution), lone surrogates and NUL characters,
 * huge strings, the wrong type. A decoder fed any of them must answer with a value or a clear
 * error: never throw, never hang, never change `Object.prototype`.
 *
 * @module
 */
import fc from 'fast-check';

const DEEP = 100_000;

/** Hostile JSON values, as text. */
export const HOSTILE_VALUES: readonly string[] = [
  `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`,
  `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`,
  `${'[{"value":'.repeat(DEEP / 10)}"x"${'}]'.repeat(DEEP / 10)}`,
  '1e400',
  '-1e400',
  '1e-400',
  '-0',
  '123456789012345678901234567890',
  '9007199254740993',
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"__proto__":null,"toString":1,"hasOwnProperty":"no","valueOf":[]}',
  '"\\ud800"',
  '"\\u0000\\u0000"',
  `"${'x'.repeat(1_000_000)}"`,
  'null',
  'true',
  '""',
  '[]',
  '{}',
];

/** Every path to a value inside `doc` (the root is `[]`), objects and arrays alike. */
const pathsOf = (
  doc: unknown,
  prefix: readonly (string | number)[] = [],
): (string | number)[][] => {
  const out: (string | number)[][] = [[...prefix]];
  if (Array.isArray(doc)) doc.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (typeof doc === 'object' && doc !== null)
    for (const [k, v] of Object.entries(doc)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
};

const MARK = '@@hostile@@';
const KEY = '@@hostile-key@@';

/** `doc` with the value at `path` set to the marker (or, with `asKey`, a marker key added there). */
const marked = (doc: unknown, path: readonly (string | number)[], asKey: boolean): unknown => {
  const copy: unknown = JSON.parse(JSON.stringify(doc) ?? 'null');
  if (path.length === 0) {
    if (asKey && typeof copy === 'object' && copy !== null && !Array.isArray(copy))
      return { ...copy, [KEY]: MARK };
    return MARK;
  }
  let at = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  const target = at[last];
  if (asKey && typeof target === 'object' && target !== null && !Array.isArray(target))
    at[last] = { ...target, [KEY]: MARK };
  else at[last] = MARK;
  return copy;
};

/**
 * JSON texts: `base` with one value (or an added key) made hostile. Keys added are `__proto__`,
 * `constructor` or `prototype` as own JSON keys.
 */
export const hostileJson = (base: unknown): fc.Arbitrary<string> => {
  const paths = pathsOf(base);
  return fc
    .record({
      path: fc.constantFrom(...paths),
      value: fc.constantFrom(...HOSTILE_VALUES),
      key: fc.option(fc.constantFrom('__proto__', 'constructor', 'prototype'), { nil: undefined }),
    })
    .map(({ path, value, key }) =>
      (JSON.stringify(marked(base, path, key !== undefined)) ?? 'null')
        .replace(`"${KEY}"`, JSON.stringify(key ?? ''))
        .replace(`"${MARK}"`, value),
    );
};

/** Any JSON text: random documents (fast-check's `json`), or `base` made hostile. */
export const anyJson = (base: unknown): fc.Arbitrary<string> =>
  fc.oneof(hostileJson(base), fc.json({ maxDepth: 4 }));

/** Throws when something set a property on `Object.prototype` (the hostile `polluted` key). */
export const assertUnpolluted = (): void => {
  const probe = {} as Record<string, unknown>;
  if ('polluted' in probe || Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'))
    throw new Error('Object.prototype was polluted');
};

/**
 * Codecs of configuration values as they arrive — strings from flags and the environment, or
 * typed values from a YAML/JSON file — each refusing what cannot work, before any effect: numbers
 * must be finite and in range, durations must fit Node's timers, URLs must parse, secrets must
 * not be blank and are never echoed. A failure may carry a one-line detail (io-ts `message`),
 * which the loader shows after the expected type; it never contains a secret.
 *
 * @module
 */
import * as t from 'io-ts';
import { Secret } from '../secret.js';

/** A configuration codec: from unknown input to `A`. */
export type InputCodec<A> = t.Type<A, unknown, unknown>;

/** Longest delay Node's `setTimeout` takes; a longer one fires after 1 ms (`TimeoutOverflowWarning`). */
export const TIMER_MAX_MS = 2 ** 31 - 1;

/** A number from a number or its decimal string, when `ok` accepts it; else a failure. */
const numberWhere = (name: string, ok: (n: number) => boolean): t.Type<number, number, unknown> =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number' && Number.isFinite(u) && ok(u),
    (u, c) => {
      const n = typeof u === 'string' && u.trim() !== '' ? Number(u) : u;
      return typeof n === 'number' && Number.isFinite(n) && ok(n) ? t.success(n) : t.failure(u, c);
    },
    (n) => n,
  );

/** A finite number, also from its decimal string (flags and environment variables are strings). */
export const NumberFromInput = numberWhere('number', () => true);

/** A finite number ≥ 0 (sizes, CPU and memory amounts, refusal seconds). */
export const NonNegativeNumberFromInput = numberWhere('number >= 0', (n) => n >= 0);

/** A finite number > 0. */
export const PositiveNumberFromInput = numberWhere('number > 0', (n) => n > 0);

/** An integer in `[min, max]`, also from a string. */
export const intBetween = (min: number, max: number, name = `integer ${min}-${max}`) =>
  numberWhere(name, (n) => Number.isInteger(n) && n >= min && n <= max);

/** A positive integer (counts: attempts, concurrent restarts), at most 2^31-1. */
export const PositiveIntFromInput = intBetween(1, TIMER_MAX_MS, 'positive integer');

/** A TCP port 0-65535 (0: any free port), also from a string. */
export const PortFromInput = intBetween(0, 65535, 'port (0-65535)');

/** Seconds of a period this process waits with a timer: 1 to 2,147,483 (Node's timer limit). */
export const TimerSecondsFromInput = intBetween(
  1,
  Math.floor(TIMER_MAX_MS / 1000),
  `seconds (1-${Math.floor(TIMER_MAX_MS / 1000)}, the longest timer Node keeps)`,
);

/**
 * Seconds that Mesos turns into a stout `Duration` (int64 nanoseconds; `Duration::create` fails
 * beyond 2^63 ns and master/validation.cpp then refuses the framework): a positive integer up to
 * 9,223,372,036.
 */
export const MesosSecondsFromInput = intBetween(
  1,
  9_223_372_036,
  'seconds (1-9223372036, a Mesos Duration)',
);

/** A percentage in (0, 100], also from a string. */
export const PercentFromInput = numberWhere('percentage (0-100]', (n) => n > 0 && n <= 100);

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
    if (Array.isArray(u) && u.every((x) => typeof x === 'string'))
      return t.success(u.map((s) => s.trim()).filter((s) => s !== ''));
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

/** A list (as {@link ListFromInput}) whose every item `problem` accepts (`undefined`). */
export const listOf = (name: string, problem: (item: string) => string | undefined) =>
  new t.Type<string[], string[], unknown>(
    `comma-separated list of ${name}`,
    ListFromInput.is,
    (u, c) => {
      const r = ListFromInput.validate(u, c);
      if (r._tag === 'Left') return r;
      const bad = r.right.map((x) => problem(x)).find((p) => p !== undefined);
      return bad === undefined ? r : t.failure(u, c, bad);
    },
    (a) => a,
  );

/** A string, trimmed (any value, the empty string included). */
export const StringFromInput = new t.Type<string, string, unknown>(
  'string',
  (u): u is string => typeof u === 'string',
  (u, c) => (typeof u === 'string' ? t.success(u.trim()) : t.failure(u, c)),
  (s) => s,
);

/** A non-empty string, trimmed. */
export const NonEmpty = new t.Type<string, string, unknown>(
  'non-empty string',
  (u): u is string => typeof u === 'string' && u.length > 0,
  (u, c) => (typeof u === 'string' && u.trim() !== '' ? t.success(u.trim()) : t.failure(u, c)),
  (s) => s,
);

/**
 * A string that `problem` accepts (returns `undefined`); otherwise a failure whose detail is what
 * `problem` returned. The codec's name says what is expected.
 */
export const checkedString = (name: string, problem: (s: string) => string | undefined) =>
  new t.Type<string, string, unknown>(
    name,
    (u): u is string => typeof u === 'string' && problem(u) === undefined,
    (u, c) => {
      if (typeof u !== 'string') return t.failure(u, c);
      const s = u.trim();
      const p = problem(s);
      return p === undefined ? t.success(s) : t.failure(u, c, p);
    },
    (s) => s,
  );

/** A string matching `re` (trimmed). */
export const pattern = (name: string, re: RegExp) =>
  checkedString(name, (s) => (re.test(s) ? undefined : ''));

/** The empty string (the option is off), or a value of `codec`. */
export const orEmpty = <A>(codec: t.Type<A, unknown, unknown>) =>
  new t.Type<A | '', unknown, unknown>(
    `${codec.name}, or empty`,
    (u): u is A | '' => u === '' || codec.is(u),
    (u, c) => (typeof u === 'string' && u.trim() === '' ? t.success('') : codec.validate(u, c)),
    (a) => (a === '' ? '' : codec.encode(a)),
  );

/** Why `s` is not an http(s) URL with a host, or undefined. */
export const httpUrlProblem = (s: string): string | undefined => {
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `scheme ${url.protocol} is not http: or https:`;
  if (url.hostname === '') return 'no host';
  if (url.username !== '' || url.password !== '') return 'credentials do not belong in the URL';
  return undefined;
};

/** Whether `s` is a dotted-quad IPv4 address. */
export const isIpv4 = (s: string): boolean =>
  /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(s);

/** An http(s) URL with a host (no credentials in it). */
export const HttpUrl = checkedString('http(s) URL', httpUrlProblem);

/** A secret string, wrapped so it never prints (see {@link Secret}); any string, empty included. */
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

/** A password: a secret that is not empty or blank (only spaces). */
export const PasswordFromInput = new t.Type<Secret, string, unknown>(
  'password (not blank)',
  (u): u is Secret => u instanceof Secret && u.reveal().trim() !== '',
  (u, c) => {
    const r = SecretFromInput.validate(u, c);
    return r._tag === 'Right' && r.right.reveal().trim() === '' ? t.failure(u, c) : r;
  },
  (s) => s.reveal(),
);

/** Fewest characters of a bearer token: shorter ones are guessable (issue 18). */
export const MIN_TOKEN_LENGTH = 24;

/** A bearer token: empty (the actions are off), or at least 24 characters without whitespace. */
export const TokenFromInput = new t.Type<Secret, string, unknown>(
  `token (empty, or ${MIN_TOKEN_LENGTH}+ characters without spaces)`,
  (u): u is Secret => u instanceof Secret,
  (u, c) => {
    const r = SecretFromInput.validate(u, c);
    if (r._tag === 'Left') return r;
    const v = r.right.reveal();
    if (v === '') return r;
    if (/\s/.test(v)) return t.failure(u, c, 'it contains whitespace');
    return v.length >= MIN_TOKEN_LENGTH
      ? r
      : t.failure(u, c, `it is shorter than ${MIN_TOKEN_LENGTH} characters`);
  },
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

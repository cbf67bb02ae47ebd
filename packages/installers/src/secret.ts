/**
 * Secrets: values that a plan needs (the ScaleIO admin password) but that must never appear in
 * a log, an error message, a recorded command line or a rendered plan.
 */

const SECRET_TAG = 'Secret' as const;

/** A named secret value. Printing, `String()` or `JSON.stringify` show `<secret:name>`, never the value. */
export interface Secret {
  readonly _tag: typeof SECRET_TAG;
  /** A name for people, e.g. `adminPassword`. */
  readonly name: string;
  /** The real value; call only where the value must reach the system (argv, env, file). */
  reveal(): string;
  toString(): string;
  toJSON(): string;
}

/** Wraps `value` as a {@link Secret} called `name`. */
export const secret = (name: string, value: string): Secret => {
  const shown = `<secret:${name}>`;
  return Object.freeze({
    _tag: SECRET_TAG,
    name,
    reveal: () => value,
    toString: () => shown,
    toJSON: () => shown,
    [Symbol.for('nodejs.util.inspect.custom')]: () => shown,
  });
};

/** True when `v` is a {@link Secret}. */
export const isSecret = (v: unknown): v is Secret =>
  typeof v === 'object' && v !== null && (v as { _tag?: unknown })._tag === SECRET_TAG;

/** A text that may hold secrets: plain strings and {@link Secret}s, joined in order. */
export type Text = string | Secret | readonly (string | Secret)[];

/** The real text, secrets revealed (for the system only). */
export const revealText = (t: Text): string =>
  typeof t === 'string'
    ? t
    : isSecret(t)
      ? t.reveal()
      : t.map((p) => (typeof p === 'string' ? p : p.reveal())).join('');

/** The text as people may see it: every secret shown as `<secret:name>`. */
export const showText = (t: Text): string =>
  typeof t === 'string' ? t : isSecret(t) ? t.toString() : t.map((p) => String(p)).join('');

/** The secrets that a text holds. */
export const secretsOf = (t: Text): readonly Secret[] =>
  typeof t === 'string' ? [] : isSecret(t) ? [t] : t.filter(isSecret);

/** The string used in place of a secret value found in free text (command output, errors). */
export const REDACTED = '***';

/**
 * Replaces every occurrence of every secret value in `text` with {@link REDACTED}. Longer values
 * are replaced first so that a secret containing another is hidden whole. Empty values are ignored.
 */
export const redact = (text: string, secrets: readonly Secret[]): string => {
  const values = [...new Set(secrets.map((s) => s.reveal()).filter((v) => v.length > 0))].sort(
    (a, b) => b.length - a.length,
  );
  let out = text;
  for (const v of values) out = out.split(v).join(REDACTED);
  return out;
};

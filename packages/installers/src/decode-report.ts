/**
 * Decoding untrusted JSON safely: io-ts errors as `path: expected Type` lines that never quote
 * the value (io-ts' PathReporter stringifies it, and a value nested 100,000 deep overflows the
 * stack there), and a decode whose input breaks validation itself is an error, not a throw.
 *
 * @module
 */
import type * as t from 'io-ts';
import { left, right, type Either } from 'fp-ts/lib/Either.js';

/** At most `max` io-ts errors as `path: expected Type` (values not shown). */
export const reportErrors = (errors: t.Errors, max = 5): string[] =>
  errors.slice(0, max).map((e) => {
    const path = e.context
      .map((c) => c.key)
      .filter((k) => k !== '')
      .join('.');
    return `${path === '' ? '(root)' : path}: expected ${e.context.at(-1)?.type.name ?? 'a valid value'}`;
  });

/** Decodes `value`; Left: the reported errors (or why validation itself failed). */
export const decodeSafely = <A>(
  codec: t.Decoder<unknown, A>,
  value: unknown,
): Either<string[], A> => {
  try {
    const r = codec.decode(value);
    return r._tag === 'Left' ? left(reportErrors(r.left)) : right(r.right);
  } catch (e) {
    return left([
      `cannot be decoded (${e instanceof Error ? e.name : 'error'}: nested too deeply?)`,
    ]);
  }
};

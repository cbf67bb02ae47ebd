/**
 * The outcome of anything the shell did for the core (a port call, a ledger write): a value, or
 * an error saying whether a later retry may succeed. Never thrown; always data.
 */

/** A value, or an error with its retry hint. */
export type Outcome<A> =
  | { readonly ok: true; readonly value: A }
  | { readonly ok: false; readonly error: string; readonly retryable: boolean };

/** A successful {@link Outcome}. */
export const success = <A>(value: A): Outcome<A> => ({ ok: true, value });

/** A failed {@link Outcome}. */
export const failure = <A>(error: string, retryable: boolean): Outcome<A> => ({
  ok: false,
  error,
  retryable,
});

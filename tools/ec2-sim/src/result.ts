import type { SimState } from './model.js';
import type { Params } from './query.js';
import type { XNode } from './xml.js';

/** An EC2 error as the simulator answers it: code, message and HTTP status. */
export interface SimError {
  readonly code: string;
  readonly message: string;
  readonly status: number;
}

/** What one action handler produced: the response body's elements, or an error. */
export type ActionResult =
  | { readonly ok: true; readonly body: readonly XNode[] }
  | { readonly ok: false; readonly error: SimError };

/** What a handler sees: the region's state and the sim clock's `now`. */
export interface ActionCtx {
  readonly state: SimState;
  readonly now: number;
}

/** One EC2 action. */
export type Handler = (ctx: ActionCtx, params: Params) => ActionResult;

/** A success result. */
export const ok = (body: readonly XNode[]): ActionResult => ({ ok: true, body });

/** A failed result; client errors are HTTP 400 unless told otherwise. */
export const fail = (code: string, message: string, status = 400): ActionResult => ({
  ok: false,
  error: { code, message, status },
});

/** The `DryRunOperation` answer (HTTP 412) for a request that would have succeeded. */
export const dryRun = (): ActionResult =>
  fail('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);

/** `MissingParameter` for a required parameter. */
export const missing = (name: string): ActionResult =>
  fail('MissingParameter', `The request must contain the parameter ${name}`);

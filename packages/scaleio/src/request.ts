/**
 * Requests as values. Every gateway call is described by an
 * {@link Operation}: a plain {@link ApiRequest} (method, path, body) plus a
 * pure `parse` that turns the 2xx body into a typed value. Builders here and
 * in `ops/` are pure; the client runs operations through its one IO function.
 */
import * as t from 'io-ts';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { decodeError, notJson, type ScaleIOError } from './errors.js';

/** HTTP methods the 2.x/3.x `/api` tree uses. */
export type Method = 'GET' | 'POST';

/** One gateway request, before authentication is attached. */
export interface ApiRequest {
  /** HTTP method. */
  readonly method: Method;
  /** Path under the gateway root, e.g. `/api/types/Volume/instances`. */
  readonly path: string;
  /** JSON body (POST only). */
  readonly body?: unknown;
  /**
   * Safe to send again after a failure that left its outcome unknown. Default: GET yes, POST no
   * (a create or action may have happened); POSTs that only read are built with {@link query}.
   */
  readonly idempotent?: boolean;
}

/** Whether `req` may be retried blindly (see {@link ApiRequest.idempotent}). */
export const isIdempotent = (req: ApiRequest): boolean => req.idempotent ?? req.method === 'GET';

/** A request with the pure parser of its successful answer. */
export interface Operation<A> {
  /** What to send. */
  readonly request: ApiRequest;
  /** Turns the JSON body of a 2xx answer (`undefined` when empty) into the result. */
  readonly parse: (body: unknown) => Either<ScaleIOError, A>;
  /** Set when the builder found its input invalid: the client returns it without sending anything. */
  readonly invalid?: ScaleIOError;
}

/** An operation that is rejected before sending (bad input to a builder). */
export const rejected = <A>(request: ApiRequest, message: string): Operation<A> => ({
  request,
  parse: () => left(invalidInput(message)),
  invalid: invalidInput(message),
});

/** A client-side validation failure (nothing was sent). */
export const invalidInput = (message: string): ScaleIOError => ({
  _tag: 'InvalidRequest',
  httpStatus: 0,
  errorCode: 0,
  message,
});

/** A GET request. */
export const get = (path: string): ApiRequest => ({ method: 'GET', path });

/** A POST request with a JSON body (`{}` when none is given). */
export const post = (path: string, body: unknown = {}): ApiRequest => ({
  method: 'POST',
  path,
  body,
});

/** A POST that only reads (a query action): idempotent, so retried like a GET. */
export const query = (path: string, body: unknown = {}): ApiRequest => ({
  ...post(path, body),
  idempotent: true,
});

/** Path of an object: `/api/instances/{Type}::{id}`. */
export const instancePath = (type: string, id: string): string =>
  `/api/instances/${type}::${encodeURIComponent(id)}`;

/** Path of a type's collection: `/api/types/{Type}/instances`. */
export const typePath = (type: string): string => `/api/types/${type}/instances`;

/** Path of a relationship: `/api/instances/{Type}::{id}/relationships/{Related}`. */
export const relationshipPath = (type: string, id: string, related: string): string =>
  `${instancePath(type, id)}/relationships/${related}`;

/** Path of an action on one object: `/api/instances/{Type}::{id}/action/{name}`. */
export const actionPath = (type: string, id: string, action: string): string =>
  `${instancePath(type, id)}/action/${action}`;

/** Path of an action on a type: `/api/types/{Type}/instances/action/{name}`. */
export const typeActionPath = (type: string, action: string): string =>
  `${typePath(type)}/action/${action}`;

/** A parser that decodes the body with `codec`. */
export const decodeWith =
  <A>(codec: t.Decoder<unknown, A>, what: string) =>
  (body: unknown): Either<ScaleIOError, A> => {
    try {
      const r = codec.decode(body);
      return r._tag === 'Right' ? right(r.right) : left(decodeError(what, r.left));
    } catch (e) {
      // a body whose shape breaks validation itself (the stack): a decode error, not a throw
      return left({ ...notJson(what), message: `cannot be decoded (${(e as Error).name})` });
    }
  };

/** A parser for actions: any 2xx body (empty, `{}` or other) means success. */
export const ignoreBody = (_body: unknown): Either<ScaleIOError, void> => right(undefined);

/** An operation whose answer is decoded by `codec`. */
export const operation = <A>(
  request: ApiRequest,
  codec: t.Decoder<unknown, A>,
  what: string,
): Operation<A> => ({
  request,
  parse: decodeWith(codec, what),
});

/** An operation whose answer body is ignored (actions answer 200/204 with no body). */
export const action = (request: ApiRequest): Operation<void> => ({ request, parse: ignoreBody });

/** Parses a response body text: empty -> `undefined`, JSON -> value, anything else -> a Decode error. */
export const parseBodyText = (text: string, what: string): Either<ScaleIOError, unknown> => {
  if (text.trim() === '') return right(undefined);
  try {
    return right(JSON.parse(text) as unknown);
  } catch {
    return left(notJson(what));
  }
};

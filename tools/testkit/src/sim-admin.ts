/**
 * The simulators' JSON admin routes under `/sim/`, in one shape: a table from
 * `"<METHOD> <path>"` to a function of the raw body that gives `[status, answer]`, bodies decoded
 * with io-ts (400 with the reason when they do not decode), 404 for a route not in the table.
 *
 * @module
 */
import type { ServerResponse } from 'node:http';
import { isLeft } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { VolumeTimingsPatch } from './sim-timings.js';

/** An admin answer: HTTP status and the JSON body. */
export type AdminAnswer = readonly [status: number, body: unknown];

/** The admin routes: `"<METHOD> <path>"` to a function of the raw request body. */
export type AdminRoutes = Readonly<Record<string, (body: string) => AdminAnswer>>;

/** `200 {"ok":true}`. */
export const adminOk: AdminAnswer = [200, { ok: true }];

/** A route that decodes its JSON body with `codec` first (400 with the reason otherwise). */
export const withJsonBody =
  <A>(codec: t.Decoder<unknown, A>, f: (a: A) => AdminAnswer) =>
  (raw: string): AdminAnswer => {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return [400, { error: 'body is not JSON' }];
    }
    const r = codec.decode(json);
    return isLeft(r) ? [400, { error: PathReporter.report(r).join('; ') }] : f(r.right);
  };

/** The answer of `routes` to one request: 404 `no admin endpoint <METHOD> <path>` when none. */
export const answerAdmin = (
  routes: AdminRoutes,
  method: string,
  path: string,
  body: string,
): AdminAnswer =>
  routes[`${method} ${path}`]?.(body) ?? [404, { error: `no admin endpoint ${method} ${path}` }];

/** Writes `answer` as JSON with `contentType` (default `application/json`). */
export const sendJson = (
  res: ServerResponse,
  [status, body]: AdminAnswer,
  contentType = 'application/json',
): void => {
  res.writeHead(status, { 'content-type': contentType });
  res.end(JSON.stringify(body));
};

/**
 * `POST /sim/timings`: `set` changes the durations of transitions started from now on (as
 * `patchTimings` does); 400 when it refuses them (a value not finite or negative), else `ok()`.
 */
export const timingsRoute = (
  set: (patch: VolumeTimingsPatch) => boolean,
  ok: () => AdminAnswer = () => adminOk,
): ((body: string) => AdminAnswer) =>
  withJsonBody(VolumeTimingsPatch, (b) =>
    set(b) ? ok() : [400, { error: 'timings must be finite, non-negative numbers' }],
  );

/** `POST /sim/instances`: adds an instance decoded by `codec`; 409 when `add` says it exists. */
export const instancesRoute = <S>(
  codec: t.Decoder<unknown, S>,
  add: (spec: S) => boolean,
): ((body: string) => AdminAnswer) =>
  withJsonBody(codec, (b) => (add(b) ? adminOk : [409, { error: 'instance exists' }]));

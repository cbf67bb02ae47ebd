/**
 * The fake tools' only link to scaleio-sim: its admin API over HTTP. The URL comes from the
 * `NODE_SIM_SCALEIO_ADMIN_URL` environment variable that node-sim sets (falling back to the
 * node's config). With no scaleio-sim configured, effects on the ScaleIO system are skipped.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { ToolContext } from './context.js';

/** The environment variable carrying scaleio-sim's base URL. */
export const SCALEIO_URL_ENV = 'NODE_SIM_SCALEIO_ADMIN_URL';

const ErrorBody = t.type({ message: t.string });

/** scaleio-sim's base URL (without `/sim/...`), or undefined when none is configured. */
export const adminBase = (ctx: ToolContext): string | undefined =>
  normalizeBase(ctx.env[SCALEIO_URL_ENV] ?? ctx.config.scaleioAdminUrl);

/** scaleio-sim's base URL from a configured one (a trailing `/`, `/sim` or `/sim/admin` is dropped). */
export const normalizeBase = (raw: string | undefined): string | undefined =>
  raw === undefined || raw === ''
    ? undefined
    : raw.replace(/\/+$/, '').replace(/\/sim(\/admin)?$/, '');

/** The result of an admin call: skipped (no scaleio-sim), or the decoded JSON body. */
export type AdminResult = E.Either<string, { skipped: true } | { skipped: false; body: unknown }>;

/** One request to scaleio-sim's admin API at `base` (skipped when `base` is undefined). */
export const adminRequest = async (
  base: string | undefined,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<AdminResult> => {
  if (base === undefined) return E.right({ skipped: true });
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (e) {
    return E.left(
      `cannot reach the MDM (scaleio-sim at ${base}): ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  if (!res.ok) {
    const m = ErrorBody.decode(json);
    return E.left(E.isRight(m) ? m.right.message : `HTTP ${res.status} from ${path}`);
  }
  return E.right({ skipped: false, body: json });
};

/** `POST <base><path>` with a JSON body. */
export const adminPost = (ctx: ToolContext, path: string, body: unknown): Promise<AdminResult> =>
  adminRequest(adminBase(ctx), 'POST', path, body);

/** `GET <base>/sim/state`. */
export const simState = (ctx: ToolContext): Promise<AdminResult> =>
  adminRequest(adminBase(ctx), 'GET', '/sim/state');

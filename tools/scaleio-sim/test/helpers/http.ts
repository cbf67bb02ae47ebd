/** Raw HTTP(S) calls for the simulator tests. */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathPrerequisite } from '@scaleio-framework/testkit';

/** The monorepo root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** The shared fixtures folder (may be absent). */
export const fixturesDir = resolve(repoRoot, '../shared/scaleio-fixtures');
/** The shared fixtures as a test prerequisite (testkit `requirePrereq`). */
export const fixtures = pathPrerequisite(
  fixturesDir,
  'the shared ScaleIO captures live beside the clone',
);

/** A response: status and parsed JSON (or undefined for an empty body). */
export interface Res {
  status: number;
  body: unknown;
  text: string;
}

/** Options of {@link call}. */
export interface CallOpts {
  method?: string;
  body?: unknown;
  /** Basic auth `user:secret`. */
  auth?: string;
  ca?: string;
}

/** One request. */
export const call = (base: string, path: string, o: CallOpts = {}): Promise<Res> =>
  new Promise((resolvePromise, reject) => {
    const url = new URL(path, base);
    const data =
      o.body === undefined
        ? undefined
        : typeof o.body === 'string'
          ? o.body
          : JSON.stringify(o.body);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (data !== undefined) headers['content-type'] = 'application/json';
    if (o.auth !== undefined)
      headers['authorization'] = `Basic ${Buffer.from(o.auth).toString('base64')}`;
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      {
        method: o.method ?? (data === undefined ? 'GET' : 'POST'),
        headers,
        ...(o.ca === undefined ? {} : { ca: o.ca }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolvePromise({
            status: res.statusCode ?? 0,
            text,
            body: text === '' ? undefined : (JSON.parse(text) as unknown),
          });
        });
      },
    );
    req.on('error', reject);
    if (data !== undefined) req.write(data);
    req.end();
  });

/** A logged-in gateway session for tests: `get`, `post` with the token. */
export const session = async (
  base: string,
  user = 'admin',
  password = 'Scaleio123',
  ca?: string,
) => {
  const login = await call(base, '/api/login', {
    auth: `${user}:${password}`,
    ...(ca === undefined ? {} : { ca }),
  });
  if (login.status !== 200 || typeof login.body !== 'string')
    throw new Error(`login failed: ${login.status}`);
  const token = login.body;
  const auth = `${user}:${token}`;
  return {
    token,
    get: (path: string) => call(base, path, { auth, ...(ca === undefined ? {} : { ca }) }),
    post: (path: string, body: unknown = {}) =>
      call(base, path, { auth, body, method: 'POST', ...(ca === undefined ? {} : { ca }) }),
  };
};

/** The `id` of a create response. */
export const idOf = (r: Res): string => {
  const b = r.body as { id?: unknown } | undefined;
  if (r.status !== 200 || typeof b?.id !== 'string')
    throw new Error(`create failed: ${r.status} ${r.text}`);
  return b.id;
};

/** Plain HTTP helpers shared by the master and agent endpoints (node:http, no framework). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';

/** A rejected request: the status code and text body to answer with. */
export interface HttpReject {
  readonly status: number;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Largest request body accepted (bytes). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Reads the whole request body; rejects bodies over {@link MAX_BODY_BYTES}. */
export const readBody = (req: IncomingMessage): Promise<E.Either<HttpReject, Buffer>> =>
  new Promise((resolve) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) parts.push(c);
    });
    req.on('end', () =>
      resolve(
        size > MAX_BODY_BYTES
          ? E.left({ status: 413, message: 'Request body too large' })
          : E.right(Buffer.concat(parts)),
      ),
    );
    req.on('error', (e) =>
      resolve(E.left({ status: 400, message: `Failed to read body: ${e.message}` })),
    );
  });

/** Answers with a status and a plain-text body. */
export const sendText = (res: ServerResponse, r: HttpReject): void => {
  if (res.headersSent) return void res.end();
  res.writeHead(r.status, { 'Content-Type': 'text/plain; charset=utf-8', ...(r.headers ?? {}) });
  res.end(r.message);
};

/** Answers 200 with a JSON body. */
export const sendJson = (res: ServerResponse, body: unknown): void => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

/**
 * The transport checks Mesos applies to `POST /api/v1/*` (§1.1/1.2 of the reference), in order:
 * 405 method, 400 no Content-Type, 415 other Content-Type, 400 unparsable JSON, 400 shape.
 * `observe` sees the parsed JSON before the shape check.
 */
export const decodeCall = async <A>(
  req: IncomingMessage,
  codec: t.Decoder<unknown, A>,
  name: string,
  observe: (json: unknown) => void,
): Promise<E.Either<HttpReject, A>> => {
  if (req.method !== 'POST')
    return E.left({ status: 405, message: 'Expecting POST', headers: { Allow: 'POST' } });
  const ct = req.headers['content-type'];
  if (ct === undefined)
    return E.left({ status: 400, message: "Expecting 'Content-Type' to be present" });
  if (ct !== 'application/json')
    return E.left({
      status: 415,
      message: `Expecting 'Content-Type' of application/json (the simulator speaks JSON only); got '${ct}'`,
    });
  const body = await readBody(req);
  if (E.isLeft(body)) return body;
  let json: unknown;
  try {
    json = JSON.parse(body.right.toString('utf8'));
  } catch (e) {
    return E.left({
      status: 400,
      message: `Failed to parse body into JSON: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
  observe(json);
  const decoded = codec.decode(json);
  if (E.isLeft(decoded))
    return E.left({
      status: 400,
      message: `Failed to convert JSON into ${name} protobuf: ${PathReporter.report(decoded).slice(0, 3).join('; ')}`,
    });
  return E.right(decoded.right);
};

/** Whether an Accept header allows JSON (absent, `*\/*`, `application/*` or `application/json`). */
export const acceptsJson = (accept: string | undefined): boolean =>
  accept === undefined ||
  accept
    .split(',')
    .map((p) => (p.split(';')[0] ?? '').trim().toLowerCase())
    .some((m) => m === '*/*' || m === 'application/*' || m === 'application/json' || m === '');

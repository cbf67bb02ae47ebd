/**
 * HTTP for both clients: requests are values built by pure functions; `sendRequest` and
 * `openStream` are the only functions that do IO (through got). Transport failures come back as
 * {@link MesosError} values, never as exceptions.
 *
 * @module
 */
import got from 'got';
import * as E from 'fp-ts/lib/Either.js';
import type { MesosError } from './errors.js';

/** Exactly what Mesos accepts: nothing after `application/json` (no charset). */
export const JSON_CONTENT_TYPE = 'application/json';

/** A POST request as a value. */
export interface HttpRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Time allowed for the response headers (and, for `sendRequest`, the whole body). */
  readonly timeoutMs: number;
}

/** A complete (non-streaming) response. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** A streaming response; `abort` closes the connection (idempotent). */
export interface StreamResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: AsyncIterable<Uint8Array>;
  readonly abort: () => void;
}

/** The IO port both clients use; tests may pass their own. */
export interface Transport {
  readonly send: (request: HttpRequest) => Promise<E.Either<MesosError, HttpResponse>>;
  readonly open: (request: HttpRequest) => Promise<E.Either<MesosError, StreamResponse>>;
}

/** Build a JSON POST of an already-encoded body. */
export const jsonPost = (
  url: string,
  body: unknown,
  timeoutMs: number,
  extraHeaders: Readonly<Record<string, string>> = {},
): HttpRequest => ({
  url,
  headers: { 'content-type': JSON_CONTENT_TYPE, accept: JSON_CONTENT_TYPE, ...extraHeaders },
  body: JSON.stringify(body),
  timeoutMs,
});

/** Read one header as a single string. */
export const headerValue = (
  headers: Readonly<Record<string, string | string[] | undefined>>,
  name: string,
): string | undefined => {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * Resolve a redirect `Location` (Mesos sends the protocol-relative `//host:port/path`) against
 * the URL that was asked, keeping its scheme.
 */
export const resolveLocation = (
  requestUrl: string,
  location: string,
): E.Either<MesosError, string> => {
  try {
    const resolved = new URL(location, requestUrl);
    if (resolved.protocol !== 'http:' && resolved.protocol !== 'https:') throw new Error('scheme');
    return E.right(resolved.toString());
  } catch {
    return E.left({ _tag: 'BadRedirect', url: requestUrl, location });
  }
};

const toError = (url: string, timeoutMs: number, error: unknown): MesosError => {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ETIMEDOUT') return { _tag: 'Timeout', url, afterMs: timeoutMs };
  const message = error instanceof Error ? error.message : String(error);
  return {
    _tag: 'NetworkError',
    url,
    message: typeof code === 'string' ? `${code}: ${message}` : message,
  };
};

const baseOptions = (request: HttpRequest) =>
  ({
    headers: { ...request.headers },
    body: request.body,
    throwHttpErrors: false,
    followRedirect: false,
    retry: { limit: 0 },
    decompress: false,
  }) as const;

/** POST and read the whole answer. */
export const sendRequest = async (
  request: HttpRequest,
): Promise<E.Either<MesosError, HttpResponse>> => {
  try {
    const res = await got.post(request.url, {
      ...baseOptions(request),
      timeout: { request: request.timeoutMs },
    });
    return E.right({ status: res.statusCode, headers: res.headers, body: res.body });
  } catch (error) {
    return E.left(toError(request.url, request.timeoutMs, error));
  }
};

/** POST and hand back the body as a byte stream once the headers are in. */
export const openStream = (request: HttpRequest): Promise<E.Either<MesosError, StreamResponse>> =>
  new Promise((resolve) => {
    let stream: ReturnType<typeof got.stream.post>;
    try {
      stream = got.stream.post(request.url, {
        ...baseOptions(request),
        timeout: { connect: request.timeoutMs, response: request.timeoutMs },
      });
    } catch (error) {
      resolve(E.left(toError(request.url, request.timeoutMs, error)));
      return;
    }
    const onError = (error: unknown): void =>
      resolve(E.left(toError(request.url, request.timeoutMs, error)));
    stream.once('error', onError);
    stream.once(
      'response',
      (res: { statusCode: number; headers: Record<string, string | string[] | undefined> }) => {
        stream.off('error', onError);
        // Later errors surface through the async iterator; keep one listener so none is unhandled.
        stream.on('error', () => undefined);
        resolve(
          E.right({
            status: res.statusCode,
            headers: res.headers,
            body: stream,
            abort: () => {
              if (!stream.destroyed) stream.destroy();
            },
          }),
        );
      },
    );
  });

/** The got-backed transport. */
export const gotTransport: Transport = { send: sendRequest, open: openStream };

/** Collect a stream's bytes as text (used for error bodies of non-200 stream answers). */
export const readText = async (body: AsyncIterable<Uint8Array>, limit = 4096): Promise<string> => {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      parts.push(Buffer.from(chunk));
      size += chunk.length;
      if (size >= limit) break;
    }
  } catch {
    // The text is only informative; a broken body yields what was read.
  }
  return Buffer.concat(parts).toString('utf8');
};

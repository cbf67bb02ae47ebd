/**
 * Request bodies: read, parse as JSON and decode with io-ts. The gateway accepts numbers and
 * booleans as strings ("8", "TRUE"), so the codecs here accept both.
 */
import type { IncomingMessage } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { badRequest, missingParams, type SimError } from '../errors.js';

/** Reads the whole body as text. */
export const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** A number sent as a JSON number or a numeric string. */
export const NumLike = new t.Type<number, number, unknown>(
  'NumLike',
  (u): u is number => typeof u === 'number',
  (u, c) => {
    if (typeof u === 'number' && Number.isFinite(u)) return t.success(u);
    if (typeof u === 'string' && /^-?\d+(\.\d+)?$/.test(u.trim())) return t.success(Number(u));
    return t.failure(u, c, 'expected a number or a numeric string');
  },
  (n) => n,
);

/** A boolean sent as true/false or "TRUE"/"true"/"FALSE"/"false". */
export const BoolLike = new t.Type<boolean, boolean, unknown>(
  'BoolLike',
  (u): u is boolean => typeof u === 'boolean',
  (u, c) => {
    if (typeof u === 'boolean') return t.success(u);
    if (typeof u === 'string' && /^(true|false)$/i.test(u))
      return t.success(u.toLowerCase() === 'true');
    return t.failure(u, c, 'expected a boolean or "TRUE"/"FALSE"');
  },
  (b) => b,
);

/** Parses a body as JSON; an empty body is `{}`. */
export const parseJson = (text: string): E.Either<SimError, unknown> => {
  if (text.trim() === '') return E.right({});
  try {
    return E.right(JSON.parse(text) as unknown);
  } catch (_e) {
    return E.left(badRequest('Request message is not valid: the body is not valid JSON.'));
  }
};

/**
 * Decodes a parsed body: first the gateway's "must be part of the request body" check for
 * `required` keys, then the codec.
 */
export const decodeBody = <A>(
  codec: t.Decoder<unknown, A>,
  body: unknown,
  required: readonly string[] = [],
): E.Either<SimError, A> => {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return E.left(badRequest('Request message is not valid: the body must be a JSON object.'));
  const missing = required.filter(
    (k) => !(k in body) || (body as Record<string, unknown>)[k] === null,
  );
  if (missing.length > 0) return E.left(missingParams(missing));
  const r = codec.decode(body);
  return E.isRight(r)
    ? r
    : E.left(badRequest(`Request message is not valid: ${PathReporter.report(r).join('; ')}`));
};

/**
 * The loopback server's request and answer plumbing: bodies read whole, JSON answers, and a tool
 * call's body in any of the wrappers' formats.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import { BASH_CALL_TYPE, toolRequestFromCall } from './tools/bash-wrapper.js';
import { toolRequestFromForm } from './tools/main.js';

/** The whole request body. */
export const readBytes = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
/** The whole request body as UTF-8 text. */
export const readBody = (req: IncomingMessage): Promise<string> =>
  readBytes(req).then((b) => b.toString('utf8'));

/** A tool call's body in any of the wrappers' formats, decoded to the JSON shape. */
export const toolCallBody = (type: string, body: Buffer): E.Either<string, unknown> => {
  if (type.startsWith(BASH_CALL_TYPE)) return toolRequestFromCall(body);
  const text = body.toString('utf8');
  if (type.startsWith('application/x-www-form-urlencoded'))
    return E.right(toolRequestFromForm(text));
  try {
    return E.right(JSON.parse(text) as unknown);
  } catch {
    return E.left('the body is not JSON');
  }
};

/** Answers with `body` as JSON. */
export const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
};

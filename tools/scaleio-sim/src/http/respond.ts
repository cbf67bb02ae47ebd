import type { ServerResponse } from 'node:http';
import { errorBody, type SimError } from '../errors.js';

/** Sends a JSON body. */
export const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json;charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
};

/** Sends 200 with an empty body (what the gateway answers to actions). */
export const sendEmpty = (res: ServerResponse): void => {
  res.writeHead(200, { 'content-length': 0 });
  res.end();
};

/** Sends the gateway's error JSON. */
export const sendError = (res: ServerResponse, e: SimError): void =>
  sendJson(res, e.httpStatus, errorBody(e));

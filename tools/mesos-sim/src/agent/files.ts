/**
 * The agent's `/files/read` endpoint over executor sandboxes, as Mesos 1.x serves it:
 * - each executor's latest run is attached at the virtual path
 *   `/frameworks/<framework id>/executors/<executor id>/runs/latest` (src/slave/slave.cpp
 *   `Executor` attach: "we deprecated (1) and (2) by exposing a virtual path (3)") and stays
 *   readable after the executor ended;
 * - `GET /files/read?path=<p>&offset=<n>&length=<n>` answers `{"data": "...", "offset": n}`; no
 *   `offset` (or `-1`) answers the file's size as `offset` with no data; reads stop at the end and
 *   at 16 pages (src/files/files.cpp `FilesProcess::__read`, `_read`); 400 `Expecting 'path=value'
 *   in query.`, 400 for a bad offset or length or a directory, 404 for an unknown path.
 * Authentication of the endpoint (`--authenticate_http_readonly`, off by default) is not modelled.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, normalize } from 'node:path';

/** 16 pages of 4 KiB, the longest read `_read` returns. */
const MAX_READ = 16 * 4096;

const latest = new WeakMap<object, Map<string, string>>();

const virtualRoot = (frameworkId: string, executorId: string): string =>
  `/frameworks/${frameworkId}/executors/${executorId}/runs/latest`;

/** Attaches an executor run's sandbox at its `runs/latest` virtual path on `agent`. */
export const attachSandbox = (
  agent: object,
  run: { readonly frameworkId: string; readonly executorId: string; readonly sandbox: string },
): void => {
  const m = latest.get(agent) ?? new Map<string, string>();
  latest.set(agent, m);
  m.set(virtualRoot(run.frameworkId, run.executorId), run.sandbox);
};

/** The real path of a virtual one, if it lies inside an attached sandbox. */
const resolve = (agent: object, path: string): string | undefined => {
  const p = normalize(path);
  for (const [root, dir] of latest.get(agent) ?? []) {
    if (p === root) return dir;
    if (p.startsWith(`${root}/`)) return join(dir, p.slice(root.length + 1));
  }
  return undefined;
};

const reply = (res: ServerResponse, status: number, body: string, type = 'text/plain'): void => {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

/** Answers `GET /files/read` for `agent`. */
export const handleFilesRead = (agent: object, req: IncomingMessage, res: ServerResponse): void => {
  const q = new URL(req.url ?? '/', 'http://agent').searchParams;
  const path = q.get('path');
  if (path === null) return reply(res, 400, "Expecting 'path=value' in query.\n");
  const number = (name: string): number | string | undefined => {
    const v = q.get(name);
    if (v === null) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n))
      return `Failed to parse ${name}: Failed to convert '${v}' to number.\n`;
    if (n < 0 && n !== -1) return `Negative ${name} provided: ${n}.\n`;
    return n;
  };
  const offset = number('offset') ?? -1;
  const length = number('length');
  if (typeof offset === 'string') return reply(res, 400, offset);
  if (typeof length === 'string') return reply(res, 400, length);
  const real = resolve(agent, path);
  let size: number;
  try {
    const st = statSync(real ?? '');
    if (st.isDirectory()) return reply(res, 400, 'Cannot read a directory.\n');
    size = st.size;
  } catch {
    return reply(res, 404, '');
  }
  const answer = (data: string, at: number) =>
    reply(res, 200, JSON.stringify({ data, offset: at }), 'application/json');
  if (offset === -1 || offset >= size || length === 0)
    return answer('', offset === -1 ? size : offset);
  const want = Math.min(length === undefined || length === -1 ? size - offset : length, MAX_READ);
  const buf = Buffer.alloc(Math.min(want, size - offset));
  const fd = openSync(real ?? '', 'r');
  try {
    readSync(fd, buf, 0, buf.length, offset);
  } finally {
    closeSync(fd);
  }
  return answer(buf.toString('utf8'), offset);
};

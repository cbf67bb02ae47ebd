/**
 * The package repository on loopback: `GET <repoUrl>/index.json`, `GET <repoUrl>/<file>`,
 * `GET <repoUrl>/<file>.sha256` and `GET <repoUrl>/SHA256SUMS` (every file's digest as `sha256sum`
 * prints it, the form Linux distributions publish theirs in), with injectable faults (404s,
 * corrupted bytes) per file. The published digests are those of the true files: a `corrupt`
 * fault serves other bytes under the same name, as a tampered mirror would.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RepoFile } from './catalog.js';

/** A repository fault: answer 404, or serve bytes that do not match the published sha256. */
export interface RepoFault {
  readonly kind: 'notFound' | 'corrupt';
  /** How many more requests it applies to; `null` until cleared. */
  remaining: number | null;
}

/** One request the repository answered. */
export interface RepoRequest {
  readonly path: string;
  readonly status: number;
  readonly fault: RepoFault['kind'] | null;
}

/** The repository's state: its files, faults by file name, and the requests it answered. */
export interface Repo {
  readonly files: ReadonlyMap<string, RepoFile>;
  readonly faults: Map<string, RepoFault>;
  readonly requests: RepoRequest[];
}

/** Builds the repository state from a catalog. */
export const createRepo = (catalog: readonly RepoFile[]): Repo => ({
  files: new Map(catalog.map((f) => [f.file, f])),
  faults: new Map(),
  requests: [],
});

const takeFault = (repo: Repo, file: string): RepoFault['kind'] | null => {
  const f = repo.faults.get(file);
  if (f === undefined) return null;
  if (f.remaining !== null) {
    f.remaining -= 1;
    if (f.remaining <= 0) repo.faults.delete(file);
  }
  return f.kind;
};

/** Every file's digest in `sha256sum` output form (`<sha256>  <file>`), sorted by name. */
export const sha256Sums = (repo: Repo): string =>
  [...repo.files.values()]
    .map((f) => `${f.sha256}  ${f.file}\n`)
    .sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : 1))
    .join('');

/** Handles one request whose path (after the repo prefix) is `path`. */
export const handleRepo = (
  repo: Repo,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): void => {
  const send = (
    status: number,
    type: string,
    body: Buffer | string,
    fault: RepoFault['kind'] | null = null,
  ): void => {
    repo.requests.push({ path, status, fault });
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return send(405, 'text/plain', 'method not allowed\n');
  const name = decodeURIComponent(path.replace(/^\/+/, ''));
  if (name === 'index.json') {
    const index = [...repo.files.values()].map((f) => ({
      file: f.file,
      sha256: f.sha256,
      size: f.bytes.length,
      ...(f.pkg === undefined
        ? {}
        : {
            name: f.pkg.name,
            version: f.pkg.version,
            ...(f.pkg.release === undefined ? {} : { release: f.pkg.release }),
            format: f.pkg.format,
            component: f.pkg.component,
          }),
    }));
    return send(200, 'application/json', JSON.stringify(index, null, 2) + '\n');
  }
  if (name === 'SHA256SUMS') return send(200, 'text/plain', sha256Sums(repo));
  const shaOf = name.endsWith('.sha256')
    ? repo.files.get(name.slice(0, -'.sha256'.length))
    : undefined;
  if (shaOf !== undefined) return send(200, 'text/plain', `${shaOf.sha256}  ${shaOf.file}\n`);
  const file = repo.files.get(name);
  if (file === undefined) return send(404, 'text/plain', `404 Not Found: ${name}\n`);
  const fault = takeFault(repo, name);
  if (fault === 'notFound') return send(404, 'text/plain', `404 Not Found: ${name}\n`, fault);
  if (fault === 'corrupt') {
    const bad = Buffer.from(file.bytes);
    bad[0] = (bad[0] ?? 0) ^ 0xff;
    return send(200, 'application/octet-stream', bad, fault);
  }
  return send(200, 'application/octet-stream', file.bytes);
};

/**
 * Downloads with retries and an optional sha256 check, independent of where the bytes come from
 * and where they go (the local host supplies fetch, sleep and an atomic write). An https URL with
 * a configured CA bundle is fetched with `node:https` trusting that bundle only.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { get } from 'node:https';
import { fileURLToPath } from 'node:url';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { HostError } from './errors.js';
import type { DownloadRequest, DownloadResult, HostLogger } from './host.js';

/** What {@link downloadWithRetries} needs from its host. */
export interface DownloadDeps {
  /**
   * The bytes at a URL, or why not (`HTTP 404 Not Found`, a network error); `ca`: the PEM bundle
   * an https server's certificate must chain to.
   */
  readonly fetchBytes: (url: string, ca?: string) => Promise<Either<string, Uint8Array>>;
  readonly write: (
    path: string,
    data: Uint8Array,
    mode: number,
  ) => Promise<Either<HostError, void>>;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: HostLogger;
  /** Redacts secrets from text. */
  readonly clean: (s: string) => string;
  readonly attempts: number;
  readonly retryDelayMs: number;
}

/**
 * GET over https trusting only the PEM bundle `ca` (Node's global `fetch` takes no CA), following
 * up to 5 redirects with the same trust.
 */
export const httpsGetWithCa = (
  url: string,
  ca: string,
  timeoutMs: number,
  redirects = 5,
): Promise<Either<string, Uint8Array>> =>
  new Promise((resolve) => {
    const req = get(url, { ca, timeout: timeoutMs }, (res) => {
      const status = res.statusCode ?? 0;
      const next = res.headers.location;
      if (status >= 300 && status < 400 && next !== undefined) {
        res.resume();
        if (redirects <= 0) return resolve(left(`too many redirects at ${url}`));
        const target = new URL(next, url).toString();
        if (!target.startsWith('https:'))
          return resolve(left(`redirected from https to ${target}: refused`));
        return void httpsGetWithCa(target, ca, timeoutMs, redirects - 1).then(resolve);
      }
      if (status < 200 || status >= 300) {
        res.resume();
        return resolve(left(`HTTP ${status} ${res.statusMessage ?? ''}`.trim()));
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(right(new Uint8Array(Buffer.concat(chunks)))));
      res.on('error', (e) => resolve(left(e.message)));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => resolve(left(e.message)));
  });

/**
 * Fetches http(s) URLs with `fetch` (with a timeout), https URLs with a configured CA with
 * {@link httpsGetWithCa}, and `file:` URLs from disk.
 */
export const fetchBytesWith =
  (doFetch: typeof fetch, timeoutMs: number) =>
  async (url: string, ca?: string): Promise<Either<string, Uint8Array>> => {
    try {
      if (url.startsWith('file:')) return right(new Uint8Array(await readFile(fileURLToPath(url))));
      if (ca !== undefined && url.startsWith('https:')) return httpsGetWithCa(url, ca, timeoutMs);
      const res = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) return left(`HTTP ${res.status} ${res.statusText}`.trim());
      return right(new Uint8Array(await res.arrayBuffer()));
    } catch (e) {
      // fetch's own message is "fetch failed"; the reason (a refused certificate, a refused
      // connection) is its cause.
      const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
      return left(`${e instanceof Error ? e.message : String(e)}${cause}`);
    }
  };

/**
 * Tries up to `req.attempts` (else `deps.attempts`) times, sleeping `retryDelayMs × n` before
 * retry n. A wrong checksum is retried too and, if it persists, is a `ChecksumMismatch`; nothing is
 * written unless the bytes are right.
 */
export const downloadWithRetries = async (
  deps: DownloadDeps,
  req: DownloadRequest,
): Promise<Either<HostError, DownloadResult>> => {
  const attempts = Math.max(1, req.attempts ?? deps.attempts);
  const expected = req.sha256?.toLowerCase();
  let lastError: HostError = {
    _tag: 'DownloadFailed',
    url: req.url,
    attempts: 0,
    message: 'not attempted',
  };
  const note = (attempt: number, ok: boolean, message: string): void =>
    deps.log({ kind: 'download', url: req.url, path: req.dest, attempts: attempt, ok, message });
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await deps.sleep(deps.retryDelayMs * (attempt - 1));
    const got = await deps.fetchBytes(req.url, req.ca);
    if (got._tag === 'Left') {
      const why = deps.clean(got.left);
      lastError = {
        _tag: 'DownloadFailed',
        url: req.url,
        attempts: attempt,
        message: `download ${req.url} failed after ${attempt} attempt(s): ${why}`,
      };
      note(attempt, false, why);
      continue;
    }
    const sha256 = createHash('sha256').update(got.right).digest('hex');
    if (expected !== undefined && expected !== sha256) {
      lastError = {
        _tag: 'ChecksumMismatch',
        url: req.url,
        expected,
        actual: sha256,
        message: `download ${req.url}: sha256 ${sha256} does not match the expected ${expected}`,
      };
      note(attempt, false, 'checksum mismatch');
      continue;
    }
    const w = await deps.write(req.dest, got.right, req.mode ?? 0o644);
    if (w._tag === 'Left') return w;
    note(attempt, true, `${got.right.byteLength} bytes`);
    return right({ path: req.dest, bytes: got.right.byteLength, sha256, attempts: attempt });
  }
  return left(lastError);
};

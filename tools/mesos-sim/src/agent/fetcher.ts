/**
 * The Mesos fetcher: `CommandInfo.uris` into the sandbox (http(s), file:// and local paths), as
 * Mesos 1.x's `mesos-fetcher` does it (src/launcher/fetcher.cpp, docs/fetcher.md):
 * - a URI lands under its basename or `output_file`; `executable: true` chmods it and skips
 *   extraction; `extract` (default true) unpacks `.tar`, `.tgz`, `.tar.gz`, `.tbz2`, `.tar.bz2`,
 *   `.txz`, `.tar.xz` and `.zip` into the sandbox and gunzips a bare `.gz` (`extract()`); any
 *   other file is copied as it is;
 * - `cache: true` goes through the agent's fetcher cache, keyed by user and URI
 *   (`cacheKey`): the first fetch downloads into the cache, later ones copy from there. An
 *   archive unpacked from the cache leaves only its contents in the sandbox, not the archive
 *   ("In case a cache file is unpacked, only the extraction result will be found in the
 *   sandbox", docs/fetcher.md; `fetchFromCache`). A URI whose size cannot be learnt first (an
 *   http(s) HEAD without a positive Content-Length, `fetchSize`: "URI reported content-length 0")
 *   bypasses the cache. The agent empties its cache when it starts (`Fetcher::Fetcher` removes
 *   `--fetcher_cache_dir`). Cache size and eviction (`--fetcher_cache_size`, default 2 GB) are not
 *   modelled.
 * - A failure is the URI's error message (the launch fails with it).
 */
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Uri } from '../wire/common.js';

const ARCHIVE = /\.(tar|tgz|tar\.gz|tbz2|tar\.bz2|txz|tar\.xz)$/;

/** One agent's fetcher cache: cache files by user and URI (`cacheKey`: `user@uri` or the URI). */
export interface FetchCache {
  readonly dir: string;
  readonly files: Map<string, string>;
  serial: number;
}

const caches = new WeakMap<object, FetchCache>();

/** The fetcher cache of `owner` (an agent), in `dir`. */
export const fetchCacheOf = (owner: object, dir: string): FetchCache => {
  const known = caches.get(owner);
  if (known !== undefined) return known;
  const c: FetchCache = { dir, files: new Map(), serial: 0 };
  caches.set(owner, c);
  return c;
};

/** An agent's own cache, `<work dir>/fetch/<agent id>` (`--fetcher_cache_dir`: one per agent). */
export const agentFetchCache = (a: {
  readonly ctx: { readonly workDir: string };
  readonly id: string;
}): FetchCache => fetchCacheOf(a, join(a.ctx.workDir, 'fetch', a.id));

/** The agent (re)started: its cache is empty again (`Fetcher::Fetcher` removes the directory). */
export const clearFetchCache = (owner: object): void => void caches.delete(owner);

const run = (cmd: string, args: string[], cwd: string): Promise<string | undefined> =>
  new Promise((resolve) =>
    execFile(cmd, args, { cwd }, (e, _o, stderr) =>
      resolve(e === null ? undefined : `'${cmd}' failed: ${stderr || e.message}`),
    ),
  );

/** Unpacks `source` into `dir` as `extract()` does; `false` when it is no archive. */
const extract = async (source: string, dir: string): Promise<string | undefined | false> => {
  if (ARCHIVE.test(source)) {
    const e = await run('tar', ['-xf', source, '-C', dir], dir);
    return e === undefined ? undefined : `Failed to extract archive '${source}' to '${dir}': ${e}`;
  }
  if (source.endsWith('.zip')) {
    const e = await run('unzip', ['-o', '-q', source, '-d', dir], dir);
    return e === undefined ? undefined : `Failed to extract archive '${source}' to '${dir}': ${e}`;
  }
  if (source.endsWith('.gz')) {
    const target = join(dir, basename(source.slice(0, -3)));
    return new Promise((resolve) =>
      execFile('gunzip', ['-d', '-c', source], { encoding: 'buffer' }, (e, out) => {
        if (e !== null) return resolve(`Failed to extract '${source}': ${e.message}`);
        writeFile(target, out).then(
          () => resolve(undefined),
          (w: Error) => resolve(w.message),
        );
      }),
    );
  }
  return false;
};

/** Downloads or copies `uri` to `target`. */
const download = async (uri: string, target: string): Promise<string | undefined> => {
  try {
    if (/^https?:\/\//.test(uri)) {
      const res = await fetch(uri, { signal: AbortSignal.timeout(60_000) });
      if (!res.ok)
        return `Error downloading resource, received HTTP return code ${res.status} for '${uri}'`;
      await writeFile(target, Buffer.from(await res.arrayBuffer()));
    } else if (uri.startsWith('file://') || isAbsolute(uri)) {
      await copyFile(uri.startsWith('file://') ? fileURLToPath(uri) : uri, target);
    } else {
      return `Unsupported URI scheme in '${uri}'`;
    }
  } catch (e) {
    return `Failed to fetch '${uri}': ${e instanceof Error ? e.message : String(e)}`;
  }
  return undefined;
};

/** Whether the size of `uri` is known up front (`fetchSize`), which the cache requires. */
const sizeKnown = async (uri: string): Promise<boolean> => {
  if (!/^https?:\/\//.test(uri)) return uri.startsWith('file://') || isAbsolute(uri);
  try {
    const res = await fetch(uri, { method: 'HEAD', signal: AbortSignal.timeout(10_000) });
    return res.ok && Number(res.headers.get('content-length') ?? '0') > 0;
  } catch {
    return false;
  }
};

/** The cache file of `uri` for `user`, downloaded on first use; undefined: bypass the cache. */
const cached = async (
  cache: FetchCache,
  uri: Uri,
  user: string | undefined,
  name: string,
): Promise<{ path: string } | { error: string } | undefined> => {
  const key = user === undefined ? uri.value : `${user}@${uri.value}`;
  const known = cache.files.get(key);
  if (known !== undefined) return { path: known };
  if (!(await sizeKnown(uri.value))) return undefined;
  await mkdir(cache.dir, { recursive: true });
  const path = join(cache.dir, `c${++cache.serial}-${basename(name)}`);
  const error = await download(uri.value, path);
  if (error !== undefined) return { error };
  cache.files.set(key, path);
  return { path };
};

const fetchOne = async (
  uri: Uri,
  sandbox: string,
  cache: FetchCache | undefined,
  user: string | undefined,
): Promise<string | undefined> => {
  const name = uri.output_file ?? basename(new URL(uri.value, 'file:///').pathname);
  if (name === '' || isAbsolute(name) || name.split('/').includes('..'))
    return `Invalid output file for '${uri.value}'`;
  const target = join(sandbox, name);
  await mkdir(dirname(target), { recursive: true });
  const fromCache =
    uri.cache === true && cache !== undefined ? await cached(cache, uri, user, name) : undefined;
  if (fromCache !== undefined && 'error' in fromCache) return fromCache.error;
  if (fromCache !== undefined && uri.executable !== true && uri.extract !== false) {
    const unpacked = await extract(fromCache.path, sandbox);
    if (unpacked !== false) return unpacked;
  }
  const error =
    fromCache !== undefined
      ? await copyFile(fromCache.path, target).then(
          () => undefined,
          (e: Error) => e.message,
        )
      : await download(uri.value, target);
  if (error !== undefined) return error;
  if (uri.executable === true) {
    await chmod(target, 0o755);
    return undefined;
  }
  if (fromCache === undefined && uri.extract !== false) {
    const unpacked = await extract(target, sandbox);
    if (unpacked !== false) return unpacked;
  }
  return undefined;
};

/**
 * Fetches every URI in order (one `mesos-fetcher` run per launch); returns the first failure's
 * message, or undefined when all succeeded. `cache` is the agent's fetcher cache and `user` the
 * command's (or framework's) user, the other half of a cache key.
 */
export const fetchUris = async (
  uris: readonly Uri[],
  sandbox: string,
  cache?: FetchCache,
  user?: string,
): Promise<string | undefined> => {
  for (const uri of uris) {
    const error = await fetchOne(uri, sandbox, cache, user);
    if (error !== undefined) return error;
  }
  return undefined;
};

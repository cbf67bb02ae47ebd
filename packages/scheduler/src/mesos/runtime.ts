/**
 * The Node.js runtime the executor runs on an agent. A bare agent has no Node.js, and the official
 * Linux builds of Node 18 and later need glibc 2.28 (nodejs/node#42659), newer than CentOS/RHEL 7
 * (2.17) and Ubuntu 14.04 (2.19); unofficial-builds.nodejs.org publishes `linux-x64-glibc-217`
 * builds that run there (nodejs/unofficial-builds#69; v18.16.1 and later, nodejs/unofficial-builds
 * #113; Node 22 as `v22.11.0/node-v22.11.0-linux-x64-glibc-217.tar.xz`, Schniz/fnm#1331).
 *
 * The operator names the archive (URL or local path) and its sha256; at start the scheduler
 * fetches it once into a content-addressed cache file, checks the sha256, and then serves exactly
 * those bytes to the Mesos fetcher at a path that contains the sha256 — a fresh URI whenever the
 * content changes, which is what makes the fetcher cache safe (docs/fetcher.md: "The framework
 * should start using a fresh unique URI whenever the resource's content has changed").
 */
import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';

/** The oldest Node.js the executor bundle runs on (its esbuild target `node20`, the engines field). */
export const EXECUTOR_NODE_MIN: readonly [number, number, number] = [20, 19, 0];

/** What a runtime archive's name says: Node's own naming, `node-v<version>-linux-x64[-glibc-217]`. */
export interface RuntimeName {
  /** The archive's file name, e.g. `node-v22.11.0-linux-x64-glibc-217.tar.gz`. */
  readonly file: string;
  /** Its top directory (the name without `.tar.gz`/`.tar.xz`), holding `bin/node`. */
  readonly dir: string;
  readonly version: string;
  /** `glibc-217`: runs on glibc 2.17 and later; `official`: needs glibc 2.28 (Node 18+). */
  readonly build: 'glibc-217' | 'official';
}

/** A runtime fetched and checked, ready to serve. */
export interface PreparedRuntime extends RuntimeName {
  /** The verified archive on the scheduler's disk. */
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

/** Why a runtime could not be prepared. */
export type RuntimeError =
  | { readonly _tag: 'RuntimeName'; readonly message: string }
  | { readonly _tag: 'RuntimeFetch'; readonly message: string }
  | { readonly _tag: 'RuntimeChecksum'; readonly message: string };

const NAME = /^(node-v([0-9]+)\.([0-9]+)\.([0-9]+)-linux-x64(-glibc-217)?)\.tar\.(gz|xz)$/;

const fileOf = (url: string): string => {
  try {
    return basename(new URL(url).pathname);
  } catch {
    return basename(url);
  }
};

/**
 * Reads Node's archive naming from a URL or path: `node-v<x.y.z>-linux-x64[-glibc-217].tar.gz` or
 * `.tar.xz` (the names nodejs.org/dist and unofficial-builds.nodejs.org publish; the archive's top
 * directory is that name without the extension). Only x86-64: ScaleIO 2.x ships x86_64 packages
 * only. The version must be one the executor bundle runs on.
 */
export const runtimeNameOf = (url: string): E.Either<string, RuntimeName> => {
  const file = fileOf(url);
  const m = NAME.exec(file);
  if (m === null)
    return E.left(
      `'${file}' is not a Node.js Linux x64 archive: expected node-v<version>-linux-x64-glibc-217.tar.gz (or .tar.xz, or an official node-v<version>-linux-x64 build) as unofficial-builds.nodejs.org and nodejs.org name them`,
    );
  const v = [Number(m[2]), Number(m[3]), Number(m[4])];
  const older = v.findIndex((x, i) => x !== EXECUTOR_NODE_MIN[i]);
  if (older >= 0 && (v[older] ?? 0) < (EXECUTOR_NODE_MIN[older] ?? 0))
    return E.left(
      `Node.js ${v.join('.')} is older than ${EXECUTOR_NODE_MIN.join('.')}, the oldest the executor runs on`,
    );
  return E.right({
    file,
    dir: m[1] ?? '',
    version: v.join('.'),
    build: m[5] === undefined ? 'official' : 'glibc-217',
  });
};

/**
 * What is wrong with a runtime source given in the configuration (an http(s) or file:// URL or an
 * absolute path whose file name is Node's archive naming), or undefined.
 */
export const runtimeSourceProblem = (source: string): string | undefined => {
  if (!/^(https?|file):\/\//.test(source) && !isAbsolute(source))
    return 'expected an http(s) or file:// URL or an absolute path';
  const name = runtimeNameOf(source);
  return name._tag === 'Left' ? name.left : undefined;
};

/**
 * What an operator should hear about a runtime that is accepted: an official build needs glibc
 * 2.28, so its executor cannot start on CentOS/RHEL 7 or Ubuntu 14.04 agents (nodejs/node#42659);
 * Node 20 reached its end of life on 2026-04-30 (nodejs.org release schedule).
 */
export const runtimeWarnings = (r: RuntimeName): string[] => [
  ...(r.build === 'official'
    ? [
        `${r.file} is an official Node.js build: it needs glibc 2.28, so the executor cannot start on CentOS/RHEL 7 or Ubuntu 14.04 agents (use its linux-x64-glibc-217 build)`,
      ]
    : []),
  ...(r.version.startsWith('20.')
    ? [`${r.file}: Node.js 20 reached its end of life on 2026-04-30; use Node.js 22 or later`]
    : []),
];

/** The path the scheduler serves a prepared runtime at (content-addressed: a new sha256, a new URI). */
export const runtimePathOf = (r: Pick<PreparedRuntime, 'sha256' | 'file'>): string =>
  `/executor/runtime/${r.sha256}/${r.file}`;

const fetchError = (message: string): RuntimeError => ({ _tag: 'RuntimeFetch', message });

/** The bytes of `url` (http(s), file:// or an absolute path) as a stream. */
const open = async (url: string): Promise<E.Either<RuntimeError, Readable>> => {
  if (/^https?:\/\//.test(url)) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(600_000) });
      if (!res.ok || res.body === null)
        return E.left(fetchError(`GET ${url} answered HTTP ${res.status}`));
      return E.right(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>));
    } catch (e) {
      return E.left(fetchError(`GET ${url} failed: ${e instanceof Error ? e.message : String(e)}`));
    }
  }
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (!isAbsolute(path))
    return E.left(fetchError(`${url} is neither an http(s) or file:// URL nor an absolute path`));
  if (!existsSync(path)) return E.left(fetchError(`${path} does not exist`));
  return E.right(createReadStream(path));
};

/** Copies `from` to `to`, returning the sha256 and size of what was copied. */
const copyHashing = async (
  from: Readable,
  to: string,
): Promise<{ sha256: string; size: number }> => {
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(from, tap, createWriteStream(to));
  return { sha256: hash.digest('hex'), size };
};

/**
 * Fetches the runtime archive at `url` into `cacheDir` (kept there under its sha256, so a restart
 * re-reads it instead of downloading) and checks it against `sha256`. A mismatch keeps nothing.
 */
export async function prepareRuntime(opts: {
  readonly url: string;
  readonly sha256: string;
  readonly cacheDir: string;
}): Promise<E.Either<RuntimeError, PreparedRuntime>> {
  const name = runtimeNameOf(opts.url);
  if (E.isLeft(name)) return E.left({ _tag: 'RuntimeName', message: name.left });
  const want = opts.sha256.toLowerCase();
  const target = join(opts.cacheDir, `${want}-${name.right.file}`);
  const ready = (size: number) => E.right({ ...name.right, path: target, sha256: want, size });
  try {
    mkdirSync(opts.cacheDir, { recursive: true });
    if (existsSync(target)) {
      const again = await copyHashing(createReadStream(target), '/dev/null');
      if (again.sha256 === want) return ready(again.size);
      rmSync(target, { force: true });
    }
    const source = await open(opts.url);
    if (E.isLeft(source)) return source;
    const part = `${target}.part`;
    const got = await copyHashing(source.right, part);
    if (got.sha256 !== want) {
      rmSync(part, { force: true });
      return E.left({
        _tag: 'RuntimeChecksum',
        message: `${name.right.file} has sha256 ${got.sha256}, not the configured ${want}`,
      });
    }
    renameSync(part, target);
    return ready(got.size);
  } catch (e) {
    return E.left(fetchError(`${opts.url}: ${e instanceof Error ? e.message : String(e)}`));
  }
}

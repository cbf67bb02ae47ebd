/**
 * Temporary directories that are always removed: by `remove()`, at the end of `withTempDir`, or
 * at the latest when the test process exits.
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A directory made by {@link makeTempDir}. */
export interface TempDir {
  /** Its absolute path. */
  readonly path: string;
  /** A path inside it. */
  readonly join: (...parts: string[]) => string;
  /** Removes it with everything in it (idempotent). */
  readonly remove: () => void;
}

const live = new Set<string>();
let hooked = false;
const removeAll = (): void => {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
};

/** Creates a fresh directory `<os tmpdir>/<prefix>XXXXXX`; it is removed when the process exits at the latest. */
export const makeTempDir = (prefix: string): TempDir => {
  const path = mkdtempSync(join(tmpdir(), prefix));
  live.add(path);
  if (!hooked) {
    hooked = true;
    process.once('exit', removeAll);
  }
  return {
    path,
    join: (...parts) => join(path, ...parts),
    remove: () => {
      live.delete(path);
      rmSync(path, { recursive: true, force: true });
    },
  };
};

/** Runs `fn` with a fresh directory's path and removes the directory afterwards, however `fn` ends. */
export const withTempDir = <A>(prefix: string, fn: (dir: string) => Promise<A> | A): Promise<A> => {
  const dir = makeTempDir(prefix);
  return Promise.resolve(dir.path).then(fn).finally(dir.remove);
};

/** {@link withTempDir} for synchronous work. */
export const withTempDirSync = <A>(prefix: string, fn: (dir: string) => A): A => {
  const dir = makeTempDir(prefix);
  try {
    return fn(dir.path);
  } finally {
    dir.remove();
  }
};

/**
 * The default state store: one JSON file, rewritten atomically (temporary file, fsync, rename,
 * fsync of the directory) under an exclusive lock file (`<path>.lock`).
 */
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as t from 'io-ts';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { stateError, type StateError } from './errors.js';
import { acquireLock, thisProcess, type HeldLock, type LockOwner } from './file-lock.js';
import { validKey, type StateStore, type Stored } from './store.js';

const FileContent = t.type({
  format: t.literal('scaleio-framework-state/1'),
  entries: t.record(t.string, t.type({ version: t.number, data: t.string })),
});
type FileContent = t.TypeOf<typeof FileContent>;

/** Options of {@link openFileStore}. */
export interface FileStoreOptions {
  /** The state file; its directory must exist. The lock is `<path>.lock`. */
  readonly path: string;
  /** Who takes the lock (default: this process). */
  readonly owner?: LockOwner;
  /**
   * Take the lock over even while another holder's lease runs (`--break-lock`). Only on an
   * operator's explicit request: two writers corrupt nothing (each write is atomic and the loser's
   * next write fails with Locked), but they race. Without it, a lock whose lease ran out is taken
   * over by itself, whatever its host or pid.
   */
  readonly force?: boolean;
  /** The lock's lease in ms (default 60 s), renewed every third of it while the store is open. */
  readonly leaseMs?: number;
}

const errno = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e);

const load = async (path: string): Promise<Either<StateError, FileContent>> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return errno(e) === 'ENOENT'
      ? right({ format: 'scaleio-framework-state/1', entries: {} })
      : left(stateError.io(`cannot read ${path}: ${errno(e)}`));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return left(stateError.corrupt(path, 'not JSON')); // V8's message would quote the file
  }
  try {
    const c = FileContent.decode(json);
    return c._tag === 'Right'
      ? right(c.right)
      : left(stateError.corrupt(path, 'not a state file of this framework'));
  } catch {
    return left(stateError.corrupt(path, 'not a state file of this framework (nested too deeply)'));
  }
};

/** Writes `text` to `path` atomically and durably. */
export const atomicWrite = async (
  path: string,
  text: string,
  tag: string,
): Promise<Either<StateError, void>> => {
  const tmp = `${path}.${tag}.tmp`;
  try {
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    const dir = await open(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    return right(undefined);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    return left(stateError.io(`cannot write ${path}: ${errno(e)}`));
  }
};

/**
 * Opens (or creates on first write) the state file, taking its lock. `Locked` when another live
 * scheduler holds it; `Corrupt` when the file exists but is not ours (it is never overwritten).
 * Writes of one store are serialised; the in-memory copy changes only after a durable write.
 */
export const openFileStore = async (
  opts: FileStoreOptions,
): Promise<Either<StateError, StateStore>> => {
  const owner = opts.owner ?? thisProcess();
  const lock = await acquireLock(`${opts.path}.lock`, owner, {
    force: opts.force === true,
    ...(opts.leaseMs === undefined ? {} : { leaseMs: opts.leaseMs }),
  });
  if (lock._tag === 'Left') return lock;
  const loaded = await load(opts.path);
  if (loaded._tag === 'Left') {
    await lock.right.release();
    return loaded;
  }
  return right(fileStore(opts.path, loaded.right, lock.right, owner));
};

const fileStore = (
  path: string,
  initial: FileContent,
  lock: HeldLock,
  owner: LockOwner,
): StateStore => {
  let content = initial;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <A>(f: () => Promise<A>): Promise<A> => {
    const run = queue.then(f, f);
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    get: (key) =>
      Promise.resolve(
        closed
          ? left(stateError.closed())
          : !validKey(key)
            ? left(stateError.invalidArgument(`bad key ${JSON.stringify(key)}`))
            : right<StateError, Stored | null>(content.entries[key] ?? null),
      ),
    put: (key, data, expected) =>
      serial(async (): Promise<Either<StateError, number>> => {
        if (closed) return left(stateError.closed());
        if (!validKey(key))
          return left(stateError.invalidArgument(`bad key ${JSON.stringify(key)}`));
        if (!(await lock.stillOurs()))
          return left(stateError.locked(lock.path, 'someone else (our lock file was replaced)'));
        const actual = content.entries[key]?.version ?? null;
        if (actual !== expected) return left(stateError.conflict(key, expected, actual));
        const version = expected === null ? 0 : expected + 1;
        const next: FileContent = {
          ...content,
          entries: { ...content.entries, [key]: { version, data } },
        };
        const w = await atomicWrite(path, JSON.stringify(next), String(owner.pid));
        if (w._tag === 'Left') return w;
        content = next;
        return right(version);
      }),
    close: () =>
      serial(async () => {
        if (closed) return;
        closed = true;
        await lock.release();
      }),
  };
};

/**
 * An exclusive lock file beside the state file, so that two schedulers never share one file.
 * The lock is created atomically (written to a temporary file, then hard-linked into place, which
 * fails if it exists), holds `{ pid, host, atMs }`, and is stale when its pid no longer runs on
 * this host.
 */
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { stateError, type StateError } from './errors.js';

const LockContent = t.type({ pid: t.number, host: t.string, atMs: t.number });
type LockContent = t.TypeOf<typeof LockContent>;

/** Whether a process id runs on this host (signal 0; EPERM means it exists). */
export const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Who takes the lock, and how liveness is checked (injected for tests). */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly isAlive: (pid: number) => boolean;
  readonly nowMs: () => number;
}

/** The default owner: this process on this host. */
export const thisProcess = (): LockOwner => ({
  pid: process.pid,
  host: hostname(),
  isAlive: pidAlive,
  nowMs: Date.now,
});

/** A held lock. */
export interface HeldLock {
  readonly path: string;
  /** True while the lock file still names us. */
  stillOurs(): Promise<boolean>;
  /** Removes the lock file if it still names us. Idempotent. */
  release(): Promise<void>;
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;
const describe = (c: LockContent): string => `pid ${c.pid} on ${c.host}`;

const readLock = async (path: string): Promise<LockContent | 'absent' | 'unreadable'> => {
  try {
    const parsed = LockContent.decode(JSON.parse(await readFile(path, 'utf8')));
    return parsed._tag === 'Right' ? parsed.right : 'unreadable';
  } catch (e) {
    return errno(e) === 'ENOENT' ? 'absent' : 'unreadable';
  }
};

const stale = (c: LockContent, o: LockOwner): boolean => c.host === o.host && !o.isAlive(c.pid);

/** Takes the lock at `path`, replacing a stale one; `Locked` while a live process holds it. */
export const acquireLock = async (
  path: string,
  owner: LockOwner,
  /** Take over any lock, even of a live pid or another host: only on an operator's explicit request. */
  force = false,
): Promise<Either<StateError, HeldLock>> => {
  const mine: LockContent = { pid: owner.pid, host: owner.host, atMs: owner.nowMs() };
  const text = JSON.stringify(mine);
  const tmp = `${path}.${owner.pid}.${mine.atMs}.tmp`;
  const held: HeldLock = {
    path,
    stillOurs: async () => {
      const c = await readLock(path);
      return (
        typeof c === 'object' && c.pid === mine.pid && c.host === mine.host && c.atMs === mine.atMs
      );
    },
    release: async () => {
      if (await held.stillOurs()) await unlink(path).catch(() => undefined);
    },
  };
  try {
    await writeFile(tmp, text, { flush: true });
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(tmp, path);
        return right(held);
      } catch (e) {
        if (errno(e) !== 'EEXIST')
          return left(stateError.io(`cannot create lock ${path}: ${errno(e) ?? String(e)}`));
      }
      const current = await readLock(path);
      if (current === 'absent') continue;
      if (current === 'unreadable' && !force)
        return left(
          stateError.locked(path, 'an unreadable lock file; remove it if no scheduler runs'),
        );
      if (typeof current === 'object' && !force && !stale(current, owner)) {
        return left(stateError.locked(path, describe(current)));
      }
      // Stale: move it aside under a unique name, and check we moved the stale one, not a fresh lock.
      const aside = `${path}.stale.${owner.pid}.${attempt}`;
      try {
        await rename(path, aside);
      } catch (e) {
        if (errno(e) === 'ENOENT') continue;
        return left(stateError.io(`cannot remove stale lock ${path}: ${errno(e) ?? String(e)}`));
      }
      const moved = await readLock(aside);
      if (typeof moved === 'object' && !force && !stale(moved, owner)) {
        await link(aside, path).catch(() => undefined); // give a live holder its lock back
        await unlink(aside).catch(() => undefined);
        return left(stateError.locked(path, describe(moved)));
      }
      await unlink(aside).catch(() => undefined);
    }
    return left(stateError.locked(path, 'contended'));
  } catch (e) {
    return left(stateError.io(`cannot create lock ${path}: ${errno(e) ?? String(e)}`));
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
};

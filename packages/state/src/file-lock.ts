/**
 * An exclusive lock file beside the state file, so that two schedulers never share one file.
 * The lock is a **lease**: it holds `{ pid, host, atMs, renewedAtMs, leaseMs }`, its holder
 * renews it every third of the lease, and once `renewedAtMs + leaseMs` has passed it is stale
 * whatever its host or pid — a scheduler that crashed in another PID namespace or on another host
 * never strands the file. A lock of a dead pid on this host is stale at once. It is created
 * atomically (written to a temporary file, then hard-linked into place, which fails if it exists);
 * a stale one is moved aside under a unique name and checked again before it is removed.
 */
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { stateError, type StateError } from './errors.js';

const LockContent = t.intersection([
  t.type({ pid: t.number, host: t.string, atMs: t.number }),
  // absent in locks written before leases: the lease then counts from `atMs`
  t.partial({ renewedAtMs: t.number, leaseMs: t.number }),
]);
type LockContent = t.TypeOf<typeof LockContent>;

/** Lease of a lock that names none (written before leases), and the default of new ones. */
export const DEFAULT_LEASE_MS = 60_000;

/** Whether a process id runs on this host (signal 0; EPERM means it exists). */
export const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Who takes the lock, how liveness is checked, and time (injected for tests). */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly isAlive: (pid: number) => boolean;
  readonly nowMs: () => number;
  /** Timer for the renewals (default: Node's, unref'd); returns a cancel function. */
  readonly setTimer?: (ms: number, fn: () => void) => () => void;
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
  /** Removes the lock file if it still names us, and stops renewing. Idempotent. */
  release(): Promise<void>;
}

/** Options of {@link acquireLock}. */
export interface LockOptions {
  /** Take over any lock, even a live one: only on an operator's explicit request (`--break-lock`). */
  readonly force?: boolean;
  /** Lease length in ms (default {@link DEFAULT_LEASE_MS}); renewed every third of it. */
  readonly leaseMs?: number;
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;

const expiresAt = (c: LockContent): number =>
  (c.renewedAtMs ?? c.atMs) + (c.leaseMs ?? DEFAULT_LEASE_MS);

const describe = (c: LockContent, o: LockOwner): string => {
  const secs = Math.max(0, Math.ceil((expiresAt(c) - o.nowMs()) / 1000));
  return `pid ${c.pid} on ${c.host} (lease expires in ${secs} s unless renewed; --break-lock takes it over)`;
};

const readLock = async (path: string): Promise<LockContent | 'absent' | 'unreadable'> => {
  try {
    const parsed = LockContent.decode(JSON.parse(await readFile(path, 'utf8')));
    return parsed._tag === 'Right' ? parsed.right : 'unreadable';
  } catch (e) {
    return errno(e) === 'ENOENT' ? 'absent' : 'unreadable';
  }
};

/** Stale: its lease ran out (any host, any pid), or its pid is gone from this very host. */
const stale = (c: LockContent, o: LockOwner): boolean =>
  o.nowMs() >= expiresAt(c) || (c.host === o.host && !o.isAlive(c.pid));

const nodeTimer = (ms: number, fn: () => void): (() => void) => {
  const h = setTimeout(fn, ms).unref();
  return () => clearTimeout(h);
};

/**
 * Takes the lock at `path`, replacing a stale one; `Locked` while another holder's lease runs.
 * The held lock renews itself every third of the lease until released, and stops renewing once
 * the file no longer names it (someone took it over: the store's next write then fails).
 */
export const acquireLock = async (
  path: string,
  owner: LockOwner,
  opts: LockOptions = {},
): Promise<Either<StateError, HeldLock>> => {
  const force = opts.force === true;
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const atMs = owner.nowMs();
  let mine: LockContent = { pid: owner.pid, host: owner.host, atMs, renewedAtMs: atMs, leaseMs };
  const tmp = `${path}.${owner.pid}.${atMs}.tmp`;
  const same = (c: LockContent | 'absent' | 'unreadable'): boolean =>
    typeof c === 'object' && c.pid === mine.pid && c.host === mine.host && c.atMs === mine.atMs;
  let cancel: () => void = () => undefined;
  let released = false;
  const renew = async (): Promise<void> => {
    if (released || !same(await readLock(path))) return; // released, or taken over: stop
    mine = { ...mine, renewedAtMs: owner.nowMs() };
    const next = `${path}.${owner.pid}.renew.tmp`;
    try {
      await writeFile(next, JSON.stringify(mine), { flush: true });
      await rename(next, path);
    } catch {
      await unlink(next).catch(() => undefined); // try again at the next renewal
    }
    if (!released) schedule();
  };
  const schedule = (): void => {
    cancel = (owner.setTimer ?? nodeTimer)(Math.max(1, Math.floor(leaseMs / 3)), () => {
      void renew();
    });
  };
  const held: HeldLock = {
    path,
    stillOurs: async () => same(await readLock(path)),
    release: async () => {
      released = true;
      cancel();
      if (await held.stillOurs()) await unlink(path).catch(() => undefined);
    },
  };
  try {
    await writeFile(tmp, JSON.stringify(mine), { flush: true });
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(tmp, path);
        schedule();
        return right(held);
      } catch (e) {
        if (errno(e) !== 'EEXIST')
          return left(stateError.io(`cannot create lock ${path}: ${errno(e) ?? String(e)}`));
      }
      const current = await readLock(path);
      if (current === 'absent') continue;
      if (current === 'unreadable' && !force)
        return left(
          stateError.locked(
            path,
            'an unreadable lock file; remove it (or start with --break-lock) if no scheduler runs',
          ),
        );
      if (typeof current === 'object' && !force && !stale(current, owner))
        return left(stateError.locked(path, describe(current, owner)));
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
        return left(stateError.locked(path, describe(moved, owner)));
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

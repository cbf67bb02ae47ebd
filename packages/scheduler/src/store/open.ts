import {
  describeStateError,
  joinElection,
  openFileStore,
  openZooKeeperSession,
  zooKeeperStore,
  type Election,
  type StateError,
  type StateStore,
} from '@scaleio-framework/state';
import { zkConnectStringProblem } from '@scaleio-framework/mesos';

/** Where the state lives (from the scheduler's configuration). */
export interface StoreOptions {
  /** `file`: one instance with a lock file; `zk`: several instances, one elected leader. */
  readonly stateStore: 'file' | 'zk';
  readonly stateFile: string;
  /** `zk://h1:2181,h2:2181/path` for `zk`. */
  readonly zkUrl: string;
  /** Seconds the file lock's lease lasts unless renewed (default 60). */
  readonly stateLockLease?: number;
  /** Take the file lock over even while its lease runs (`--break-lock`). */
  readonly breakLock?: boolean;
}

/**
 * Waiting for a file lock another scheduler holds: with a `signal`, {@link openStore} tries again
 * every `pollMs` (default 1 s) until the lock is free or its lease ran out, telling `onLocked`
 * once per holder, and gives up when the signal aborts. Without one, a held lock is an error at once.
 */
export interface LockWait {
  readonly signal?: AbortSignal;
  readonly onLocked?: (why: string) => void;
  readonly pollMs?: number;
}

/** Resolves true after `ms`, or false at once when `signal` aborts. */
const pause = (ms: number, signal: AbortSignal): Promise<boolean> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const done = (v: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(v);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** The opened state store, and the election when several instances share ZooKeeper. */
export interface OpenedStore {
  readonly store: StateStore;
  /** Undefined with the file store: a single instance always leads. */
  readonly election: Election | undefined;
  readonly close: () => Promise<void>;
}

/**
 * The ZooKeeper hosts and root path of a `zk://h1:2181,h2:2181/path` store URL, or why it is not
 * one: hosts as node-zookeeper-client takes them (ports 1-65535), a path of one or more segments
 * of letters, digits, '.', '_', '-' (znode names this store creates under it), no trailing slash.
 */
export const parseZkStoreUrl = (url: string): { hosts: string; root: string } | string => {
  const m = /^zk:\/\/([^/]+)((?:\/[a-zA-Z0-9._-]+)+)$/.exec(url);
  if (m === null)
    return 'expected zk://host:port[,host:port]/path (path segments of letters, digits, ., _, -)';
  const [, hosts = '', root = ''] = m;
  const bad = zkConnectStringProblem(hosts);
  return bad === undefined ? { hosts, root } : bad;
};

/**
 * Opens the configured store. File: a lock file (a lease, renewed while open) keeps a second
 * scheduler off it. ZooKeeper:
 * an election under `<path>/leader` whose candidate data is this instance's advertised URL, and
 * documents under `<path>/state` whose writes commit only while this instance's election node
 * exists (a fence against an ex-leader that has not noticed its loss yet).
 */
export async function openStore(
  config: StoreOptions,
  advertised: string,
  wait: LockWait = {},
): Promise<OpenedStore> {
  if (config.stateStore === 'file') {
    let told: string | undefined;
    for (;;) {
      const s = await openFileStore({
        path: config.stateFile,
        force: config.breakLock === true,
        ...(config.stateLockLease === undefined ? {} : { leaseMs: config.stateLockLease * 1000 }),
      });
      if (s._tag === 'Right')
        return { store: s.right, election: undefined, close: () => s.right.close() };
      const why = `state file ${config.stateFile}: ${describeStateError(s.left)}`;
      if (s.left._tag !== 'Locked' || wait.signal === undefined) throw new Error(why);
      // Held by another scheduler: its lease runs out unless it renews it; try again until then.
      const holder = why.replace(/ \(lease .*$/, '');
      if (holder !== told) wait.onLocked?.(why); // once per holder, not every poll
      told = holder;
      if (!(await pause(wait.pollMs ?? 1000, wait.signal))) throw new Error(`stopped; ${why}`);
    }
  }
  const zk = parseZkStoreUrl(config.zkUrl);
  if (typeof zk === 'string') throw new Error(`--zk-url: ${zk}`);
  const { hosts, root } = zk;
  const session = await openZooKeeperSession({ connectString: hosts });
  if (session._tag === 'Left')
    throw new Error(`ZooKeeper ${hosts}: ${describeStateError(session.left)}`);
  const election = await joinElection(session.right, {
    path: `${root}/leader`,
    candidate: advertised,
  });
  if (election._tag === 'Left')
    throw new Error(`leader election: ${describeStateError(election.left)}`);
  // Writes are fenced by our election node: once it is gone, a newer leader may act, and no
  // write of ours commits any more (even before we notice the loss).
  const store = zooKeeperStore(session.right, {
    root: `${root}/state`,
    closeSession: false,
    fence: election.right.node,
  });
  if (store._tag === 'Left') throw new Error(`ZooKeeper store: ${describeStateError(store.left)}`);
  // A refused write means leadership is gone: end as the session loss would.
  let refused: (e: StateError) => void = () => undefined;
  const notLeader = new Promise<StateError>((r) => (refused = r));
  const raw = store.right;
  const fencedStore: StateStore = {
    get: (key) => raw.get(key),
    put: async (key, data, expected) => {
      const r = await raw.put(key, data, expected);
      if (r._tag === 'Left' && r.left._tag === 'NotLeader') refused(r.left);
      return r;
    },
    close: () => raw.close(),
  };
  return {
    store: fencedStore,
    election: {
      ...election.right,
      ended: Promise.race([election.right.ended, notLeader]),
    },
    close: async () => {
      await election.right.withdraw();
      await raw.close();
      await session.right.close();
    },
  };
}

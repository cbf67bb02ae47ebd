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

/** Where the state lives (from the scheduler's configuration). */
export interface StoreOptions {
  /** `file`: one instance with a lock file; `zk`: several instances, one elected leader. */
  readonly stateStore: 'file' | 'zk';
  readonly stateFile: string;
  /** `zk://h1:2181,h2:2181/path` for `zk`. */
  readonly zkUrl: string;
}

/** The opened state store, and the election when several instances share ZooKeeper. */
export interface OpenedStore {
  readonly store: StateStore;
  /** Undefined with the file store: a single instance always leads. */
  readonly election: Election | undefined;
  readonly close: () => Promise<void>;
}

/**
 * Opens the configured store. File: a lock file keeps a second scheduler off it. ZooKeeper:
 * an election under `<path>/leader` whose candidate data is this instance's advertised URL, and
 * documents under `<path>/state` whose writes commit only while this instance's election node
 * exists (a fence against an ex-leader that has not noticed its loss yet).
 */
export async function openStore(config: StoreOptions, advertised: string): Promise<OpenedStore> {
  if (config.stateStore === 'file') {
    const s = await openFileStore({ path: config.stateFile });
    if (s._tag === 'Left')
      throw new Error(`state file ${config.stateFile}: ${describeStateError(s.left)}`);
    return { store: s.right, election: undefined, close: () => s.right.close() };
  }
  const m = /^zk:\/\/([^/]+)(\/.+)$/.exec(config.zkUrl);
  if (!m) throw new Error(`--zk-url: expected zk://host:port[,host:port]/path`);
  const [, hosts = '', root = ''] = m;
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

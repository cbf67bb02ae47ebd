import {
  describeStateError,
  joinElection,
  openFileStore,
  openZooKeeperSession,
  zooKeeperStore,
  type Election,
  type StateStore,
} from '@scaleio-framework/state';
import type { Config } from '../config/load.js';

/** The opened state store, and the election when several instances share ZooKeeper. */
export interface OpenedStore {
  readonly store: StateStore;
  /** Undefined with the file store: a single instance always leads. */
  readonly election: Election | undefined;
  readonly close: () => Promise<void>;
}

/**
 * Opens the configured store. File: a lock file keeps a second scheduler off it. ZooKeeper:
 * documents under `<path>/state`, and an election under `<path>/leader` whose candidate data is
 * this instance's advertised URL.
 */
export async function openStore(config: Config, advertised: string): Promise<OpenedStore> {
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
  const store = zooKeeperStore(session.right, { root: `${root}/state`, closeSession: false });
  if (store._tag === 'Left') throw new Error(`ZooKeeper store: ${describeStateError(store.left)}`);
  const election = await joinElection(session.right, {
    path: `${root}/leader`,
    candidate: advertised,
  });
  if (election._tag === 'Left')
    throw new Error(`leader election: ${describeStateError(election.left)}`);
  return {
    store: store.right,
    election: election.right,
    close: async () => {
      await election.right.withdraw();
      await store.right.close();
      await session.right.close();
    },
  };
}

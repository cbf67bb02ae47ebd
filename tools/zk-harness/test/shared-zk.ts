/** One ZooKeeper server for all tests of a file, and the sessions and stores they open on it. */
import {
  openZooKeeperSession,
  zooKeeperStore,
  type StateStore,
  type ZkSession,
} from '@scaleio-framework/state';
import { startZooKeeper, type ZooKeeperServer } from '../src/index.js';

/** `before` and `after` are the file's uvu hooks; `after` closes every session `session` opened. */
export const sharedZooKeeper = () => {
  let zk: ZooKeeperServer | undefined;
  const sessions: ZkSession[] = [];
  return {
    before: async (): Promise<void> => {
      zk = await startZooKeeper();
    },
    after: async (): Promise<void> => {
      for (const s of sessions) s.close();
      await zk?.stop();
    },
    /** A new session (4 s timeout) on the server. */
    session: async (): Promise<ZkSession> => {
      if (zk === undefined) throw new Error('no server');
      const s = await openZooKeeperSession({
        connectString: zk.connectString,
        sessionTimeoutMs: 4000,
      });
      if (s._tag === 'Left') throw new Error(s.left._tag);
      sessions.push(s.right);
      return s.right;
    },
  };
};

/** The ZooKeeper store under `root` (fenced by `fence` when given). */
export const storeAt = (s: ZkSession, root: string, fence?: string): StateStore => {
  const r = zooKeeperStore(s, { root, ...(fence === undefined ? {} : { fence }) });
  if (r._tag === 'Left') throw new Error(r.left._tag);
  return r.right;
};

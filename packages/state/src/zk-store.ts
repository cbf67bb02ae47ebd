/**
 * A state store in ZooKeeper: one persistent znode per key under a root path; compare-and-set
 * through znode versions (create for "absent", setData with the expected version otherwise).
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { stateError, type StateError } from './errors.js';
import { validKey, type StateStore } from './store.js';
import {
  connectZooKeeper,
  type ZkConnectOptions,
  type ZkError,
  type ZkSession,
} from './zk-client.js';

/** ZooKeeper refuses znodes above ~1 MB (jute.maxbuffer); stay below it. */
export const maxZnodeBytes = 1_000_000;

/** The one mapping from ZooKeeper errors that are not CAS outcomes to {@link StateError}. */
const fromZk = (e: ZkError): StateError =>
  e._tag === 'Unavailable'
    ? stateError.unavailable(e.message)
    : e._tag === 'GuardGone'
      ? stateError.notLeader(e.path)
      : stateError.unavailable(`unexpected ZooKeeper ${e._tag} at ${e.path}`);

/** Connects to ZooKeeper; `Unavailable` when no session can be established in time. */
export const openZooKeeperSession = async (
  opts: ZkConnectOptions,
): Promise<Either<StateError, ZkSession>> => {
  const s = await connectZooKeeper(opts);
  return s._tag === 'Left' ? left(fromZk(s.left)) : s;
};

/** A valid absolute znode path without a trailing slash (`/scaleio-framework/cluster-1`). */
export const validRoot = (root: string): boolean => /^(\/[a-zA-Z0-9._-]+)+$/.test(root);

/** Options of {@link zooKeeperStore}. */
export interface ZooKeeperStoreOptions {
  /** The parent znode of the documents, created on first write. */
  readonly root: string;
  /** Close the session when the store is closed (default false: the session is shared). */
  readonly closeSession?: boolean;
  /**
   * A znode that must exist for a write to commit, checked in the same transaction: the writer's
   * election node (`Election.node`). Once it is gone (session expired, withdrawn) every write is
   * refused with `NotLeader`, so an instance that lost leadership without noticing yet cannot
   * overwrite what the new leader wrote.
   */
  readonly fence?: string;
}

/** A {@link StateStore} over a session; `InvalidArgument` for a bad root. */
export const zooKeeperStore = (
  session: ZkSession,
  opts: ZooKeeperStoreOptions,
): Either<StateError, StateStore> => {
  if (!validRoot(opts.root))
    return left(stateError.invalidArgument(`bad ZooKeeper root ${JSON.stringify(opts.root)}`));
  if (opts.fence !== undefined && !validRoot(opts.fence))
    return left(stateError.invalidArgument(`bad fence node ${JSON.stringify(opts.fence)}`));
  let closed = false;
  const pathOf = (key: string): string => `${opts.root}/${key}`;
  const versionOf = async (key: string): Promise<Either<StateError, number | null>> => {
    const g = await session.getData(pathOf(key));
    if (g._tag === 'Right') return right(g.right.version);
    return g.left._tag === 'NoNode' ? right(null) : left(fromZk(g.left));
  };
  const conflict = async (
    key: string,
    expected: number | null,
  ): Promise<Either<StateError, number>> => {
    const v = await versionOf(key);
    return v._tag === 'Left' ? v : left(stateError.conflict(key, expected, v.right));
  };
  const guard = (key: string, data?: string): StateError | null =>
    closed
      ? stateError.closed()
      : !validKey(key)
        ? stateError.invalidArgument(`bad key ${JSON.stringify(key)}`)
        : data !== undefined && Buffer.byteLength(data) > maxZnodeBytes
          ? stateError.invalidArgument(
              `${key}: ${Buffer.byteLength(data)} bytes exceed ${maxZnodeBytes}`,
            )
          : null;
  return right({
    get: async (key) => {
      const bad = guard(key);
      if (bad !== null) return left(bad);
      const g = await session.getData(pathOf(key));
      if (g._tag === 'Right')
        return right({ data: g.right.data.toString('utf8'), version: g.right.version });
      return g.left._tag === 'NoNode' ? right(null) : left(fromZk(g.left));
    },
    put: async (key, data, expected) => {
      const bad = guard(key, data);
      if (bad !== null) return left(bad);
      const buf = Buffer.from(data, 'utf8');
      const fence = opts.fence;
      if (expected === null) {
        const mk = await session.mkdirp(opts.root);
        if (mk._tag === 'Left') return left(fromZk(mk.left));
        const c =
          fence === undefined
            ? await session.create(pathOf(key), buf, 'persistent')
            : await session.guardedWrite(fence, { kind: 'create', path: pathOf(key), data: buf });
        if (c._tag === 'Right') return right(0);
        return c.left._tag === 'NodeExists' ? conflict(key, null) : left(fromZk(c.left));
      }
      const s =
        fence === undefined
          ? await session.setData(pathOf(key), buf, expected)
          : await session.guardedWrite(fence, {
              kind: 'set',
              path: pathOf(key),
              data: buf,
              version: expected,
            });
      if (s._tag === 'Right') return right(s.right);
      return s.left._tag === 'BadVersion' || s.left._tag === 'NoNode'
        ? conflict(key, expected)
        : left(fromZk(s.left));
    },
    close: async () => {
      if (closed) return;
      closed = true;
      if (opts.closeSession === true) session.close();
    },
  });
};

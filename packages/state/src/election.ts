/**
 * Leader election with ZooKeeper's recipe: every candidate creates an ephemeral sequential node;
 * the lowest sequence leads; every other candidate watches only its predecessor (no herd effect).
 * A candidate that loses its session loses its node and so its leadership.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { stateError, type StateError } from './errors.js';
import type { ZkSession } from './zk-client.js';
import { validRoot } from './zk-store.js';

/** A candidate in an election. */
export interface Election {
  /** This candidate's znode (`<path>/c_0000000003`). */
  readonly node: string;
  /** Resolves Right once this candidate leads, Left if it withdraws or loses its session first. */
  readonly leading: Promise<Either<StateError, void>>;
  /** Resolves when leadership (or candidacy) ends: session lost, or withdrawn. Stop acting then. */
  readonly ended: Promise<StateError>;
  isLeader(): boolean;
  /** The data of the current leader's node (e.g. its address), or null when there is none. */
  currentLeader(): Promise<Either<StateError, string | null>>;
  /** Deletes this candidate's node; the next candidate takes over. Idempotent. */
  withdraw(): Promise<void>;
}

const prefix = 'c_';
const seqOf = (name: string): number => Number(name.slice(prefix.length));
const sorted = (children: ReadonlyArray<string>): string[] =>
  children.filter((c) => c.startsWith(prefix)).sort((a, b) => seqOf(a) - seqOf(b));

/** Options of {@link joinElection}. */
export interface ElectionOptions {
  /** The election's parent znode (created if absent). */
  readonly path: string;
  /** What this candidate publishes (e.g. `host:port` of its API), readable by the others. */
  readonly candidate: string;
}

/** Enters the election. Left: bad path, or ZooKeeper unavailable. */
export const joinElection = async (
  session: ZkSession,
  opts: ElectionOptions,
): Promise<Either<StateError, Election>> => {
  if (!validRoot(opts.path))
    return left(stateError.invalidArgument(`bad election path ${JSON.stringify(opts.path)}`));
  const mk = await session.mkdirp(opts.path);
  if (mk._tag === 'Left') return left(stateError.unavailable(`cannot create ${opts.path}`));
  const created = await session.create(
    `${opts.path}/${prefix}`,
    Buffer.from(opts.candidate, 'utf8'),
    'ephemeralSequential',
  );
  if (created._tag === 'Left')
    return left(stateError.unavailable(`cannot join the election at ${opts.path}`));
  const node = created.right;
  const name = node.slice(opts.path.length + 1);

  let leader = false;
  let done = false;
  let settleLeading: (r: Either<StateError, void>) => void = () => undefined;
  let settleEnded: (e: StateError) => void = () => undefined;
  const leading = new Promise<Either<StateError, void>>((r) => (settleLeading = r));
  const ended = new Promise<StateError>((r) => (settleEnded = r));
  const finish = (e: StateError): void => {
    if (done) return;
    done = true;
    leader = false;
    settleLeading(left(e));
    settleEnded(e);
  };

  const check = async (): Promise<void> => {
    if (done) return;
    const ch = await session.getChildren(opts.path);
    if (done) return;
    if (ch._tag === 'Left')
      return finish(stateError.unavailable(`election ${opts.path}: cannot list candidates`));
    const order = sorted(ch.right);
    const me = order.indexOf(name);
    if (me < 0)
      return finish(stateError.unavailable(`election ${opts.path}: our node ${node} is gone`));
    const predecessor = order[me - 1];
    if (predecessor === undefined) {
      leader = true;
      settleLeading(right(undefined));
      return;
    }
    const w = await session.watchExists(`${opts.path}/${predecessor}`, () => void check());
    if (w._tag === 'Left')
      return finish(stateError.unavailable(`election ${opts.path}: cannot watch ${predecessor}`));
    if (!w.right) await check(); // it vanished between listing and watching
  };

  session.onLost((why) => finish(stateError.unavailable(`ZooKeeper session ended: ${why}`)));
  await check();

  return right({
    node,
    leading,
    ended,
    isLeader: () => leader && !done,
    currentLeader: async () => {
      const ch = await session.getChildren(opts.path);
      if (ch._tag === 'Left')
        return left(stateError.unavailable(`election ${opts.path}: cannot list candidates`));
      const first = sorted(ch.right)[0];
      if (first === undefined) return right(null);
      const d = await session.getData(`${opts.path}/${first}`);
      if (d._tag === 'Right') return right(d.right.data.toString('utf8'));
      return d.left._tag === 'NoNode'
        ? right(null)
        : left(stateError.unavailable(`election ${opts.path}: cannot read the leader`));
    },
    withdraw: async () => {
      if (done) return;
      finish(stateError.closed());
      await session.remove(node, -1);
    },
  });
};

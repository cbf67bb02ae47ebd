/**
 * A small promise adapter over node-zookeeper-client (which ships no types). Every ZooKeeper
 * error is mapped to {@link ZkError} here, in one place; nothing throws.
 */
import { createRequire } from 'node:module';
import { left, right, type Either } from 'fp-ts/lib/Either.js';

interface RawException {
  getCode(): number;
  getName(): string;
}
interface RawStat {
  version: number;
}
type Cb<A> = (err: RawException | Error | null, a: A) => void;
/** A multi-op transaction (`Transaction` of node-zookeeper-client). */
interface RawTransaction {
  /** Queued operations; the library's own `setData` turns version 0 into -1, see {@link guardedWrite}. */
  ops: { type: number; version?: number }[];
  check(path: string, version?: number): RawTransaction;
  create(path: string, data: Buffer, mode: number): RawTransaction;
  setData(path: string, data: Buffer, version: number): RawTransaction;
  commit(
    cb: (
      err: RawException | Error | null,
      results?: { type: number; err?: number; stat?: RawStat }[],
    ) => void,
  ): void;
}
interface RawClient {
  transaction(): RawTransaction;
  connect(): void;
  close(): void;
  once(ev: string, f: () => void): void;
  on(ev: string, f: (...a: unknown[]) => void): void;
  getSessionTimeout(): number;
  create(path: string, data: Buffer, mode: number, cb: Cb<string>): void;
  mkdirp(path: string, cb: Cb<string>): void;
  getData(
    path: string,
    cb: (err: RawException | Error | null, data: Buffer | undefined, stat: RawStat) => void,
  ): void;
  setData(path: string, data: Buffer, version: number, cb: Cb<RawStat>): void;
  remove(path: string, version: number, cb: (err: RawException | Error | null) => void): void;
  getChildren(path: string, cb: Cb<string[]>): void;
  exists(path: string, watcher: (ev: unknown) => void, cb: Cb<RawStat | null>): void;
}
interface RawModule {
  createClient(
    connect: string,
    opts: { sessionTimeout: number; spinDelay: number; retries: number },
  ): RawClient;
  CreateMode: { PERSISTENT: number; EPHEMERAL_SEQUENTIAL: number };
  Exception: {
    NO_NODE: number;
    NODE_EXISTS: number;
    BAD_VERSION: number;
    NOT_EMPTY: number;
    create(code: number): RawException;
  };
}

const zk = createRequire(import.meta.url)('node-zookeeper-client') as RawModule;

/** What can go wrong talking to ZooKeeper, already classified. */
export type ZkError =
  | { readonly _tag: 'NoNode'; readonly path: string }
  | { readonly _tag: 'NodeExists'; readonly path: string }
  | { readonly _tag: 'BadVersion'; readonly path: string }
  | { readonly _tag: 'NotEmpty'; readonly path: string }
  /** A guarded write found its guard node gone. */
  | { readonly _tag: 'GuardGone'; readonly path: string }
  | { readonly _tag: 'Unavailable'; readonly message: string };

/** The one mapping from node-zookeeper-client errors (and invalid-path assertions) to {@link ZkError}. */
const mapError = (path: string, err: RawException | Error): ZkError => {
  const code = 'getCode' in err && typeof err.getCode === 'function' ? err.getCode() : undefined;
  switch (code) {
    case zk.Exception.NO_NODE:
      return { _tag: 'NoNode', path };
    case zk.Exception.NODE_EXISTS:
      return { _tag: 'NodeExists', path };
    case zk.Exception.BAD_VERSION:
      return { _tag: 'BadVersion', path };
    case zk.Exception.NOT_EMPTY:
      return { _tag: 'NotEmpty', path };
    default:
      return {
        _tag: 'Unavailable',
        message: `ZooKeeper ${path}: ${'getName' in err && typeof err.getName === 'function' ? err.getName() : (err as Error).message}`,
      };
  }
};

const call = <A>(path: string, f: (cb: Cb<A>) => void): Promise<Either<ZkError, A>> =>
  new Promise((resolve) => {
    try {
      f((err, a) => resolve(err ? left(mapError(path, err)) : right(a)));
    } catch (e) {
      resolve(left({ _tag: 'Unavailable', message: `ZooKeeper ${path}: ${(e as Error).message}` }));
    }
  });

/** A connected ZooKeeper session. */
export interface ZkSession {
  create(
    path: string,
    data: Buffer,
    mode: 'persistent' | 'ephemeralSequential',
  ): Promise<Either<ZkError, string>>;
  mkdirp(path: string): Promise<Either<ZkError, string>>;
  getData(path: string): Promise<Either<ZkError, { data: Buffer; version: number }>>;
  setData(path: string, data: Buffer, version: number): Promise<Either<ZkError, number>>;
  remove(path: string, version: number): Promise<Either<ZkError, void>>;
  getChildren(path: string): Promise<Either<ZkError, string[]>>;
  /**
   * One atomic transaction: `guard` must exist, then `write` (create a persistent node, or set
   * data at an expected version) is applied. `GuardGone` when the guard is missing — a fence: an
   * instance whose election node is gone can no longer write. Resolves with the new data version.
   */
  guardedWrite(guard: string, write: GuardedWrite): Promise<Either<ZkError, number>>;
  /** Whether the node exists; `onChange` fires once on its next change (deletion included). */
  watchExists(path: string, onChange: () => void): Promise<Either<ZkError, boolean>>;
  /** Registers a callback for the end of the session (expired, or closed). */
  onLost(f: (why: string) => void): void;
  close(): void;
}

/** The write of {@link ZkSession.guardedWrite}. */
export type GuardedWrite =
  | { readonly kind: 'create'; readonly path: string; readonly data: Buffer }
  | {
      readonly kind: 'set';
      readonly path: string;
      readonly data: Buffer;
      readonly version: number;
    };

/** Connection options. */
export interface ZkConnectOptions {
  /** `host:port[,host:port…]`. */
  readonly connectString: string;
  /** Default 10 000 ms (the server clamps it to 2–20 ticks). */
  readonly sessionTimeoutMs?: number;
  /** How long to wait for the first connection. Default 15 000 ms. */
  readonly connectTimeoutMs?: number;
}

/** Connects and resolves once the session is established, or `Unavailable` after the timeout. */
export const connectZooKeeper = (opts: ZkConnectOptions): Promise<Either<ZkError, ZkSession>> =>
  new Promise((resolve) => {
    const client = zk.createClient(opts.connectString, {
      sessionTimeout: opts.sessionTimeoutMs ?? 10_000,
      spinDelay: 200,
      retries: 0,
    });
    const lost: Array<(why: string) => void> = [];
    let silence: NodeJS.Timeout | undefined;
    let ended = false;
    const end = (why: string): void => {
      if (ended) return;
      ended = true;
      clearTimeout(silence);
      for (const f of lost) f(why);
    };
    const timer = setTimeout(() => {
      client.close();
      resolve(
        left({
          _tag: 'Unavailable',
          message: `no ZooKeeper session with ${opts.connectString} within ${opts.connectTimeoutMs ?? 15_000} ms`,
        }),
      );
    }, opts.connectTimeoutMs ?? 15_000);
    // Disconnected longer than the session timeout: the server has (or will have) expired the
    // session, so ephemeral nodes — leadership included — must be considered gone.
    client.on('disconnected', () => {
      if (ended) return;
      silence ??= setTimeout(
        () => end('disconnected longer than the session timeout'),
        client.getSessionTimeout(),
      );
      silence.unref();
    });
    client.on('connected', () => {
      clearTimeout(silence);
      silence = undefined;
    });
    client.on('expired', () => end('session expired'));
    client.once('connected', () => {
      clearTimeout(timer);
      const session: ZkSession = {
        create: (path, data, mode) =>
          call(path, (cb) =>
            client.create(
              path,
              data,
              mode === 'persistent' ? zk.CreateMode.PERSISTENT : zk.CreateMode.EPHEMERAL_SEQUENTIAL,
              cb,
            ),
          ),
        mkdirp: (path) => call(path, (cb) => client.mkdirp(path, cb)),
        getData: (path) =>
          call(path, (cb) =>
            client.getData(path, (err, data, stat) =>
              cb(err, { data: data ?? Buffer.alloc(0), version: stat?.version ?? -1 }),
            ),
          ),
        setData: (path, data, version) =>
          call(path, (cb) =>
            client.setData(path, data, version, (err, stat) => cb(err, stat?.version ?? -1)),
          ),
        remove: (path, version) =>
          call<void>(path, (cb) => client.remove(path, version, (err) => cb(err, undefined))),
        getChildren: (path) => call(path, (cb) => client.getChildren(path, cb)),
        guardedWrite: (guard, w) => guardedWrite(client, guard, w),
        watchExists: (path, onChange) =>
          call<boolean>(path, (cb) =>
            client.exists(
              path,
              () => onChange(),
              (err, stat) => cb(err, stat !== null && stat !== undefined),
            ),
          ),
        onLost: (f) => {
          lost.push(f);
        },
        close: () => {
          client.close();
          end('closed');
        },
      };
      resolve(right(session));
    });
    client.connect();
  });

/**
 * {@link ZkSession.guardedWrite} over a multi-op transaction. The failing operation is found in
 * the per-operation results (ZooKeeper reports every operation of a failed transaction).
 */
const guardedWrite = (
  client: RawClient,
  guard: string,
  w: GuardedWrite,
): Promise<Either<ZkError, number>> =>
  new Promise((resolve) => {
    try {
      const tx = client.transaction().check(guard);
      if (w.kind === 'create') tx.create(w.path, w.data, zk.CreateMode.PERSISTENT);
      else {
        tx.setData(w.path, w.data, w.version);
        // node-zookeeper-client's Transaction#setData replaces version 0 by -1 (`version || -1`),
        // which would make the first update unconditional: put the expected version back.
        const op = tx.ops[tx.ops.length - 1];
        if (op) op.version = w.version;
      }
      tx.commit((err, results) => {
        if (!err) {
          const stat = results?.[1]?.stat;
          return resolve(right(w.kind === 'create' ? 0 : (stat?.version ?? -1)));
        }
        const failed = (results ?? []).findIndex((r) => r.err !== undefined && r.err !== 0);
        if (failed === 0) return resolve(left({ _tag: 'GuardGone', path: guard }));
        const code = failed > 0 ? results?.[failed]?.err : undefined;
        resolve(left(mapError(w.path, code === undefined ? err : zk.Exception.create(code))));
      });
    } catch (e) {
      resolve(
        left({ _tag: 'Unavailable', message: `ZooKeeper ${w.path}: ${(e as Error).message}` }),
      );
    }
  });

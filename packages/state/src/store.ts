/**
 * The state store contract: named documents with versioned compare-and-set writes, and a typed,
 * schema-versioned view over one document.
 */
import * as t from 'io-ts';
import { left, right, isLeft, type Either } from 'fp-ts/lib/Either.js';
import { stateError, type StateError } from './errors.js';

/** Stored text with its version (increases by one per successful write, starting at 0). */
export interface Stored {
  readonly data: string;
  readonly version: number;
}

/**
 * A raw store: documents of text under keys, each with a version. `put` with `expected: null`
 * creates (Conflict if present); with a number it replaces only that version (Conflict otherwise).
 * Implementations: `openFileStore`, `openZooKeeperStore`.
 */
export interface StateStore {
  get(key: string): Promise<Either<StateError, Stored | null>>;
  put(key: string, data: string, expected: number | null): Promise<Either<StateError, number>>;
  /** Releases the lock / session. Idempotent. */
  close(): Promise<void>;
}

/** Keys: 1–128 characters of `[a-z0-9._-]`, starting with a letter or digit (a valid znode name). */
export const validKey = (key: string): boolean => /^[a-z0-9][a-z0-9._-]{0,127}$/.test(key);

/** A decoded value with the version it was read at (pass it back to write). */
export interface Versioned<A> {
  readonly value: A;
  readonly version: number;
}

/** Upgrades a stored value of an older schema version; Left with a message when it cannot. */
export type Migration = (fromSchemaVersion: number, data: unknown) => Either<string, unknown>;

/** How a typed document is stored and read. */
export interface DocumentSpec<A> {
  readonly key: string;
  readonly codec: t.Type<A, unknown, unknown>;
  /** The schema version this build writes and reads. */
  readonly schemaVersion: number;
  /** Reads older schema versions; without it an older document is a SchemaMismatch. */
  readonly migrate?: Migration;
}

const Envelope = t.type({ schemaVersion: t.number, value: t.unknown });

/** A typed document in a store. */
export interface Document<A> {
  /** The current value, or null when it was never written. */
  read(): Promise<Either<StateError, Versioned<A> | null>>;
  /** Compare-and-set write; `expected: null` creates. Returns the new version. */
  write(value: A, expected: number | null): Promise<Either<StateError, Versioned<A>>>;
  /**
   * Read-modify-write: applies `f` to the current value (null when absent) and writes with CAS,
   * re-reading and re-applying on Conflict up to `attempts` times (default 5).
   */
  update(f: (current: A | null) => A, attempts?: number): Promise<Either<StateError, Versioned<A>>>;
}

/**
 * io-ts errors as `path: expected Type` lines, at most three, never quoting the value (a
 * document nested 100,000 deep would overflow `JSON.stringify`, which io-ts' PathReporter uses).
 */
const reportErrors = (errors: t.Errors): string =>
  errors
    .slice(0, 3)
    .map((e) => {
      const path = e.context
        .map((c) => c.key)
        .filter((k) => k !== '')
        .join('.');
      return `${path === '' ? '(root)' : path}: expected ${e.context.at(-1)?.type.name ?? 'a valid value'}`;
    })
    .join('; ');

/** Decodes with `codec`; a value whose shape breaks validation itself (the stack) is an error too. */
const safely = <A>(codec: t.Type<A, unknown, unknown>, value: unknown): Either<string, A> => {
  try {
    const r = codec.decode(value);
    return isLeft(r) ? left(reportErrors(r.left)) : right(r.right);
  } catch (e) {
    return left(`cannot be decoded (${e instanceof Error ? e.name : 'error'}: nested too deeply?)`);
  }
};

/** A typed, schema-versioned view over one key of a store. */
export const document = <A>(store: StateStore, spec: DocumentSpec<A>): Document<A> => {
  const { key, codec, schemaVersion } = spec;
  const decode = (s: Stored): Either<StateError, Versioned<A>> => {
    let raw: unknown;
    try {
      raw = JSON.parse(s.data);
    } catch {
      return left(stateError.corrupt(key, 'not JSON'));
    }
    const env = safely(Envelope, raw);
    if (isLeft(env)) return left(stateError.corrupt(key, env.left));
    let value = env.right.value;
    const found = env.right.schemaVersion;
    if (found !== schemaVersion) {
      if (found > schemaVersion || spec.migrate === undefined) {
        return left(stateError.schemaMismatch(key, found, schemaVersion));
      }
      const m = spec.migrate(found, value);
      if (isLeft(m)) return left(stateError.corrupt(key, `migration from ${found}: ${m.left}`));
      value = m.right;
    }
    const v = safely(codec as t.Type<A, unknown, unknown>, value);
    return isLeft(v)
      ? left(stateError.corrupt(key, v.left))
      : right({ value: v.right, version: s.version });
  };
  const read: Document<A>['read'] = async () => {
    const got = await store.get(key);
    if (isLeft(got)) return got;
    return got.right === null ? right(null) : decode(got.right);
  };
  const write: Document<A>['write'] = async (value, expected) => {
    const data = JSON.stringify({ schemaVersion, value: codec.encode(value) });
    const put = await store.put(key, data, expected);
    return isLeft(put) ? put : right({ value, version: put.right });
  };
  const update: Document<A>['update'] = async (f, attempts = 5) => {
    let last: StateError = stateError.conflict(key, null, null);
    for (let i = 0; i < attempts; i++) {
      const cur = await read();
      if (isLeft(cur)) return cur;
      const w = await write(f(cur.right?.value ?? null), cur.right?.version ?? null);
      if (!isLeft(w) || w.left._tag !== 'Conflict') return w;
      last = w.left;
    }
    return left(last);
  };
  return { read, write, update };
};

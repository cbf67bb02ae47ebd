/** The closed union of errors of the state package. Nothing in this package throws across its boundary. */
export type StateError =
  /** Compare-and-set lost: the stored version is not the expected one (`null`: absent). */
  | {
      readonly _tag: 'Conflict';
      readonly key: string;
      readonly expected: number | null;
      readonly actual: number | null;
    }
  /** Another live process holds the store's lock. */
  | { readonly _tag: 'Locked'; readonly path: string; readonly holder: string }
  /** The stored schema version cannot be read by this code (newer, or older without a migration). */
  | {
      readonly _tag: 'SchemaMismatch';
      readonly key: string;
      readonly found: number;
      readonly supported: number;
    }
  /** Stored bytes that do not decode (bad JSON, codec failure); never overwritten silently. */
  | { readonly _tag: 'Corrupt'; readonly key: string; readonly message: string }
  /** A key outside the allowed grammar, or a value too large. */
  | { readonly _tag: 'InvalidArgument'; readonly message: string }
  /** A file-system error (ENOSPC, EACCES, …). */
  | { readonly _tag: 'Io'; readonly message: string }
  /** The coordination service is unreachable or the session was lost; retry or step down. */
  | { readonly _tag: 'Unavailable'; readonly message: string }
  /** The store or session was closed. */
  | { readonly _tag: 'Closed' }
  /**
   * A fenced write refused: the writer's election node (`path`) is gone, so another instance may
   * lead now. The writer must stop acting.
   */
  | { readonly _tag: 'NotLeader'; readonly path: string };

/** The `_tag` values of {@link StateError}. */
export type StateErrorTag = StateError['_tag'];

/** Constructors of {@link StateError}. */
export const stateError = {
  conflict: (key: string, expected: number | null, actual: number | null): StateError => ({
    _tag: 'Conflict',
    key,
    expected,
    actual,
  }),
  locked: (path: string, holder: string): StateError => ({ _tag: 'Locked', path, holder }),
  schemaMismatch: (key: string, found: number, supported: number): StateError => ({
    _tag: 'SchemaMismatch',
    key,
    found,
    supported,
  }),
  corrupt: (key: string, message: string): StateError => ({ _tag: 'Corrupt', key, message }),
  invalidArgument: (message: string): StateError => ({ _tag: 'InvalidArgument', message }),
  io: (message: string): StateError => ({ _tag: 'Io', message }),
  unavailable: (message: string): StateError => ({ _tag: 'Unavailable', message }),
  closed: (): StateError => ({ _tag: 'Closed' }),
  notLeader: (path: string): StateError => ({ _tag: 'NotLeader', path }),
} as const;

/** A one-line description of an error, for logs and status output. */
export const describeStateError = (e: StateError): string => {
  switch (e._tag) {
    case 'Conflict':
      return `version conflict on ${e.key}: expected ${e.expected ?? 'absent'}, found ${e.actual ?? 'absent'}`;
    case 'Locked':
      return `${e.path} is locked by ${e.holder}`;
    case 'SchemaMismatch':
      return `${e.key} has schema version ${e.found}; this build reads ${e.supported}`;
    case 'Corrupt':
      return `${e.key} is corrupt: ${e.message}`;
    case 'InvalidArgument':
    case 'Io':
    case 'Unavailable':
      return e.message;
    case 'Closed':
      return 'the store is closed';
    case 'NotLeader':
      return `not the leader any more (${e.path} is gone): write refused`;
  }
};

/**
 * The closed union of errors of node-sim's in-process API. Nothing is thrown across the package
 * boundary: every public operation returns an `Either` or a result value.
 */

/** A node spec or an option was invalid. */
export interface InvalidSpec {
  readonly _tag: 'InvalidSpec';
  readonly message: string;
}

/** No simulated node has that id (or instance id). */
export interface UnknownNode {
  readonly _tag: 'UnknownNode';
  readonly nodeId: string;
  readonly message: string;
}

/** A file of a node root could not be read, decoded or written. */
export interface StateError {
  readonly _tag: 'StateError';
  readonly path: string;
  readonly message: string;
}

/** The loopback server could not start or stop. */
export interface ServerError {
  readonly _tag: 'ServerError';
  readonly message: string;
}

/** Every error of this package. */
export type NodeSimError = InvalidSpec | UnknownNode | StateError | ServerError;

/** Builds an {@link InvalidSpec}. */
export const invalidSpec = (message: string): InvalidSpec => ({ _tag: 'InvalidSpec', message });

/** Builds an {@link UnknownNode}. */
export const unknownNode = (nodeId: string): UnknownNode => ({
  _tag: 'UnknownNode',
  nodeId,
  message: `no simulated node ${nodeId}`,
});

/** Builds a {@link StateError}. */
export const stateError = (path: string, message: string): StateError => ({
  _tag: 'StateError',
  path,
  message: `${path}: ${message}`,
});

/** Builds a {@link ServerError}. */
export const serverError = (message: string): ServerError => ({ _tag: 'ServerError', message });

/** The message of any thrown value, for mapping IO exceptions into the union. */
export const causeOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

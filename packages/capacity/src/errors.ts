import * as t from 'io-ts';

/** What kind of thing a {@link ProviderError} of tag `NotFound` could not find. */
export const ResourceKind = t.keyof({ volume: null, node: null, attachment: null });
/** What kind of thing was not found. */
export type ResourceKind = t.TypeOf<typeof ResourceKind>;

/** Which limit a `LimitExceeded` error hit. */
export const LimitKind = t.keyof({
  /** The node has no free attachment slot. */
  attachments: null,
  /** The account's/region's storage or IOPS quota. */
  quota: null,
  /** A size, IOPS or throughput outside what the volume type allows. */
  volumeSpec: null,
});
/** Which limit was hit. */
export type LimitKind = t.TypeOf<typeof LimitKind>;

/**
 * The closed union of errors every capacity provider returns. A provider maps its cloud's error
 * codes to these in ONE place; callers branch on `_tag` and on {@link isRetryable}. Messages must
 * never contain credentials.
 */
export const ProviderError = t.union([
  t.type({ _tag: t.literal('NotFound'), resource: ResourceKind, id: t.string, message: t.string }),
  /** The idempotency key was used before with different parameters (EC2 `IdempotentParameterMismatch`). */
  t.type({ _tag: t.literal('IdempotencyMismatch'), key: t.string, message: t.string }),
  /** The object already exists in a way the request cannot reuse (e.g. attached to another node). */
  t.type({ _tag: t.literal('AlreadyExists'), id: t.string, message: t.string }),
  t.type({ _tag: t.literal('LimitExceeded'), limit: LimitKind, message: t.string }),
  /** The cloud throttled the call after the provider's own retries; retry later. */
  t.type({ _tag: t.literal('Throttled'), message: t.string }),
  t.type({ _tag: t.literal('InvalidArgument'), message: t.string }),
  /** Volume and node are in different availability zones. */
  t.type({
    _tag: t.literal('ZoneMismatch'),
    volumeZone: t.string,
    nodeZone: t.string,
    message: t.string,
  }),
  /** The object is in a state the operation does not accept (delete while attached, …). */
  t.type({ _tag: t.literal('IncorrectState'), id: t.string, state: t.string, message: t.string }),
  /** A bounded wait ran out (volume never became available, attachment stuck attaching). */
  t.type({ _tag: t.literal('Timeout'), id: t.string, message: t.string }),
  /** The cloud refused for lack of permission. */
  t.type({ _tag: t.literal('Unauthorized'), message: t.string }),
  /** The cloud or the network is unavailable (5xx, connection refused, capacity shortage). */
  t.type({ _tag: t.literal('Unavailable'), message: t.string }),
]);
/** An error of a capacity provider. */
export type ProviderError = t.TypeOf<typeof ProviderError>;
/** The `_tag` values of {@link ProviderError}. */
export type ProviderErrorTag = ProviderError['_tag'];

/** True when retrying the same call later can succeed without any change. */
export const isRetryable = (e: ProviderError): boolean =>
  e._tag === 'Throttled' || e._tag === 'Unavailable' || e._tag === 'Timeout';

/** Constructors for {@link ProviderError}: one per tag, so providers build them uniformly. */
export const providerError = {
  notFound: (resource: ResourceKind, id: string): ProviderError => ({
    _tag: 'NotFound',
    resource,
    id,
    message: `${resource} ${id} not found`,
  }),
  idempotencyMismatch: (key: string, message: string): ProviderError => ({
    _tag: 'IdempotencyMismatch',
    key,
    message,
  }),
  alreadyExists: (id: string, message: string): ProviderError => ({
    _tag: 'AlreadyExists',
    id,
    message,
  }),
  limitExceeded: (limit: LimitKind, message: string): ProviderError => ({
    _tag: 'LimitExceeded',
    limit,
    message,
  }),
  throttled: (message: string): ProviderError => ({ _tag: 'Throttled', message }),
  invalidArgument: (message: string): ProviderError => ({ _tag: 'InvalidArgument', message }),
  zoneMismatch: (volumeZone: string, nodeZone: string): ProviderError => ({
    _tag: 'ZoneMismatch',
    volumeZone,
    nodeZone,
    message: `volume is in ${volumeZone} but the node is in ${nodeZone}`,
  }),
  incorrectState: (id: string, state: string, message: string): ProviderError => ({
    _tag: 'IncorrectState',
    id,
    state,
    message,
  }),
  timeout: (id: string, message: string): ProviderError => ({ _tag: 'Timeout', id, message }),
  unauthorized: (message: string): ProviderError => ({ _tag: 'Unauthorized', message }),
  unavailable: (message: string): ProviderError => ({ _tag: 'Unavailable', message }),
} as const;

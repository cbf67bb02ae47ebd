/**
 * Building blocks of the Mesos v1 JSON codecs: branded ids and the `Value` family, made with the
 * builders of `struct.ts` (re-exported here).
 *
 * @module
 */
import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { enumOf, list, struct } from './struct.js';

export * from './struct.js';

const nonEmpty = (s: string): boolean => s.length > 0;

/** Brand of a framework id value. */
export interface FrameworkIdBrand {
  readonly FrameworkIdValue: unique symbol;
}
/** Brand of an agent id value. */
export interface AgentIdBrand {
  readonly AgentIdValue: unique symbol;
}
/** Brand of a task id value. */
export interface TaskIdBrand {
  readonly TaskIdValue: unique symbol;
}
/** Brand of an executor id value. */
export interface ExecutorIdBrand {
  readonly ExecutorIdValue: unique symbol;
}
/** Brand of an offer id value. */
export interface OfferIdBrand {
  readonly OfferIdValue: unique symbol;
}

/** A non-empty framework id string. */
export const FrameworkIdValue = t.brand(
  t.string,
  (s): s is t.Branded<string, FrameworkIdBrand> => nonEmpty(s),
  'FrameworkIdValue',
);
/** A non-empty agent id string. */
export const AgentIdValue = t.brand(
  t.string,
  (s): s is t.Branded<string, AgentIdBrand> => nonEmpty(s),
  'AgentIdValue',
);
/** A non-empty task id string. */
export const TaskIdValue = t.brand(
  t.string,
  (s): s is t.Branded<string, TaskIdBrand> => nonEmpty(s),
  'TaskIdValue',
);
/** A non-empty executor id string. */
export const ExecutorIdValue = t.brand(
  t.string,
  (s): s is t.Branded<string, ExecutorIdBrand> => nonEmpty(s),
  'ExecutorIdValue',
);
/** A non-empty offer id string. */
export const OfferIdValue = t.brand(
  t.string,
  (s): s is t.Branded<string, OfferIdBrand> => nonEmpty(s),
  'OfferIdValue',
);

/** `mesos.v1.FrameworkID`. */
export const FrameworkID = struct('FrameworkID', { value: FrameworkIdValue }, {});
/** `mesos.v1.FrameworkID`. */
export type FrameworkID = t.TypeOf<typeof FrameworkID>;
/** `mesos.v1.AgentID`. */
export const AgentID = struct('AgentID', { value: AgentIdValue }, {});
/** `mesos.v1.AgentID`. */
export type AgentID = t.TypeOf<typeof AgentID>;
/** `mesos.v1.TaskID`. */
export const TaskID = struct('TaskID', { value: TaskIdValue }, {});
/** `mesos.v1.TaskID`. */
export type TaskID = t.TypeOf<typeof TaskID>;
/** `mesos.v1.ExecutorID`. */
export const ExecutorID = struct('ExecutorID', { value: ExecutorIdValue }, {});
/** `mesos.v1.ExecutorID`. */
export type ExecutorID = t.TypeOf<typeof ExecutorID>;
/** `mesos.v1.OfferID`. */
export const OfferID = struct('OfferID', { value: OfferIdValue }, {});
/** `mesos.v1.OfferID`. */
export type OfferID = t.TypeOf<typeof OfferID>;
/** Ids without a brand of their own (`OperationID`, `ContainerID`, `ResourceProviderID`, ...). */
export const PlainID = struct('ID', { value: t.string }, {});
/** Ids without a brand of their own. */
export type PlainID = t.TypeOf<typeof PlainID>;

/** Reasons an id string is refused. */
export interface IdError {
  readonly _tag: 'InvalidId';
  readonly kind: string;
  readonly value: string;
}
const mkId =
  <V>(kind: string, codec: t.Type<V, string, unknown>) =>
  (value: string): E.Either<IdError, { readonly value: V }> =>
    E.bimap(
      (): IdError => ({ _tag: 'InvalidId', kind, value }),
      (v: V) => ({ value: v }),
    )(codec.decode(value));

/** Make a FrameworkID from a string (must be non-empty). */
export const frameworkId = mkId('FrameworkID', FrameworkIdValue);
/** Make an AgentID from a string (must be non-empty). */
export const agentId = mkId('AgentID', AgentIdValue);
/** Make a TaskID from a string (must be non-empty). */
export const taskId = mkId('TaskID', TaskIdValue);
/** Make an ExecutorID from a string (must be non-empty). */
export const executorId = mkId('ExecutorID', ExecutorIdValue);
/** Make an OfferID from a string (must be non-empty). */
export const offerId = mkId('OfferID', OfferIdValue);

/** `Value.Scalar`: doubles with three decimal digits of meaning. */
export const Scalar = struct('Scalar', { value: t.number }, {});
/** `Value.Scalar`. */
export type Scalar = t.TypeOf<typeof Scalar>;
/** `Value.Range`, inclusive. */
export const Range = struct('Range', { begin: t.number, end: t.number }, {});
/** `Value.Range`. */
export type Range = t.TypeOf<typeof Range>;
/** `Value.Ranges`. */
export const Ranges = struct('Ranges', {}, { range: list(Range) });
/** `Value.Ranges`. */
export type Ranges = t.TypeOf<typeof Ranges>;
/** `Value.Set`. */
export const ValueSet = struct('ValueSet', {}, { item: list(t.string) });
/** `Value.Set`. */
export type ValueSet = t.TypeOf<typeof ValueSet>;
/** `Value.Text`. */
export const Text = struct('Text', { value: t.string }, {});
/** `Value.Text`. */
export type Text = t.TypeOf<typeof Text>;
/** `Value.Type`. */
export const ValueType = enumOf('ValueType', ['SCALAR', 'RANGES', 'SET', 'TEXT']);
/** `Value.Type`. */
export type ValueType = t.TypeOf<typeof ValueType>;

/** `mesos.v1.Label`. */
export const Label = struct('Label', { key: t.string }, { value: t.string });
/** `mesos.v1.Label`. */
export type Label = t.TypeOf<typeof Label>;
/** `mesos.v1.Labels`. */
export const Labels = struct('Labels', {}, { labels: list(Label) });
/** `mesos.v1.Labels`. */
export type Labels = t.TypeOf<typeof Labels>;
/** `mesos.v1.Parameter`. */
export const Parameter = struct('Parameter', { key: t.string, value: t.string }, {});
/** `mesos.v1.Parameter`. */
export type Parameter = t.TypeOf<typeof Parameter>;
/** `mesos.v1.Parameters`. */
export const Parameters = struct('Parameters', {}, { parameter: list(Parameter) });
/** `mesos.v1.Parameters`. */
export type Parameters = t.TypeOf<typeof Parameters>;
/** `mesos.v1.DurationInfo` (int64 nanoseconds, approximate above 2^53). */
export const DurationInfo = struct('DurationInfo', { nanoseconds: t.number }, {});
/** `mesos.v1.DurationInfo`. */
export type DurationInfo = t.TypeOf<typeof DurationInfo>;
/** `mesos.v1.TimeInfo` (int64 nanoseconds since the epoch, approximate). */
export const TimeInfo = struct('TimeInfo', { nanoseconds: t.number }, {});
/** `mesos.v1.TimeInfo`. */
export type TimeInfo = t.TypeOf<typeof TimeInfo>;
/** Base64 text of `bytes` fields (standard alphabet, padded). */
export const Base64 = t.refinement(
  t.string,
  (s) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s),
  'Base64',
);
/** Base64 text. */
export type Base64 = t.TypeOf<typeof Base64>;

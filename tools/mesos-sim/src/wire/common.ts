/**
 * io-ts codecs for the Mesos v1 shapes the simulator reads (mesos.v1 package). They check the
 * fields the simulator uses and the `required` ones Mesos insists on; unknown keys pass through,
 * as Mesos ignores them, and the decoded value keeps them for echoing.
 */
import * as t from 'io-ts';

/** `{value: string}`: FrameworkID, AgentID, TaskID, ExecutorID, OfferID. */
export const Id = t.type({ value: t.string });
/** An id message. */
export type Id = t.TypeOf<typeof Id>;

/** mesos.v1.Value.Range (inclusive). */
export const Range = t.type({ begin: t.number, end: t.number });
/** A range. */
export type Range = t.TypeOf<typeof Range>;

/** mesos.v1.Resource.ReservationInfo (post-refinement; `type` STATIC or DYNAMIC). */
export const ReservationInfo = t.partial({
  type: t.string,
  role: t.string,
  principal: t.string,
  labels: t.unknown,
});

/** mesos.v1.Resource (the parts the simulator's arithmetic uses). */
export const Resource = t.intersection([
  t.type({ name: t.string, type: t.keyof({ SCALAR: null, RANGES: null, SET: null, TEXT: null }) }),
  t.partial({
    scalar: t.type({ value: t.number }),
    ranges: t.partial({ range: t.array(Range) }),
    set: t.partial({ item: t.array(t.string) }),
    role: t.string,
    allocation_info: t.partial({ role: t.string }),
    reservations: t.array(ReservationInfo),
    reservation: t.partial({ principal: t.string, labels: t.unknown }),
    revocable: t.unknown,
  }),
]);
/** A resource. */
export type Resource = t.TypeOf<typeof Resource>;

/** mesos.v1.Attribute. */
export const Attribute = t.intersection([
  t.type({ name: t.string, type: t.keyof({ SCALAR: null, RANGES: null, SET: null, TEXT: null }) }),
  t.partial({
    scalar: t.type({ value: t.number }),
    text: t.type({ value: t.string }),
    ranges: t.unknown,
    set: t.unknown,
  }),
]);
/** An attribute. */
export type Attribute = t.TypeOf<typeof Attribute>;

/** mesos.v1.CommandInfo.URI. */
export const Uri = t.intersection([
  t.type({ value: t.string }),
  t.partial({ executable: t.boolean, extract: t.boolean, cache: t.boolean, output_file: t.string }),
]);
/** A URI to fetch. */
export type Uri = t.TypeOf<typeof Uri>;

/** mesos.v1.CommandInfo. */
export const CommandInfo = t.partial({
  uris: t.array(Uri),
  environment: t.partial({
    variables: t.array(
      t.intersection([t.type({ name: t.string }), t.partial({ type: t.string, value: t.string })]),
    ),
  }),
  shell: t.boolean,
  value: t.string,
  arguments: t.array(t.string),
  user: t.string,
});
/** A command. */
export type CommandInfo = t.TypeOf<typeof CommandInfo>;

/** mesos.v1.DurationInfo. */
export const DurationInfo = t.type({ nanoseconds: t.number });

/** mesos.v1.ExecutorInfo. */
export const ExecutorInfo = t.intersection([
  t.type({ executor_id: Id }),
  t.partial({
    type: t.keyof({ UNKNOWN: null, DEFAULT: null, CUSTOM: null }),
    framework_id: Id,
    command: CommandInfo,
    resources: t.array(Resource),
    name: t.string,
    shutdown_grace_period: DurationInfo,
  }),
]);
/** An executor description. */
export type ExecutorInfo = t.TypeOf<typeof ExecutorInfo>;

/** mesos.v1.KillPolicy. */
export const KillPolicy = t.partial({ grace_period: DurationInfo });

/** mesos.v1.TaskInfo. */
export const TaskInfo = t.intersection([
  t.type({ name: t.string, task_id: Id, agent_id: Id }),
  t.partial({
    resources: t.array(Resource),
    executor: ExecutorInfo,
    command: CommandInfo,
    kill_policy: KillPolicy,
    data: t.string,
  }),
]);
/** A task description. */
export type TaskInfo = t.TypeOf<typeof TaskInfo>;

/** mesos.v1.TaskStatus. */
export const TaskStatus = t.intersection([
  t.type({ task_id: Id, state: t.string }),
  t.partial({
    message: t.string,
    source: t.string,
    reason: t.string,
    data: t.string,
    agent_id: Id,
    executor_id: Id,
    timestamp: t.number,
    uuid: t.string,
    healthy: t.boolean,
    unreachable_time: t.type({ nanoseconds: t.number }),
    limitation: t.type({ resources: t.array(Resource) }),
  }),
]);
/** A task status. */
export type TaskStatus = t.TypeOf<typeof TaskStatus>;

/** mesos.v1.FrameworkInfo (required: user, name). */
export const FrameworkInfo = t.intersection([
  t.type({ user: t.string, name: t.string }),
  t.partial({
    id: Id,
    failover_timeout: t.number,
    checkpoint: t.boolean,
    role: t.string,
    roles: t.array(t.string),
    hostname: t.string,
    principal: t.string,
    capabilities: t.array(t.partial({ type: t.string })),
  }),
]);
/** A framework description. */
export type FrameworkInfo = t.TypeOf<typeof FrameworkInfo>;

/** mesos.v1.Filters. */
export const Filters = t.partial({ refuse_seconds: t.number });

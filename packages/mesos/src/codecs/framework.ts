/**
 * Codecs of the framework-facing messages: FrameworkInfo, MasterInfo, AgentInfo, Offer and its
 * operations, InverseOffer, Filters and OperationStatus.
 *
 * @module
 */
import * as t from 'io-ts';
import {
  AgentID,
  Base64,
  DurationInfo,
  ExecutorID,
  FrameworkID,
  Labels,
  OfferID,
  Parameter,
  PlainID,
  TimeInfo,
  enumOf,
  list,
  struct,
} from './base.js';
import { AllocationInfo, Attribute, Resource } from './resource.js';
import { ExecutorInfo, TaskGroupInfo, TaskInfo } from './task.js';

/** `FrameworkInfo.Capability.Type`. */
export const FrameworkCapabilityType = enumOf('FrameworkCapabilityType', [
  'UNKNOWN',
  'REVOCABLE_RESOURCES',
  'TASK_KILLING_STATE',
  'GPU_RESOURCES',
  'SHARED_RESOURCES',
  'PARTITION_AWARE',
  'MULTI_ROLE',
  'RESERVATION_REFINEMENT',
  'REGION_AWARE',
]);
/** `FrameworkInfo.Capability.Type`. */
export type FrameworkCapabilityType = t.TypeOf<typeof FrameworkCapabilityType>;

/** `mesos.v1.FrameworkInfo`. With MULTI_ROLE use `roles`, never `role`. */
export const FrameworkInfo = struct(
  'FrameworkInfo',
  { user: t.string, name: t.string },
  {
    id: FrameworkID,
    failover_timeout: t.number,
    checkpoint: t.boolean,
    role: t.string,
    roles: list(t.string),
    hostname: t.string,
    principal: t.string,
    webui_url: t.string,
    capabilities: list(struct('FrameworkCapability', {}, { type: FrameworkCapabilityType })),
    labels: Labels,
  },
);
/** `mesos.v1.FrameworkInfo`. */
export type FrameworkInfo = t.TypeOf<typeof FrameworkInfo>;

/** `mesos.v1.Address`. */
export const Address = struct('Address', { port: t.number }, { hostname: t.string, ip: t.string });
/** `mesos.v1.Address`. */
export type Address = t.TypeOf<typeof Address>;

/** `mesos.v1.URL`. */
export const URL = struct(
  'URL',
  { scheme: t.string, address: Address },
  { path: t.string, query: list(Parameter), fragment: t.string },
);

/**
 * `mesos.v1.MasterInfo`, decoded leniently: only `id` is demanded. Use `address.ip`, not the
 * network-byte-order `ip` number.
 */
export const MasterInfo = struct(
  'MasterInfo',
  { id: t.string },
  {
    ip: t.number,
    port: t.number,
    pid: t.string,
    hostname: t.string,
    version: t.string,
    address: Address,
    capabilities: list(struct('MasterCapability', {}, { type: t.string })),
  },
);
/** `mesos.v1.MasterInfo`. */
export type MasterInfo = t.TypeOf<typeof MasterInfo>;

/** `mesos.v1.AgentInfo`. */
export const AgentInfo = struct(
  'AgentInfo',
  { hostname: t.string },
  { port: t.number, resources: list(Resource), attributes: list(Attribute), id: AgentID },
);
/** `mesos.v1.AgentInfo`. */
export type AgentInfo = t.TypeOf<typeof AgentInfo>;

/** `mesos.v1.Unavailability` (maintenance windows). */
export const Unavailability = struct(
  'Unavailability',
  { start: TimeInfo },
  { duration: DurationInfo },
);

/** `mesos.v1.Offer`: resources of one agent for one role. */
export const Offer = struct(
  'Offer',
  { id: OfferID, framework_id: FrameworkID, agent_id: AgentID, hostname: t.string },
  {
    url: URL,
    allocation_info: AllocationInfo,
    resources: list(Resource),
    attributes: list(Attribute),
    executor_ids: list(ExecutorID),
    unavailability: Unavailability,
  },
);
/** `mesos.v1.Offer`. */
export type Offer = t.TypeOf<typeof Offer>;

/** `mesos.v1.InverseOffer` (maintenance). */
export const InverseOffer = struct(
  'InverseOffer',
  { id: OfferID, framework_id: FrameworkID, unavailability: Unavailability },
  { url: URL, agent_id: AgentID, resources: list(Resource) },
);
/** `mesos.v1.InverseOffer`. */
export type InverseOffer = t.TypeOf<typeof InverseOffer>;

/** `mesos.v1.Filters`: `refuse_seconds` defaults to 5, capped at 365 days. */
export const Filters = struct('Filters', {}, { refuse_seconds: t.number });
/** `mesos.v1.Filters`. */
export type Filters = t.TypeOf<typeof Filters>;

/** `Offer.Operation.Type`. */
export const OperationType = enumOf('OperationType', [
  'UNKNOWN',
  'LAUNCH',
  'LAUNCH_GROUP',
  'RESERVE',
  'UNRESERVE',
  'CREATE',
  'DESTROY',
]);

/** `mesos.v1.Offer.Operation` (the subset this client builds and reads). */
export const OfferOperation = struct(
  'OfferOperation',
  { type: OperationType },
  {
    id: PlainID,
    launch: struct('Launch', {}, { task_infos: list(TaskInfo) }),
    launch_group: struct('LaunchGroup', { executor: ExecutorInfo, task_group: TaskGroupInfo }, {}),
    reserve: struct('Reserve', {}, { resources: list(Resource), source: list(Resource) }),
    unreserve: struct('Unreserve', {}, { resources: list(Resource) }),
    create: struct('Create', {}, { volumes: list(Resource) }),
    destroy: struct('Destroy', {}, { volumes: list(Resource) }),
  },
);
/** `mesos.v1.Offer.Operation`. */
export type OfferOperation = t.TypeOf<typeof OfferOperation>;

/** `mesos.v1.OperationState`. */
export const OperationState = enumOf('OperationState', [
  'OPERATION_UNSUPPORTED',
  'OPERATION_PENDING',
  'OPERATION_FINISHED',
  'OPERATION_FAILED',
  'OPERATION_ERROR',
  'OPERATION_DROPPED',
  'OPERATION_UNREACHABLE',
  'OPERATION_GONE_BY_OPERATOR',
  'OPERATION_RECOVERING',
  'OPERATION_UNKNOWN',
]);

/** `mesos.v1.OperationStatus`. Its `uuid` is a message: `{value: base64}`. */
export const OperationStatus = struct(
  'OperationStatus',
  { state: OperationState },
  {
    operation_id: PlainID,
    message: t.string,
    converted_resources: list(Resource),
    uuid: struct('UUID', { value: Base64 }, {}),
    agent_id: AgentID,
    resource_provider_id: PlainID,
  },
);
/** `mesos.v1.OperationStatus`. */
export type OperationStatus = t.TypeOf<typeof OperationStatus>;

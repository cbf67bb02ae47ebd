/**
 * `mesos.v1.scheduler.Call` and `mesos.v1.scheduler.Event` as discriminated unions on `type`.
 * Each member carries exactly the sub-message Mesos requires for that type.
 *
 * @module
 */
import * as t from 'io-ts';
import {
  AgentID,
  Base64,
  ExecutorID,
  FrameworkID,
  OfferID,
  PlainID,
  TaskID,
  list,
  struct,
} from './base.js';
import { eventMember, typeUnion } from './members.js';
import {
  Filters,
  FrameworkInfo,
  InverseOffer,
  MasterInfo,
  Offer,
  OfferOperation,
  OperationStatus,
} from './framework.js';
import { Resource } from './resource.js';
import { KillPolicy, TaskStatus } from './task.js';

const call = <K extends string, R extends t.Props, O extends t.Props>(
  type: K,
  required: R,
  optional: O,
) =>
  struct(
    `Call.${type}`,
    { type: t.literal(type), framework_id: FrameworkID, ...required },
    optional,
  );

const roles = struct('Roles', {}, { roles: list(t.string) });

/** `Call.Subscribe` payload. */
export const SubscribePayload = struct(
  'Subscribe',
  { framework_info: FrameworkInfo },
  { suppressed_roles: list(t.string) },
);

/** `mesos.v1.scheduler.Call`. */
export const SchedulerCall = typeUnion('SchedulerCall', [
  struct(
    'Call.SUBSCRIBE',
    { type: t.literal('SUBSCRIBE'), subscribe: SubscribePayload },
    { framework_id: FrameworkID },
  ),
  call('TEARDOWN', {}, {}),
  call(
    'ACCEPT',
    {
      accept: struct(
        'Accept',
        { offer_ids: list(OfferID), operations: list(OfferOperation) },
        { filters: Filters },
      ),
    },
    {},
  ),
  call(
    'DECLINE',
    { decline: struct('Decline', { offer_ids: list(OfferID) }, { filters: Filters }) },
    {},
  ),
  call(
    'ACCEPT_INVERSE_OFFERS',
    {
      accept_inverse_offers: struct(
        'AcceptInverseOffers',
        { inverse_offer_ids: list(OfferID) },
        { filters: Filters },
      ),
    },
    {},
  ),
  call(
    'DECLINE_INVERSE_OFFERS',
    {
      decline_inverse_offers: struct(
        'DeclineInverseOffers',
        { inverse_offer_ids: list(OfferID) },
        { filters: Filters },
      ),
    },
    {},
  ),
  call('REVIVE', {}, { revive: roles }),
  call('SUPPRESS', {}, { suppress: roles }),
  call(
    'KILL',
    { kill: struct('Kill', { task_id: TaskID }, { agent_id: AgentID, kill_policy: KillPolicy }) },
    {},
  ),
  call(
    'SHUTDOWN',
    { shutdown: struct('Shutdown', { executor_id: ExecutorID, agent_id: AgentID }, {}) },
    {},
  ),
  call(
    'ACKNOWLEDGE',
    {
      acknowledge: struct('Acknowledge', { agent_id: AgentID, task_id: TaskID, uuid: Base64 }, {}),
    },
    {},
  ),
  call(
    'ACKNOWLEDGE_OPERATION_STATUS',
    {
      acknowledge_operation_status: struct(
        'AcknowledgeOperationStatus',
        { uuid: Base64, operation_id: PlainID },
        { agent_id: AgentID, resource_provider_id: PlainID },
      ),
    },
    {},
  ),
  call(
    'RECONCILE',
    {
      reconcile: struct(
        'Reconcile',
        {},
        { tasks: list(struct('ReconcileTask', { task_id: TaskID }, { agent_id: AgentID })) },
      ),
    },
    {},
  ),
  call(
    'RECONCILE_OPERATIONS',
    {
      reconcile_operations: struct(
        'ReconcileOperations',
        {},
        {
          operations: list(
            struct(
              'ReconcileOperation',
              { operation_id: PlainID },
              { agent_id: AgentID, resource_provider_id: PlainID },
            ),
          ),
        },
      ),
    },
    {},
  ),
  call(
    'MESSAGE',
    {
      message: struct('Message', { agent_id: AgentID, executor_id: ExecutorID, data: Base64 }, {}),
    },
    {},
  ),
  call(
    'REQUEST',
    {
      request: struct(
        'Request',
        {},
        {
          requests: list(
            struct('ResourceRequest', {}, { agent_id: AgentID, resources: list(Resource) }),
          ),
        },
      ),
    },
    {},
  ),
  call('UPDATE_FRAMEWORK', { update_framework: SubscribePayload }, {}),
]);
/** `mesos.v1.scheduler.Call`. */
export type SchedulerCall = t.TypeOf<typeof SchedulerCall>;
/** The `type` of a scheduler call. */
export type SchedulerCallType = SchedulerCall['type'];

const event = eventMember('Event');

/** `mesos.v1.scheduler.Event`. */
export const SchedulerEvent = typeUnion('SchedulerEvent', [
  event('SUBSCRIBED', {
    subscribed: struct(
      'Subscribed',
      { framework_id: FrameworkID },
      { heartbeat_interval_seconds: t.number, master_info: MasterInfo },
    ),
  }),
  event('OFFERS', { offers: struct('Offers', {}, { offers: list(Offer) }) }),
  event('INVERSE_OFFERS', {
    inverse_offers: struct('InverseOffers', {}, { inverse_offers: list(InverseOffer) }),
  }),
  event('RESCIND', { rescind: struct('Rescind', { offer_id: OfferID }, {}) }),
  event('RESCIND_INVERSE_OFFER', {
    rescind_inverse_offer: struct('RescindInverseOffer', { inverse_offer_id: OfferID }, {}),
  }),
  event('UPDATE', { update: struct('Update', { status: TaskStatus }, {}) }),
  event('UPDATE_OPERATION_STATUS', {
    update_operation_status: struct('UpdateOperationStatus', { status: OperationStatus }, {}),
  }),
  event('MESSAGE', {
    message: struct(
      'EventMessage',
      { agent_id: AgentID, executor_id: ExecutorID, data: Base64 },
      {},
    ),
  }),
  event('FAILURE', {
    failure: struct(
      'Failure',
      {},
      { agent_id: AgentID, executor_id: ExecutorID, status: t.number },
    ),
  }),
  event('ERROR', { error: struct('Error', { message: t.string }, {}) }),
  event('HEARTBEAT', {}),
]);
/** `mesos.v1.scheduler.Event`. */
export type SchedulerEvent = t.TypeOf<typeof SchedulerEvent>;
/** The `type` of a scheduler event. */
export type SchedulerEventType = SchedulerEvent['type'];

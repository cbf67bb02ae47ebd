/**
 * The scheduler's Mesos event loop: each item of the subscription goes to the sink as what it is
 * (subscribed, offers, rescind, update, failure, error, disconnected, a skipped bad event), and a
 * fatal error ends the loop. The loop decides nothing.
 */
import {
  decodeJsonData,
  describeError,
  type Offer,
  type SchedulerClient,
  type SchedulerEvent,
} from '@scaleio-framework/mesos';
import type { StatusInput } from '@scaleio-framework/orchestrator';

/** Where the event loop delivers what it receives. Handlers run one at a time, in order. */
export interface EventSink {
  subscribed(frameworkId: string): unknown;
  offers(offers: readonly Offer[]): unknown;
  rescinded(offerId: string): unknown;
  update(update: StatusInput): unknown;
  /** An agent or executor failed (logged; the status updates carry what matters). */
  failure(fields: Record<string, unknown>): void;
  /** The master sent ERROR. */
  error(message: string): void;
  /** The subscription was lost; `protocol`: the master broke the protocol (unhealthy until fixed). */
  disconnected(error: string, retryInMs: number, protocol: boolean): void;
  badEvent(error: string): void;
  /** The subscription failed for good. */
  fatal(error: string): void;
}

/** A status update as the core reads it, its `data` decoded from base64 JSON. */
export const statusInputOf = (
  s: Extract<SchedulerEvent, { type: 'UPDATE' }>['update']['status'],
): StatusInput => ({
  taskId: s.task_id.value,
  agentId: s.agent_id?.value,
  state: s.state,
  message: s.message,
  reason: s.reason,
  data: decodeJsonData(s.data),
  uuid: s.uuid,
});

/** Gives a status update a better message (e.g. why its executor ended), or undefined. */
export type ExplainUpdate = (
  status: Extract<SchedulerEvent, { type: 'UPDATE' }>['update']['status'],
) => Promise<string | undefined>;

const deliver = async (
  sink: EventSink,
  e: SchedulerEvent,
  explain: ExplainUpdate | undefined,
): Promise<unknown> => {
  switch (e.type) {
    case 'SUBSCRIBED':
      return sink.subscribed(e.subscribed.framework_id.value);
    case 'OFFERS':
      return sink.offers(e.offers.offers ?? []);
    case 'RESCIND':
      return sink.rescinded(e.rescind.offer_id.value);
    case 'UPDATE': {
      const better = await explain?.(e.update.status);
      const input = statusInputOf(e.update.status);
      return sink.update(better === undefined ? input : { ...input, message: better });
    }
    case 'FAILURE':
      return sink.failure({
        agentId: e.failure.agent_id?.value,
        executorId: e.failure.executor_id?.value,
        status: e.failure.status,
      });
    case 'ERROR':
      return sink.error(e.error.message);
    default:
      return;
  }
};

/**
 * Consumes the subscription until it ends, `stopping()` says so, or it fails for good. `explain`
 * may replace a status update's message before the sink sees it.
 */
export async function runEventLoop(
  client: Pick<SchedulerClient, 'events'>,
  sink: EventSink,
  stopping: () => boolean,
  explain?: ExplainUpdate,
): Promise<void> {
  for await (const item of client.events()) {
    if (stopping()) break;
    if (item._tag === 'Event') await deliver(sink, item.event, explain);
    else if (item._tag === 'Disconnected')
      sink.disconnected(
        describeError(item.error),
        item.retryInMs,
        item.error._tag === 'ProtocolError',
      );
    else if (item._tag === 'BadEvent') sink.badEvent(describeError(item.error));
    else {
      sink.fatal(describeError(item.error));
      break;
    }
  }
}

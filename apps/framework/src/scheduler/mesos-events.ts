/**
 * The scheduler's Mesos event loop: each event from the subscription goes to the core (offers,
 * updates, subscribe) or to the log (failures, errors); disconnections and bad events are
 * logged, and a fatal error ends the loop.
 */
import { describeError, type SchedulerClient, type SchedulerEvent } from '@scaleio-framework/mesos';
import type { AgentFacts, AgentId } from '@scaleio-framework/orchestrator';
import type { mesosPort } from '../adapters/mesos.js';
import type { Metrics } from '@scaleio-framework/operator';
import { decodeJsonData } from '@scaleio-framework/mesos';
import type { SchedulerCore } from './core.js';
import type { LiveScheduler } from './operator-api.js';
import type { Log, StatusInput } from './ports.js';

/** What the event loop drives. */
export interface EventLoopDeps {
  readonly client: SchedulerClient;
  readonly live: LiveScheduler;
  readonly metrics: Metrics;
  readonly log: Log;
  readonly mesos: ReturnType<typeof mesosPort>;
  readonly core: SchedulerCore;
  /** Agents seen in offers (the healer reads their facts). */
  readonly agents: Map<AgentId, AgentFacts>;
  readonly stopping: () => boolean;
  /** Called once with the reason when the subscription fails for good. */
  readonly fatal: (why: string) => void;
}

/** Consumes the subscription until it ends, is stopped or fails for good. */
export async function runEventLoop(d: EventLoopDeps): Promise<void> {
  for await (const item of d.client.events()) {
    if (d.stopping()) break;
    if (item._tag === 'Event') await onEvent(d, item.event);
    else if (item._tag === 'Disconnected') {
      d.live.subscribed = false;
      d.metrics.recordSubscribed(false);
      d.log.warn('disconnected from the master; resubscribing', {
        error: describeError(item.error),
        retryInMs: item.retryInMs,
      });
    } else if (item._tag === 'BadEvent')
      d.log.warn('undecodable event skipped', { error: describeError(item.error) });
    else {
      d.log.error('fatal Mesos error', { error: describeError(item.error) });
      d.fatal(`fatal: ${describeError(item.error)}`);
      break;
    }
  }
}

const onEvent = async (d: EventLoopDeps, e: SchedulerEvent): Promise<void> => {
  switch (e.type) {
    case 'SUBSCRIBED':
      d.metrics.recordSubscribed(true, d.live.subscribed);
      d.live.subscribed = true;
      d.log.info('subscribed', { frameworkId: e.subscribed.framework_id.value });
      return d.core.onSubscribed();
    case 'OFFERS': {
      const offers = e.offers.offers ?? [];
      d.metrics.recordOffers(offers.length, 0);
      const inputs = d.mesos.offered(offers);
      for (const i of inputs) d.agents.set(i.agent.agentId, i.agent);
      return d.core.onOffers(inputs);
    }
    case 'RESCIND':
      return d.mesos.rescinded(e.rescind.offer_id.value);
    case 'UPDATE': {
      const s = e.update.status;
      const u: StatusInput = {
        taskId: s.task_id.value,
        agentId: s.agent_id?.value,
        state: s.state,
        message: s.message,
        data: decodeJsonData(s.data),
        uuid: s.uuid,
      };
      return d.core.onUpdate(u);
    }
    case 'FAILURE':
      return d.log.warn('agent or executor failure', {
        agentId: e.failure.agent_id?.value,
        executorId: e.failure.executor_id?.value,
        status: e.failure.status,
      });
    case 'ERROR':
      return d.log.error('master sent ERROR', { message: e.error.message });
    default:
      return;
  }
};

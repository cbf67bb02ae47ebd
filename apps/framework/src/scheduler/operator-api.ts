/**
 * The scheduler's operator API handlers (health, status, metrics, history, actions) over what
 * the running scheduler has come up with so far: they answer while it waits for leadership.
 */
import type { AgentId } from '@scaleio-framework/orchestrator';
import type { SchedulerClient } from '@scaleio-framework/mesos';
import type { Config } from '../config/load.js';
import type { EventLog } from '@scaleio-framework/operator';
import type { CapacityHistory } from '@scaleio-framework/operator';
import type { Metrics } from '@scaleio-framework/operator';
import type { HttpDeps } from '@scaleio-framework/operator';
import { emptyStatusInputs, statusView, type PoolInfo } from '@scaleio-framework/operator';
import type { SchedulerCore } from '@scaleio-framework/scheduler';
import { healingStatusInputs, type startHealing } from './healing.js';

/** What the HTTP handlers see; filled in as the scheduler comes up. */
export interface LiveScheduler {
  core: SchedulerCore | undefined;
  client: SchedulerClient | undefined;
  leader: boolean;
  subscribed: boolean;
  healing: ReturnType<typeof startHealing> | undefined;
  /** Pools sampled without healing (status and metrics still show capacity). */
  sampledPools: PoolInfo[];
}

/** What the handlers read besides the live scheduler. */
export interface OperatorApiDeps {
  readonly config: Config;
  readonly metrics: Metrics;
  readonly history: CapacityHistory;
  readonly events: EventLog;
  readonly startedAt: number;
  readonly now: () => number;
  readonly executorFile: string | undefined;
}

type Healer = NonNullable<LiveScheduler['healing']>['healer'];

/** The HTTP server's handlers for a scheduler. */
export function operatorApi(live: LiveScheduler, d: OperatorApiDeps): HttpDeps {
  const healingInputs = () => {
    if (!live.healing) {
      d.metrics.observePools(live.sampledPools);
      return { pools: live.sampledPools };
    }
    const h = healingStatusInputs(live.healing.healer.status(), live.healing.policy);
    d.history.record(h.pools);
    d.metrics.observePools(h.pools);
    return h;
  };
  const healingAction =
    (run: (h: Healer, id: string) => Promise<{ ok: boolean; error?: string }>) =>
    async (body: unknown) => {
      if (!live.healing)
        return {
          status: 409,
          body: { error: 'capacity healing is not enabled (--healing-enabled)' },
        };
      const r = await run(live.healing.healer, field(body, 'id'));
      return r.ok
        ? { status: 200, body: { ok: true } }
        : { status: 400, body: { error: r.error ?? 'refused' } };
    };
  return {
    health: () => ({ ok: true, leader: live.leader, subscribed: live.subscribed }),
    status: () =>
      live.core
        ? statusView(
            live.core.state(),
            {
              frameworkId: live.client?.frameworkId()?.value,
              master: live.client?.leader(),
              subscribed: live.subscribed,
              leader: live.leader,
              suppressed: live.core.suppressed(),
              startedAt: d.startedAt,
            },
            d.now(),
            {
              ...emptyStatusInputs,
              ...healingInputs(),
              events: d.events.list(),
              secrets: [d.config.password, d.config.operatorToken],
            },
          )
        : { framework: { leader: live.leader, subscribed: live.subscribed }, nodes: [] },
    metrics: async () => {
      if (live.core) d.metrics.observeState(live.core.state());
      return d.metrics.render();
    },
    history: () => d.history.view(),
    executorFile: d.executorFile,
    operatorToken: d.config.operatorToken,
    actions: {
      'healing-pause': healingAction((h) => h.pause()),
      'healing-resume': healingAction((h) => h.resume()),
      'healing-approve': healingAction((h, id) => h.approve(id)),
      'healing-decline': healingAction((h, id) => h.decline(id)),
      'retry-node': async (body) => {
        const agentId = field(body, 'agentId');
        if (!live.core) return { status: 503, body: { error: 'not leading' } };
        const ok = await live.core.retryNode(agentId as AgentId);
        return ok
          ? { status: 200, body: { retried: agentId } }
          : { status: 404, body: { error: `no node ${agentId}` } };
      },
    },
  };
}

/** A string field of a JSON action body ('' when absent). */
const field = (body: unknown, name: string): string =>
  typeof body === 'object' && body !== null && name in body
    ? String((body as Record<string, unknown>)[name])
    : '';

/**
 * The HTTP handlers of a running scheduler — health, status, metrics, history, operator actions —
 * over a live view of it that fills in as it comes up (they answer while it waits for leadership).
 * The handlers only read: the read models are fed where the observations happen.
 */
import type { AgentId, DeployState } from '@scaleio-framework/orchestrator';
import type { OperatorReadModels } from './read-models.js';
import type { Secret } from './secret.js';
import type { HttpDeps } from './server.js';
import { emptyStatusInputs, statusView } from './status.js';

/** The scheduler core as the handlers see it. */
export interface LiveCore {
  state(): DeployState;
  suppressed(): boolean;
  /** Operator retry of a failed node; false for an unknown node. */
  retryNode(agentId: AgentId): Promise<boolean>;
}

/** The Mesos client as the handlers see it. */
export interface LiveClient {
  frameworkId(): { readonly value: string } | undefined;
  /** The master it talks to. */
  leader(): string | undefined;
}

/** An operator action's outcome (the healer's `Outcome`). */
export type ActionOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

/** The healer's operator actions. */
export interface HealerActions {
  approve(entryId: string): Promise<ActionOutcome>;
  decline(entryId: string): Promise<ActionOutcome>;
  pause(): Promise<ActionOutcome>;
  resume(): Promise<ActionOutcome>;
  /** Drains one healing-added device (its ledger entry id) on demand: removed, detached, deleted. */
  drain(entryId: string): Promise<ActionOutcome>;
}

/** What the handlers see of the scheduler; the composition root fills it in as it comes up. */
export interface LiveScheduler {
  core: LiveCore | undefined;
  client: LiveClient | undefined;
  leader: boolean;
  subscribed: boolean;
  /**
   * Why this instance cannot work with Mesos right now (a protocol error of the master); set
   * until the next good SUBSCRIBED. While set, `/health` is not ok.
   */
  mesosProblem?: string | undefined;
  /** Present when capacity healing is on. */
  healer: HealerActions | undefined;
  /** The rolling upgrade's operator actions, once the scheduler leads. */
  upgrader?: UpgradeActions | undefined;
  /** Lost MDM member replacement's operator actions, once the scheduler leads. */
  replacer?: ReplacerActions | undefined;
  /** Lost SDS removal's operator actions (same shape, by removal id), once the scheduler leads. */
  sdsRemover?: ReplacerActions | undefined;
}

/** Lost MDM member replacement's operator actions (by replacement id). */
export interface ReplacerActions {
  approve(id: string): Promise<ActionOutcome>;
  retry(id: string): Promise<ActionOutcome>;
}

/** The rolling upgrade's operator actions. */
export interface UpgradeActions {
  pause(): Promise<ActionOutcome>;
  resume(): Promise<ActionOutcome>;
}

/** A live view before anything came up. */
export const notStarted = (): LiveScheduler => ({
  core: undefined,
  client: undefined,
  leader: false,
  subscribed: false,
  healer: undefined,
});

/** What the handlers read besides the live view. */
export interface OperatorApiDeps {
  readonly models: OperatorReadModels;
  /** Known secret values (the gateway password, the operator token): never shown. */
  readonly secrets: readonly Secret[];
  /** Bearer token of the operator actions; empty disables them. */
  readonly operatorToken: Secret;
  readonly startedAt: number;
  readonly now: () => number;
  /** The executor bundle served to the Mesos fetcher, if any. */
  readonly executorFile: string | undefined;
  /** The executor's Node.js runtime archive and the path it is served at, if any. */
  readonly executorRuntime?: HttpDeps['executorRuntime'];
}

type ActionResult = { status: number; body: unknown };

/** A string field of a JSON action body ('' when absent or not a string: never converted). */
const field = (body: unknown, name: string): string => {
  if (typeof body !== 'object' || body === null || !Object.hasOwn(body, name)) return '';
  const v = (body as Record<string, unknown>)[name];
  return typeof v === 'string' ? v.slice(0, 200) : '';
};

/**
 * The HTTP server's handlers for a scheduler.
 *
 * @example
 * ```ts
 * const live = notStarted();
 * const models = createReadModels();
 * await startHttpServer(operatorApi(live, { models, secrets: [password, token],
 *   operatorToken: token, startedAt: now(), now, executorFile }), host, port);
 * live.core = core; // later, as the scheduler comes up; models are fed by observations
 * ```
 */
export function operatorApi(live: LiveScheduler, d: OperatorApiDeps): HttpDeps {
  const healingAction =
    (run: (h: HealerActions, id: string) => Promise<ActionOutcome>) =>
    async (body: unknown): Promise<ActionResult> => {
      if (!live.healer)
        return {
          status: 409,
          body: { error: 'capacity healing is not enabled (--healing-enabled)' },
        };
      const r = await run(live.healer, field(body, 'id'));
      return r.ok ? { status: 200, body: { ok: true } } : { status: 400, body: { error: r.error } };
    };
  const upgradeAction =
    (run: (u: UpgradeActions) => Promise<ActionOutcome>) => async (): Promise<ActionResult> => {
      if (!live.upgrader) return { status: 503, body: { error: 'not leading' } };
      const r = await run(live.upgrader);
      return r.ok ? { status: 200, body: { ok: true } } : { status: 409, body: { error: r.error } };
    };
  const replacerAction =
    (run: (r: ReplacerActions, id: string) => Promise<ActionOutcome>, which = 'replacer') =>
    async (body: unknown): Promise<ActionResult> => {
      const actions = which === 'replacer' ? live.replacer : live.sdsRemover;
      if (!actions) return { status: 503, body: { error: 'not leading' } };
      const r = await run(actions, field(body, 'id'));
      return r.ok ? { status: 200, body: { ok: true } } : { status: 409, body: { error: r.error } };
    };
  return {
    health: () => ({
      ok: live.mesosProblem === undefined,
      leader: live.leader,
      subscribed: live.subscribed,
      ...(live.mesosProblem === undefined ? {} : { problem: live.mesosProblem }),
    }),
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
              ...d.models.statusInputs(),
              events: d.models.events.list(),
              secrets: d.secrets,
            },
          )
        : { framework: { leader: live.leader, subscribed: live.subscribed }, nodes: [] },
    metrics: () => d.models.metrics.render(),
    history: () => d.models.history.view(),
    executorFile: d.executorFile,
    executorRuntime: d.executorRuntime,
    operatorToken: d.operatorToken,
    actions: {
      'healing-pause': healingAction((h) => h.pause()),
      'healing-resume': healingAction((h) => h.resume()),
      'healing-approve': healingAction((h, id) => h.approve(id)),
      'healing-decline': healingAction((h, id) => h.decline(id)),
      'healing-drain': healingAction((h, id) => h.drain(id)),
      'upgrade-pause': upgradeAction((u) => u.pause()),
      'upgrade-resume': upgradeAction((u) => u.resume()),
      'member-approve': replacerAction((r, id) => r.approve(id)),
      'member-retry': replacerAction((r, id) => r.retry(id)),
      'sds-approve': replacerAction((r, id) => r.approve(id), 'sdsRemover'),
      'sds-retry': replacerAction((r, id) => r.retry(id), 'sdsRemover'),
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

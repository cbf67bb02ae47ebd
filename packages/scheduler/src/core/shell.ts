/**
 * The scheduler core's shell: handlers turn what happened into observations, the pure
 * `decide` of `@scaleio-framework/orchestrator` says what to do, and this performs it — saving
 * the deploy state first when it changed (the intent), then each action on its channel. Results
 * of actions (a failed launch, a gateway step's outcome, a refused SUPPRESS) are observations
 * again. One observation at a time.
 */
import {
  decide,
  initialModel,
  toSave,
  type Action,
  type AgentId,
  type DeployState,
  type ClusterSpec,
  type Observation,
  type OfferInput,
  type ProbeFailure,
  type ResolveDeviceSpec,
  type DeployStepResult,
  type UpgradeTaskSpec,
  type MembershipTaskSpec,
  type SchedulerModel,
  type SchedulerSettings,
  type StatusInput,
  type StepSpecSettings,
} from '@scaleio-framework/orchestrator';
import type { DeployStore, GatewayPort, Log, MesosPort, StepTask } from './ports.js';

/** Settings of the core: the cluster spec, what every step spec carries, and the password. */
export interface CoreSettings extends StepSpecSettings {
  readonly spec: ClusterSpec;
  /** A task still TASK_STAGING this long after its launch is killed (default 5 minutes). */
  readonly launchTimeoutMs?: number;
  /** Revealed only into the `TaskInfo.data` of the steps that use it. */
  readonly password: () => string;
}

/** Dependencies of the core: one port per channel, the clock and the log. */
export interface CoreDeps {
  readonly mesos: MesosPort;
  readonly gateway: GatewayPort;
  readonly store: DeployStore;
  readonly now: () => number;
  readonly log: Log;
  /** Called after every decision with the model it left (read models, metrics). */
  readonly observe?: (m: SchedulerModel) => void;
}

/** How many results of results one observation may lead to in one turn. */
export const MAX_FOLLOW_UPS = 8;

/** What a probe answered: a device probe its `path`, an upgrade task its step `result`. */
export type ProbeOutcome =
  { readonly ok: true; readonly path: string; readonly result?: DeployStepResult } | ProbeFailure;

/** The core's settings: no secret reaches the pure core. */
const settingsOf = ({
  spec,
  password: _secret,
  launchTimeoutMs,
  ...steps
}: CoreSettings): SchedulerSettings => ({
  spec,
  steps,
  ...(launchTimeoutMs === undefined ? {} : { launchTimeoutMs }),
});

/** Creates the scheduler core's shell. Call `start()` once before anything else. */
export function createSchedulerCore(settings: CoreSettings, deps: CoreDeps) {
  const decided = settingsOf(settings);
  let model: SchedulerModel = initialModel(undefined, decided, deps.now());
  const waiting = new Map<string, (o: ProbeOutcome) => void>();
  let probeIds = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <A>(f: () => Promise<A>): Promise<A> => {
    const p = chain.then(f, f);
    chain = p.catch(() => undefined);
    return p;
  };

  const task = (a: Extract<Action, { _tag: 'launch' }>): StepTask => ({
    taskId: a.task.taskId,
    agentId: a.task.agentId,
    name: a.task.name,
    spec: a.task.secret ? { ...a.task.data, password: settings.password() } : a.task.data,
  });

  /** Performs one action; its result, when the core must hear of it, as an observation. */
  const perform = async (a: Action): Promise<Observation | undefined> => {
    switch (a._tag) {
      case 'launch': {
        const r = await deps.mesos.launch(a.offerId, task(a));
        return r.ok
          ? undefined
          : {
              _tag: 'launchFailed',
              taskId: a.task.taskId,
              offerId: a.offerId,
              error: r.error,
              offerUnused: r.offerUnused ?? false,
            };
      }
      case 'decline': {
        // A DECLINE that failed leaves its offers held at the master (until it rescinds them:
        // never, without `--offer_timeout`); say so, the offers' resources are not ours to use.
        const r = await deps.mesos.decline(a.offerIds, a.refuseSeconds);
        if (!r.ok)
          deps.log.warn('declining offers failed: the master keeps them until it rescinds them', {
            offers: a.offerIds.length,
            error: r.error,
          });
        return undefined;
      }
      case 'acknowledge':
        await deps.mesos.acknowledge(a.agentId, a.taskId, a.uuid);
        return undefined;
      case 'reconcile':
        await deps.mesos.reconcile(a.tasks);
        return undefined;
      case 'kill':
        // An unanswered KILL is sent again by the core; nothing to hear of here.
        await deps.mesos.kill(a.agentId, a.taskId);
        return undefined;
      case 'suppress':
      case 'revive': {
        const r = await (a._tag === 'suppress' ? deps.mesos.suppress() : deps.mesos.revive());
        return r.ok ? undefined : { _tag: 'offerInterestFailed', wanted: a._tag };
      }
      case 'ensureStorageObjects': {
        const r = await deps.gateway.ensureStorageObjects(a.objects);
        return {
          _tag: 'gatewayStepDone',
          agentId: a.agentId,
          step: a.step,
          error: r.ok ? undefined : r.error,
          ...(!r.ok && r.unavailable === true ? { gatewayUnavailable: true } : {}),
          skipped: r.ok ? (r.skipped ?? []) : [],
        };
      }
      case 'probeAnswered':
        waiting.get(a.id)?.(a.outcome);
        waiting.delete(a.id);
        return undefined;
      case 'log':
        deps.log[a.line.level](a.line.msg, { ...a.line.fields });
        return undefined;
    }
  };

  /**
   * Decides, saves the intent, performs; follow-up observations in the same turn, at most
   * {@link MAX_FOLLOW_UPS} deep (a guard: the core never asks for a loop, but a shell that
   * looped would block every other event).
   */
  const step = async (o: Observation, depth = 0): Promise<boolean> => {
    if (depth > MAX_FOLLOW_UPS) {
      deps.log.error('follow-up observations too deep; the rest waits for the next tick', {
        observation: o._tag,
      });
      return false;
    }
    const d = decide(model, o, decided, deps.now());
    const save = toSave(model, d);
    if (save !== undefined) {
      const r = await deps.store.save(save);
      if (!r.ok) {
        deps.log.error('state not saved; action skipped', { error: r.error });
        for (const a of d.onSaveFailure) await perform(a);
        return false;
      }
    }
    model = d.model;
    deps.observe?.(model);
    const follow: Observation[] = [];
    for (const a of d.actions) {
      const f = await perform(a);
      if (f !== undefined) follow.push(f);
    }
    for (const f of follow) await step(f, depth + 1);
    return true;
  };
  const run = (o: Observation) => serial(() => step(o));

  return {
    /** Loads the saved state (call once, before subscribing). */
    start: () =>
      serial(async () => {
        const saved: DeployState | undefined = await deps.store.load();
        model = initialModel(saved, decided, deps.now());
        deps.observe?.(model);
      }),
    onOffers: (offers: readonly OfferInput[]) => run({ _tag: 'offers', offers }),
    onUpdate: (update: StatusInput) => run({ _tag: 'update', update }),
    onSubscribed: () => run({ _tag: 'subscribed' }),
    /**
     * Explicit reconciliation of the tasks still running (on a timer): an update lost while an
     * agent restarted comes back as the master's latest state for the task.
     */
    reconcileRunning: () => run({ _tag: 'reconcileRunning' }),
    /** Implicit reconciliation: Mesos answers for every task of ours it knows. */
    reconcileAll: () => run({ _tag: 'reconcileAll' }),
    /** Timer tick: retries whose backoff ended, gateway work, offer interest. */
    tick: () => run({ _tag: 'tick' }),
    /**
     * Looks for agents that joined: while offers are suppressed Mesos shows no new agent, so
     * this revives them once; known agents' offers are declined and offers suppressed again.
     */
    discover: () => run({ _tag: 'discover' }),
    /** Operator retry of a failed node: every failed step goes back to pending. */
    retryNode: (agentId: AgentId): Promise<boolean> =>
      serial(async () =>
        model.deploy.nodes[agentId] === undefined ? false : step({ _tag: 'retryNode', agentId }),
      ),
    /**
     * Runs a device-resolution probe (capacity healing) or an upgrade task on an agent's
     * executor: queued until an offer from that agent arrives (offers are revived for it),
     * answered by its status update. An aborted `signal` drops one not launched yet.
     */
    probe: (
      agentId: AgentId,
      spec: ResolveDeviceSpec | UpgradeTaskSpec | MembershipTaskSpec,
      signal?: AbortSignal,
    ) =>
      new Promise<ProbeOutcome>((done) => {
        const id = `probe-${++probeIds}`;
        waiting.set(id, done);
        signal?.addEventListener(
          'abort',
          () => {
            if (!waiting.delete(id)) return;
            done({ ok: false, error: 'probe timed out' });
            void run({ _tag: 'probeCancelled', id });
          },
          { once: true },
        );
        void run({ _tag: 'probeRequested', probe: { id, agentId, spec } });
      }),
    /** The current deploy state (read-only snapshot). */
    state: () => model.deploy,
    /** What the core decides with (no secret): step specs outside the core use the same. */
    settings: () => decided,
    /** Whether offers are suppressed. */
    suppressed: () => model.suppressed,
    /** The agents seen in offers, by id. */
    agents: () => model.agents,
  };
}

/** The scheduler core's interface. */
export type SchedulerCore = ReturnType<typeof createSchedulerCore>;

/**
 * The scheduler core's shell: handlers turn what happened into observations, the pure
 * `decide` of `@scaleio-framework/orchestrator` says what to do, and this performs it — saving
 * the deploy state first when it changed (the intent), then each action on its channel. Results
 * of actions (a failed launch, a gateway step's outcome, a refused SUPPRESS) are observations
 * again.
 *
 * One turn at a time, and a turn takes every observation that queued while the previous one
 * saved and performed (group commit, up to {@link MAX_TURN_OBSERVATIONS}): each is decided in
 * order on the model the one before left, then the deploy state is saved once and the actions of
 * all are performed in order. A busy deploy (hundreds of agents reporting at once) thus writes
 * its state once per turn, not once per status update; a quiet one still turns per observation.
 * The intent is saved before any of its actions, as with one observation per turn.
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
  /** After every decided turn (and the load), with the model it left (read models, metrics). */
  readonly observe?: (m: SchedulerModel) => void;
  /** After every turn, one whose save failed included (metrics). */
  readonly turned?: (t: TurnStats) => void;
}

/** How many results of results one observation may lead to in one turn. */
export const MAX_FOLLOW_UPS = 8;

/** The most observations one turn decides before it saves (the rest wait for the next turn). */
export const MAX_TURN_OBSERVATIONS = 256;

/** What one turn did, for metrics: how long its observations waited, the save. */
export interface TurnStats {
  /** Per observation of the turn: ms from its arrival to the start of the turn. */
  readonly waitedMs: readonly number[];
  /** The state save, when the turn changed the state: its ms and whether it succeeded. */
  readonly save?: { readonly ms: number; readonly ok: boolean };
}

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

  /** An observation waiting for its turn, with when it came and whom to tell the outcome. */
  interface Queued {
    readonly o: Observation;
    readonly at: number;
    readonly done: (decided: boolean) => void;
  }

  /**
   * One turn over `batch`: decides each in order, saves the intent once, performs every action;
   * the follow-up observations the actions lead to get a turn of their own right after, at most
   * {@link MAX_FOLLOW_UPS} deep (a guard: the core never asks for a loop, but a shell that
   * looped would block every other event). Resolves whether the batch was decided (false: its
   * state could not be saved, and only its `onSaveFailure` actions were performed). Each turn is
   * reported to `deps.turned` once its own save and actions are done.
   */
  const turn = async (
    batch: readonly Observation[],
    waitedMs: readonly number[],
    depth = 0,
  ): Promise<boolean> => {
    if (depth > MAX_FOLLOW_UPS) {
      deps.log.error('follow-up observations too deep; the rest waits for the next tick', {
        observations: batch.map((o) => o._tag),
      });
      return false;
    }
    let next = model;
    const actions: Action[] = [];
    const onSaveFailure: Action[] = [];
    for (const o of batch) {
      const d = decide(next, o, decided, deps.now());
      next = d.model;
      actions.push(...d.actions);
      onSaveFailure.push(...d.onSaveFailure);
    }
    const report = (save?: TurnStats['save']) =>
      deps.turned?.({ waitedMs, ...(save ? { save } : {}) });
    const toWrite = toSave(model, { model: next, actions, onSaveFailure });
    let save: TurnStats['save'];
    if (toWrite !== undefined) {
      const t0 = performance.now();
      const r = await deps.store.save(toWrite);
      save = { ms: performance.now() - t0, ok: r.ok };
      if (!r.ok) {
        deps.log.error('state not saved; action skipped', {
          error: r.error,
          observations: batch.length,
        });
        for (const a of onSaveFailure) await perform(a);
        report(save);
        return false;
      }
    }
    model = next;
    deps.observe?.(model);
    const follow: Observation[] = [];
    for (const a of actions) {
      const f = await perform(a);
      if (f !== undefined) follow.push(f);
    }
    report(save);
    if (follow.length > 0)
      await turn(
        follow,
        follow.map(() => 0),
        depth + 1,
      );
    return true;
  };

  const queued: Queued[] = [];
  let draining = false;
  /** Takes every queued observation (up to the cap) into one turn; again while more wait. */
  const drain = async (): Promise<void> => {
    draining = false;
    const batch = queued.splice(0, MAX_TURN_OBSERVATIONS);
    if (queued.length > 0) kick();
    const start = performance.now();
    const ok = await turn(
      batch.map((q) => q.o),
      batch.map((q) => start - q.at),
    );
    for (const q of batch) q.done(ok);
  };
  const kick = () => {
    if (draining) return;
    draining = true;
    void serial(drain);
  };
  /** Queues `o` for the next turn; resolves once that turn (and its follow-ups) ended. */
  const run = (o: Observation): Promise<boolean> =>
    new Promise<boolean>((done) => {
      queued.push({ o, at: performance.now(), done });
      kick();
    });

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
        model.deploy.nodes[agentId] === undefined
          ? false
          : turn([{ _tag: 'retryNode', agentId }], [0]),
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

import {
  applyStepEvent,
  decideOffers,
  emptyDeployState,
  isMdm,
  observeAgents,
  parseTaskId,
  recordDevices,
  runnableSteps,
  storageObjectsFor,
  wantsOffers,
  wantsOffersGiven,
  type AgentFacts,
  type AgentId,
  type ClusterSpec,
  type DeployState,
  type NodeState,
  type StepId,
} from '@scaleio-framework/orchestrator';
import type { MdmMember, StepSpec } from '@scaleio-framework/orchestrator';
import {
  ResolveDeviceResult,
  StepResult,
  type ResolveDeviceSpec,
} from '@scaleio-framework/orchestrator';
import type { DeployStore, GatewayPort, Log, MesosPort, OfferInput, StatusInput } from './ports.js';

/** Settings of the core that are not part of the cluster spec. */
export interface CoreSettings {
  readonly spec: ClusterSpec;
  readonly gatewayUser: string;
  /** Revealed only into `StepSpec.password`, which travels in `TaskInfo.data`. */
  readonly password: () => string;
  readonly packageRepoUrl: string;
  /** Configured gateway URL; empty: `https://<primary ip>` in full mode. */
  readonly gatewayUrl: string;
  readonly versions: StepSpec['versions'];
  readonly agentFlags: string;
  readonly agentService: string;
  readonly insecureTls: boolean;
}

/** Dependencies of the core. */
export interface CoreDeps {
  readonly mesos: MesosPort;
  readonly gateway: GatewayPort;
  readonly store: DeployStore;
  readonly now: () => number;
  readonly log: Log;
}

const TERMINAL_OK = new Set(['TASK_FINISHED']);
const TERMINAL_FAIL = new Set(['TASK_FAILED', 'TASK_ERROR', 'TASK_KILLED']);
const TERMINAL_LOST = new Set([
  'TASK_LOST',
  'TASK_DROPPED',
  'TASK_GONE',
  'TASK_GONE_BY_OPERATOR',
  'TASK_UNKNOWN',
]);

/**
 * The scheduler's core: event handlers record observations, then one reconcile pass asks the
 * orchestrator what to do and carries it out through the ports. Every change of the deploy state
 * is saved before the side effect it announces (the intent), and handlers run one at a time.
 */
export function createSchedulerCore(settings: CoreSettings, deps: CoreDeps) {
  let state: DeployState = emptyDeployState();
  const agents = new Map<AgentId, AgentFacts>();
  let suppressed = false;
  /** Probes waiting for an offer from their agent, and those in flight by task id. */
  type ProbeOutcome = { ok: true; path: string } | { ok: false; error: string };
  interface Probe {
    readonly agentId: AgentId;
    readonly spec: ResolveDeviceSpec;
    readonly done: (r: ProbeOutcome) => void;
  }
  const queuedProbes: Probe[] = [];
  const runningProbes = new Map<string, Probe>();
  let probeSeq = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <A>(f: () => Promise<A>): Promise<A> => {
    const p = chain.then(f, f);
    chain = p.catch(() => undefined);
    return p;
  };

  const save = async (next: DeployState): Promise<boolean> => {
    const r = await deps.store.save(next);
    if (!r.ok) {
      deps.log.error('state not saved; action skipped', { error: r.error });
      return false;
    }
    state = next;
    return true;
  };

  const mdms = (): MdmMember[] => {
    if (settings.spec.mode === 'existing')
      return settings.spec.existingMdmIps.map((ip, i) => ({
        ip,
        name: `mdm${i + 1}`,
        role: i === 0 ? 'primary' : 'secondary',
      }));
    const order = { primary: 0, secondary: 1, tiebreaker: 2 } as const;
    const ns = Object.values(state.nodes)
      .filter((n) => isMdm(n.role))
      .sort(
        (a, b) =>
          order[a.role as keyof typeof order] - order[b.role as keyof typeof order] ||
          a.agentId.localeCompare(b.agentId),
      );
    let sec = 0;
    let tb = 0;
    return ns.map((n) => {
      const role = n.role as MdmMember['role'];
      const name =
        role === 'primary' ? 'mdm1' : role === 'secondary' ? `mdm${2 + sec++}` : `tb${1 + tb++}`;
      return { ip: n.ip, name, role };
    });
  };

  const gatewayUrl = () => {
    if (settings.gatewayUrl !== '') return settings.gatewayUrl;
    const primary = Object.values(state.nodes).find((n) => n.role === 'primary');
    return primary ? `https://${primary.ip}` : '';
  };

  const specFor = (n: NodeState, step: StepId): StepSpec => ({
    step,
    role: n.role,
    agentId: n.agentId,
    hostname: n.hostname,
    ip: n.ip,
    mode: settings.spec.mode,
    systemName: settings.spec.systemName,
    protectionDomain: settings.spec.protectionDomain,
    storagePool: settings.spec.storagePool,
    mdms: mdms(),
    gatewayUrl: gatewayUrl(),
    gatewayUser: settings.gatewayUser,
    password: settings.password(),
    packageRepoUrl: settings.packageRepoUrl,
    versions: settings.versions,
    agentFlags: settings.agentFlags,
    agentService: settings.agentService,
    insecureTls: settings.insecureTls,
  });

  /** Offers: learn the agents, launch what can run, decline the rest. */
  const onOffers = (offers: readonly OfferInput[]) =>
    serial(async () => {
      for (const o of offers) agents.set(o.agent.agentId, o.agent);
      const observed = observeAgents(state, [...agents.values()], settings.spec);
      if (observed !== state && !(await save(observed))) return;
      const now = deps.now();
      const decisions = decideOffers(
        state,
        settings.spec,
        offers.map((o) => ({
          offerId: o.offerId,
          agentId: o.agent.agentId,
          cpus: o.agent.resources.cpus,
          memMb: o.agent.resources.memMb,
        })),
        now,
      );
      const declined: string[] = [];
      for (const d of decisions) {
        if (d._tag === 'decline') {
          const agentId = d.agentId;
          const i = queuedProbes.findIndex((p) => p.agentId === agentId);
          const probe = queuedProbes[i];
          if (agentId !== undefined && probe !== undefined && !nodeBusy(agentId)) {
            queuedProbes.splice(i, 1);
            const taskId = `scaleio.probe.${now}-${probeSeq++}.${agentId}`;
            runningProbes.set(taskId, probe);
            deps.log.info('launch probe', { agentId, taskId, volume: probe.spec.volumeId });
            const r = await deps.mesos.launch(d.offerId, {
              taskId,
              agentId,
              name: `scaleio resolve ${probe.spec.volumeId}`,
              spec: probe.spec,
            });
            if (!r.ok) {
              runningProbes.delete(taskId);
              probe.done({ ok: false, error: `launch failed: ${r.error}` });
            }
            continue;
          }
          declined.push(d.offerId);
          continue;
        }
        const node = state.nodes[d.agentId];
        if (!node) continue;
        const started = applyStepEvent(state, settings.spec, {
          agentId: d.agentId,
          step: d.step,
          event: 'start',
          now,
        });
        if (!(await save(started))) {
          declined.push(d.offerId);
          continue;
        }
        deps.log.info('launch step', {
          agentId: d.agentId,
          host: node.hostname,
          step: d.step,
          taskId: d.taskId,
          offerId: d.offerId,
        });
        const r = await deps.mesos.launch(d.offerId, {
          taskId: d.taskId,
          agentId: d.agentId,
          name: `scaleio ${d.step} on ${node.hostname}`,
          spec: specFor(node, d.step),
        });
        if (!r.ok) {
          deps.log.warn('launch failed; the step will be launched again', {
            step: d.step,
            agentId: d.agentId,
            error: r.error,
          });
          await save(
            applyStepEvent(state, settings.spec, {
              agentId: d.agentId,
              step: d.step,
              event: 'lost',
              now,
              reason: `launch failed: ${r.error}`,
            }),
          );
        }
      }
      if (declined.length > 0)
        await deps.mesos.decline(declined, settings.spec.declineRefuseSeconds);
      await reconcileNow();
    });

  const nodeBusy = (agentId: AgentId): boolean =>
    Object.values(state.nodes[agentId]?.steps ?? {}).some((st) => st.status === 'running') ||
    [...runningProbes.values()].some((p) => p.agentId === agentId);

  /** A status update: move the step, save, then acknowledge. */
  const onUpdate = (u: StatusInput) =>
    serial(async () => {
      const probe = runningProbes.get(u.taskId);
      if (probe) {
        if (TERMINAL_OK.has(u.state)) {
          const r = ResolveDeviceResult.decode(u.data);
          probe.done(
            r._tag === 'Right'
              ? { ok: true, path: r.right.path }
              : { ok: false, error: 'probe answered without a path' },
          );
          runningProbes.delete(u.taskId);
        } else if (TERMINAL_FAIL.has(u.state) || TERMINAL_LOST.has(u.state)) {
          probe.done({ ok: false, error: `${u.state}: ${u.message ?? 'no message'}` });
          runningProbes.delete(u.taskId);
        }
        if (u.uuid !== undefined && u.agentId !== undefined)
          await deps.mesos.acknowledge(u.agentId, u.taskId, u.uuid);
        return;
      }
      const id = parseTaskId(u.taskId);
      const node = id && state.nodes[id.agentId];
      const step = id && node?.steps[id.step];
      const now = deps.now();
      if (id && node && step && step.status === 'running' && step.taskId === u.taskId) {
        let next = state;
        if (TERMINAL_OK.has(u.state)) {
          const result = u.data === undefined ? undefined : StepResult.decode(u.data);
          if (result && result._tag === 'Right' && result.right.devices)
            next = recordDevices(next, id.agentId, result.right.devices);
          next = applyStepEvent(next, settings.spec, {
            agentId: id.agentId,
            step: id.step,
            event: 'finish',
            now,
          });
          deps.log.info('step finished', { agentId: id.agentId, step: id.step });
        } else if (TERMINAL_FAIL.has(u.state)) {
          const reason = `${u.state}: ${u.message ?? 'no message'}`;
          next = applyStepEvent(next, settings.spec, {
            agentId: id.agentId,
            step: id.step,
            event: 'fail',
            now,
            reason,
          });
          deps.log.warn('step failed', {
            agentId: id.agentId,
            step: id.step,
            reason,
            status: next.nodes[id.agentId]?.steps[id.step]?.status,
          });
        } else if (TERMINAL_LOST.has(u.state)) {
          const reason = `${u.state}: ${u.message ?? 'no message'}`;
          next = applyStepEvent(next, settings.spec, {
            agentId: id.agentId,
            step: id.step,
            event: 'lost',
            now,
            reason,
          });
          deps.log.warn('step lost; it will be launched again under the same task id', {
            agentId: id.agentId,
            step: id.step,
            reason,
          });
        }
        if (next !== state && !(await save(next))) return; // not acknowledged: Mesos resends it
      }
      if (u.uuid !== undefined && u.agentId !== undefined)
        await deps.mesos.acknowledge(u.agentId, u.taskId, u.uuid);
      await reconcileNow();
    });

  const runningTasks = () =>
    Object.values(state.nodes).flatMap((n) =>
      Object.values(n.steps)
        .filter((s) => s.status === 'running' && s.taskId !== undefined)
        .map((s) => ({ taskId: s.taskId as string, agentId: n.agentId as string })),
    );

  /** After (re)subscribing: ask Mesos for the state of every task we think is running. */
  const onSubscribed = () =>
    serial(async () => {
      suppressed = false;
      const running = runningTasks();
      deps.log.info('subscribed; explicit reconciliation', { tasks: running.length });
      await deps.mesos.reconcile(running);
      await reconcileNow();
    });

  /** Gateway steps and offer interest: runs after every event and on a timer. */
  const reconcileNow = async () => {
    const now = deps.now();
    const runnable = runnableSteps(state, settings.spec, now);
    const gatewaySteps = runnable.filter((x) => x.kind === 'gateway');
    for (const r of gatewaySteps) {
      const objects = storageObjectsFor(state, settings.spec, r.agentId);
      if (!objects) continue;
      if (
        !(await save(
          applyStepEvent(state, settings.spec, {
            agentId: r.agentId,
            step: r.step,
            event: 'start',
            now,
          }),
        ))
      )
        return;
      const res = await deps.gateway.ensureStorageObjects(objects);
      const event = res.ok ? 'finish' : 'fail';
      deps.log[res.ok ? 'info' : 'warn'](
        res.ok ? 'storage objects in place' : 'storage objects failed',
        { agentId: r.agentId, sds: objects.sdsName, ...(res.ok ? {} : { error: res.error }) },
      );
      await save(
        applyStepEvent(state, settings.spec, {
          agentId: r.agentId,
          step: r.step,
          event,
          now: deps.now(),
          ...(res.ok ? {} : { reason: res.error }),
        }),
      );
    }
    // The runnable steps computed above still hold unless a gateway step changed the state.
    const want =
      queuedProbes.length > 0 ||
      (gatewaySteps.length === 0
        ? wantsOffersGiven(state, runnable)
        : wantsOffers(state, settings.spec, deps.now()));
    if (want && suppressed) {
      if ((await deps.mesos.revive()).ok) suppressed = false;
    } else if (!want && !suppressed) {
      if ((await deps.mesos.suppress()).ok) suppressed = true;
    }
  };

  return {
    /** Loads the saved state (call once, before subscribing). */
    start: () =>
      serial(async () => {
        const saved = await deps.store.load();
        if (saved) state = saved;
      }),
    onOffers,
    onUpdate,
    onSubscribed,
    /**
     * Explicit reconciliation of the tasks still running (on a timer): an update lost while an
     * agent restarted comes back as the master's latest state for the task.
     */
    reconcileRunning: () =>
      serial(async () => {
        const running = runningTasks();
        if (running.length > 0) await deps.mesos.reconcile(running);
      }),
    /** Timer tick: retries whose backoff ended, gateway work, offer interest. */
    tick: () => serial(reconcileNow),
    /**
     * Looks for agents that joined: while offers are suppressed Mesos shows no new agent, so
     * this revives them once; known agents' offers are declined and offers suppressed again.
     */
    discover: () =>
      serial(async () => {
        if (suppressed && (await deps.mesos.revive()).ok) suppressed = false;
      }),
    /** Operator retry of a failed node: every failed step goes back to pending. */
    retryNode: (agentId: AgentId) =>
      serial(async () => {
        const n = state.nodes[agentId];
        if (!n) return false;
        let next = state;
        for (const [step, s] of Object.entries(n.steps))
          if (s.status === 'failed')
            next = applyStepEvent(next, settings.spec, {
              agentId,
              step: step as StepId,
              event: 'retry',
              now: deps.now(),
            });
        const ok = await save(next);
        await reconcileNow();
        return ok;
      }),
    /**
     * Runs a device-resolution probe on an agent's executor (capacity healing): queued until an
     * offer from that agent arrives (offers are revived for it), answered by its status update.
     */
    probe: (agentId: AgentId, spec: ResolveDeviceSpec): Promise<ProbeOutcome> =>
      new Promise<ProbeOutcome>((done) => {
        queuedProbes.push({ agentId, spec, done });
        void serial(reconcileNow);
      }),
    /** The current deploy state (read-only snapshot). */
    state: () => state,
    /** Whether offers are suppressed. */
    suppressed: () => suppressed,
  };
}

/** The scheduler core's interface. */
export type SchedulerCore = ReturnType<typeof createSchedulerCore>;

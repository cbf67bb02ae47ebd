import { createHash } from 'node:crypto';
import {
  acceptCall,
  acknowledgeCall,
  declineCall,
  describeError,
  fitTask,
  launchOperation,
  reconcileCall,
  reviveCall,
  scalarTotal,
  suppressCall,
  usableByRole,
  type AgentID,
  type ExecutorInfo,
  type FrameworkID,
  type MesosError,
  type Offer,
  type OfferID,
  type Resource,
  type SchedulerCall,
  type TaskID,
  type TaskInfo,
} from '@scaleio-framework/mesos';
import type { AgentFacts, AgentId } from '@scaleio-framework/orchestrator';
import type { Either } from 'fp-ts/lib/Either.js';
import type { MesosPort, OfferInput, PortResult, StepTask } from '../scheduler/ports.js';

// Ids reach the adapter as plain strings that Mesos itself gave us (or our deterministic task ids).
const agentID = (s: string) => ({ value: s }) as unknown as AgentID;
const taskID = (s: string) => ({ value: s }) as unknown as TaskID;

/** What every step task is built with. */
export interface TaskSettings {
  readonly role: string;
  /** URL the Mesos fetcher downloads the executor bundle from. */
  readonly executorUri: string;
  readonly stepCpus: number;
  readonly stepMemMb: number;
  /** The executor's own resources (charged once per agent). */
  readonly executorCpus: number;
  readonly executorMemMb: number;
  /** Environment for the executor (never a secret). */
  readonly executorEnv: Readonly<Record<string, string>>;
}

/** The executor id on an agent: one executor per agent runs every step there. */
export const executorIdFor = (agentId: string, s: TaskSettings): string =>
  `scaleio-executor.${executorFingerprint(s)}.${agentId}`;

/**
 * A short digest of what makes an ExecutorInfo: Mesos refuses a task whose ExecutorInfo differs
 * from the running executor's with the same id, and a restarted scheduler may serve the executor
 * from a new URL. A new digest means a new executor; the old one exits when it has been idle.
 */
export const executorFingerprint = (s: TaskSettings): string =>
  createHash('sha256')
    .update(
      JSON.stringify([
        s.executorUri,
        s.executorCpus,
        s.executorMemMb,
        Object.entries(s.executorEnv).sort(),
      ]),
    )
    .digest('hex')
    .slice(0, 10);

/**
 * The ExecutorInfo of an agent's executor. It is the same for every step of that agent, as Mesos
 * requires for a running executor; its resources copy the offer's form (role, allocation).
 */
export function executorInfo(
  agentId: string,
  s: TaskSettings,
  resources: readonly Resource[],
): ExecutorInfo {
  return {
    executor_id: { value: executorIdFor(agentId, s) } as unknown as ExecutorInfo['executor_id'],
    type: 'CUSTOM',
    name: 'scaleio-executor',
    command: {
      shell: true,
      value: 'exec node ./scaleio-executor.mjs',
      uris: [{ value: s.executorUri, executable: false, extract: false, cache: false }],
      environment: {
        variables: Object.entries(s.executorEnv).map(([name, value]) => ({ name, value })),
      },
    },
    resources: [...resources],
  };
}

/**
 * The TaskInfo of a step: the step spec as JSON in `data` (base64), resources carved from the
 * offer in its own form, the agent's executor. Pure.
 */
export function stepTaskInfo(
  task: StepTask,
  offer: Offer,
  s: TaskSettings,
): { task: TaskInfo } | { shortfall: string } {
  const own = fitTask(offer.resources ?? [], { cpus: s.stepCpus, mem: s.stepMemMb }, s.role);
  if (own._tag === 'Left')
    return { shortfall: `step needs ${s.stepCpus} cpus / ${s.stepMemMb} MB` };
  const running = (offer.executor_ids ?? []).some(
    (e) => e.value === executorIdFor(task.agentId, s),
  );
  const left = (offer.resources ?? []).filter((r) => usableByRole(r, s.role));
  const exec = fitTask(left, { cpus: s.executorCpus, mem: s.executorMemMb }, s.role);
  if (exec._tag === 'Left')
    return { shortfall: `executor needs ${s.executorCpus} cpus / ${s.executorMemMb} MB` };
  if (!running) {
    const total = fitTask(
      left,
      { cpus: s.stepCpus + s.executorCpus, mem: s.stepMemMb + s.executorMemMb },
      s.role,
    );
    if (total._tag === 'Left')
      return { shortfall: 'offer too small for the step and a new executor' };
  }
  return {
    task: {
      name: task.name,
      task_id: taskID(task.taskId),
      agent_id: agentID(task.agentId),
      resources: own.right,
      executor: executorInfo(task.agentId, s, exec.right),
      data: Buffer.from(JSON.stringify(task.spec)).toString('base64'),
    },
  };
}

/** What the core needs to know about an offer's agent. */
export function agentFactsOf(offer: Offer, role: string): AgentFacts {
  const usable = (offer.resources ?? []).filter((r) => usableByRole(r, role));
  const attributes: Record<string, string> = {};
  for (const a of offer.attributes ?? []) {
    const v =
      a.text?.value ??
      (a.scalar ? String(a.scalar.value) : a.set ? (a.set.item ?? []).join(',') : undefined);
    if (v !== undefined) attributes[a.name] = v;
  }
  return {
    agentId: offer.agent_id.value as string as AgentId,
    hostname: offer.hostname,
    ip: offer.url?.address.ip ?? offer.hostname,
    attributes,
    resources: { cpus: scalarTotal(usable, 'cpus'), memMb: scalarTotal(usable, 'mem') },
  };
}

/** Sends one call; the Mesos client does the IO. */
export type CallFn = (call: SchedulerCall) => Promise<Either<MesosError, unknown>>;

/**
 * The core's Mesos port over the scheduler client: remembers the offers it was shown (to build
 * tasks from their resources) until they are used, declined or rescinded.
 */
export function mesosPort(deps: {
  call: CallFn;
  frameworkId: () => FrameworkID | undefined;
  settings: TaskSettings;
}) {
  const offers = new Map<string, Offer>();
  const send = async (build: (f: FrameworkID) => SchedulerCall): Promise<PortResult> => {
    const f = deps.frameworkId();
    if (f === undefined) return { ok: false, error: 'not subscribed' };
    const r = await deps.call(build(f));
    return r._tag === 'Right' ? { ok: true } : { ok: false, error: describeError(r.left) };
  };
  const port: MesosPort = {
    async launch(offerId, task) {
      const offer = offers.get(offerId);
      if (!offer) return { ok: false, error: `offer ${offerId} is gone` };
      offers.delete(offerId);
      const built = stepTaskInfo(task, offer, deps.settings);
      if ('shortfall' in built) {
        await send((f) => declineCall(f, [offer.id], 5));
        return { ok: false, error: built.shortfall };
      }
      return send((f) => acceptCall(f, [offer.id], [launchOperation([built.task])]));
    },
    decline: (ids, refuseSeconds) => {
      const known = ids
        .map((id) => offers.get(id)?.id)
        .filter((x): x is OfferID => x !== undefined);
      for (const id of ids) offers.delete(id);
      return known.length === 0
        ? Promise.resolve({ ok: true })
        : send((f) => declineCall(f, known, refuseSeconds));
    },
    suppress: () => send((f) => suppressCall(f, [deps.settings.role])),
    revive: () => send((f) => reviveCall(f, [deps.settings.role])),
    acknowledge: (agentId, taskId, uuid) =>
      send((f) => acknowledgeCall(f, agentID(agentId), taskID(taskId), uuid)),
    reconcile: (tasks) =>
      send((f) =>
        reconcileCall(
          f,
          tasks.map((t) => ({
            taskId: { value: t.taskId } as TaskID,
            agentId: { value: t.agentId } as AgentID,
          })),
        ),
      ),
  };
  return {
    port,
    /** Records offers and returns them as the core's inputs. */
    offered(list: readonly Offer[]): OfferInput[] {
      for (const o of list) offers.set(o.id.value, o);
      return list.map((o) => ({ offerId: o.id.value, agent: agentFactsOf(o, deps.settings.role) }));
    },
    /** Forgets a rescinded offer. */
    rescinded(offerId: string) {
      offers.delete(offerId);
    },
  };
}

/**
 * Mesos wire shapes of the scheduler's decisions, pure: the executor of an agent, a step's
 * TaskInfo carved from its offer, and an offer as the core sees it.
 */
import { createHash } from 'node:crypto';
import {
  encodeJsonData,
  fitTask,
  usableByRole,
  type AgentID,
  type ExecutorInfo,
  type Offer,
  type Resource,
  type TaskID,
  type TaskInfo,
} from '@scaleio-framework/mesos';
import {
  taskKindOf,
  type AgentFacts,
  type AgentId,
  type OfferInput,
  type TaskKind,
} from '@scaleio-framework/orchestrator';
import type { StepTask } from '../core/ports.js';

// Ids reach the adapter as plain strings that Mesos itself gave us (or our deterministic task ids).
/** A Mesos agent id from the plain string Mesos gave us. */
export const agentID = (s: string) => ({ value: s }) as unknown as AgentID;
/** A Mesos task id from the plain string of one of our (deterministic) task ids. */
export const taskID = (s: string) => ({ value: s }) as unknown as TaskID;

/** What every step task is built with. */
export interface TaskSettings {
  readonly role: string;
  /** URL the Mesos fetcher downloads the executor bundle from. */
  readonly executorUri: string;
  /**
   * The Node.js runtime the executor runs on: the URL the Mesos fetcher downloads its archive
   * from (unpacked in the sandbox) and the archive's top directory, which holds `bin/node`.
   */
  readonly runtime: { readonly uri: string; readonly dir: string };
  readonly stepCpus: number;
  /** Memory (MB) of each kind of step task (`taskKindOf`): what its tools need at their peak. */
  readonly taskMemMb: Readonly<Record<TaskKind, number>>;
  /** The executor's own resources (charged once per agent). */
  readonly executorCpus: number;
  readonly executorMemMb: number;
  /** Environment for the executor (never a secret). */
  readonly executorEnv: Readonly<Record<string, string>>;
}

const fingerprints = new WeakMap<TaskSettings, string>();

/** The executor id on an agent: one executor per agent runs every step there. */
export const executorIdFor = (agentId: string, s: TaskSettings): string =>
  `scaleio-executor.${executorFingerprint(s)}.${agentId}`;

/**
 * A short digest of what makes an ExecutorInfo: Mesos refuses a task whose ExecutorInfo differs
 * from the running executor's with the same id, and a restarted scheduler may serve the executor
 * from a new URL. A new digest means a new executor; the old one exits when it has been idle.
 */
export const executorFingerprint = (s: TaskSettings): string => {
  const known = fingerprints.get(s);
  if (known !== undefined) return known;
  const f = digest(s);
  fingerprints.set(s, f);
  return f;
};

const digest = (s: TaskSettings): string =>
  createHash('sha256')
    .update(
      JSON.stringify([
        s.executorUri,
        s.runtime.uri,
        s.executorCpus,
        s.executorMemMb,
        Object.entries(s.executorEnv).sort(),
      ]),
    )
    .digest('hex')
    .slice(0, 10);

/**
 * The command that starts the executor: the fetched runtime's own `bin/node`, never a `node` on
 * the agent's PATH (a bare agent has none). `exec`, so the agent's signals reach node itself.
 */
export const executorCommand = (s: Pick<TaskSettings, 'runtime'>): string =>
  `exec ./${s.runtime.dir}/bin/node ./scaleio-executor.mjs`;

/**
 * What the Mesos fetcher puts in the executor's sandbox (docs/fetcher.md): the runtime archive,
 * unpacked (`extract`) and kept in the agent's fetcher cache (`cache`: its URI changes with its
 * content), and the executor bundle, fetched fresh each time (its URI names no version).
 */
export const executorUris = (s: Pick<TaskSettings, 'runtime' | 'executorUri'>) => [
  { value: s.runtime.uri, executable: false, extract: true, cache: true },
  { value: s.executorUri, executable: false, extract: false, cache: false },
];

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
      value: executorCommand(s),
      uris: executorUris(s),
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
  const mem = s.taskMemMb[taskKindOf('step' in task.spec ? task.spec.step : 'probe')];
  const own = fitTask(offer.resources ?? [], { cpus: s.stepCpus, mem }, s.role);
  if (own._tag === 'Left') return { shortfall: `step needs ${s.stepCpus} cpus / ${mem} MB` };
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
      { cpus: s.stepCpus + s.executorCpus, mem: mem + s.executorMemMb },
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
      data: encodeJsonData(task.spec),
    },
  };
}

/** An attribute's value as the core keeps it (text as is, scalars and sets as strings). */
const attributeValue = (a: NonNullable<Offer['attributes']>[number]): string | undefined =>
  a.text?.value ??
  (a.scalar ? String(a.scalar.value) : a.set ? (a.set.item ?? []).join(',') : undefined);

/** Whether `offer`'s attributes are exactly `known` (no allocation for text attributes). */
const sameAttributes = (offer: Offer, known: Readonly<Record<string, string>>): boolean => {
  let n = 0;
  for (const a of offer.attributes ?? []) {
    const v = attributeValue(a);
    if (v === undefined) continue;
    if (known[a.name] !== v) return false;
    n += 1;
  }
  return n === Object.keys(known).length;
};

/**
 * An offer as the core sees it: the agent's facts (resources the role may use, attributes as
 * strings, its IP) and whether our executor already runs there. With `previous` (the facts of
 * the agent's last offer) and nothing changed, the same facts object is returned: an OFFERS event
 * of 10,000 known agents then allocates one small object per offer, and the core compares facts
 * by identity.
 */
export function offerInputOf(offer: Offer, s: TaskSettings, previous?: AgentFacts): OfferInput {
  // One pass over the resources, no intermediate arrays: this runs once per offer.
  let cpus = 0;
  let mem = 0;
  for (const r of offer.resources ?? []) {
    if (r.type !== 'SCALAR' || (r.name !== 'cpus' && r.name !== 'mem')) continue;
    if (!usableByRole(r, s.role)) continue;
    if (r.name === 'cpus') cpus += r.scalar?.value ?? 0;
    else mem += r.scalar?.value ?? 0;
  }
  // Mesos keeps scalars as fixed point with three decimals (as `scalarTotal` rounds).
  cpus = Math.round(cpus * 1000) / 1000;
  mem = Math.round(mem * 1000) / 1000;
  let executorRunning = false;
  const executors = offer.executor_ids;
  if (executors !== undefined && executors.length > 0) {
    const executorId = executorIdFor(offer.agent_id.value, s);
    executorRunning = executors.some((e) => e.value === executorId);
  }
  const ip = offer.url?.address.ip ?? offer.hostname;
  if (
    previous !== undefined &&
    (previous.agentId as string) === (offer.agent_id.value as string) &&
    previous.hostname === offer.hostname &&
    previous.ip === ip &&
    previous.resources.cpus === cpus &&
    previous.resources.memMb === mem &&
    sameAttributes(offer, previous.attributes)
  )
    return { offerId: offer.id.value, agent: previous, executorRunning };
  const attributes: Record<string, string> = {};
  for (const a of offer.attributes ?? []) {
    const v = attributeValue(a);
    if (v !== undefined) attributes[a.name] = v;
  }
  return {
    offerId: offer.id.value,
    agent: {
      agentId: offer.agent_id.value as string as AgentId,
      hostname: offer.hostname,
      ip,
      attributes,
      resources: { cpus, memMb: mem },
    },
    executorRunning,
  };
}

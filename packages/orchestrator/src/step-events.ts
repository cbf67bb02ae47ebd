import { AgentId } from './agents.js';
import { DeployStep } from './plan.js';
import type { ClusterSpec } from './spec.js';
import { nodeOf, stepOf, type DeployState, type DeployStepState } from './state.js';
import { nextStatus, type DeployStepEvent } from './transitions.js';

/** Backoff before attempt `attempts + 1`: base * 2^(attempts-1), capped. */
export const retryDelayMs = (attempts: number, spec: ClusterSpec): number =>
  Math.min(spec.retryMaxMs, spec.retryBaseMs * 2 ** Math.max(0, attempts - 1));

/** The longest a node waits between two tries of an unavailable gateway. */
export const GATEWAY_WAIT_MAX_MS = 10_000;

/**
 * The wait before trying an unavailable gateway again, after `waits` waits in a row: base *
 * 2^(waits-1), capped at {@link GATEWAY_WAIT_MAX_MS} (and `retryMaxMs`), less up to a fifth —
 * spread by a hash of the agent id and the count, so that nodes do not call in step (pure: the
 * same inputs give the same wait).
 */
export const gatewayWaitMs = (waits: number, agentId: string, spec: ClusterSpec): number => {
  const cap = Math.min(spec.retryMaxMs, GATEWAY_WAIT_MAX_MS);
  const full = Math.min(cap, spec.retryBaseMs * 2 ** Math.max(0, waits - 1));
  let h = 2166136261;
  for (const c of `${agentId}#${waits}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return Math.round(full * (1 - ((h >>> 0) % 1000) / 5000));
};

/**
 * The deterministic task id of a step's `launch`-th task (0-based). Mesos refuses a task id it
 * still knows (or keeps among its unreachable tasks), and its proto discourages any reuse: every
 * launch of a step gets the next number, so an id is never launched twice.
 */
export const taskIdFor = (agentId: AgentId, step: DeployStep, launch: number): string =>
  `scaleio.${step}.${launch}.${agentId}`;

/**
 * How many tasks a step has launched: its counter, or — in a state written before the counter
 * existed — one past the number in its last task id.
 */
export const launchesOf = (s: DeployStepState): number =>
  s.launches ??
  (s.taskId === undefined ? s.attempts : (parseTaskIdNumber(s.taskId) ?? s.attempts) + 1);

const parseTaskIdNumber = (taskId: string): number | undefined => {
  const m = /^scaleio\.[a-z-]+\.(\d+)\./.exec(taskId);
  return m ? Number(m[1]) : undefined;
};

/** The id of the step's next task. */
export const nextTaskId = (agentId: AgentId, step: DeployStep, s: DeployStepState): string =>
  taskIdFor(agentId, step, launchesOf(s));

/** Reads a task id made by {@link taskIdFor}; `undefined` for any other task id. */
export function parseTaskId(
  taskId: string,
): { step: DeployStep; attempt: number; agentId: AgentId } | undefined {
  // `attempt` is the launch number (the name is kept for the callers).
  const m = /^scaleio\.([a-z-]+)\.(\d+)\.(.+)$/.exec(taskId);
  if (!m || !DeployStep.is(m[1]) || !AgentId.is(m[3])) return undefined;
  return { step: m[1], attempt: Number(m[2]), agentId: m[3] };
}

/** Options of {@link applyStepEvent}. */
export interface DeployStepEventInput {
  readonly agentId: AgentId;
  readonly step: DeployStep;
  readonly event: DeployStepEvent;
  readonly now: number;
  /** Why it failed or waits (events `fail`, `lost`, `wait`). Must not contain secrets. */
  readonly reason?: string;
}

/**
 * Applies one step event through the transition table. Events that do not apply (a duplicate or
 * late status update) leave the state as it is.
 */
export function applyStepEvent(
  state: DeployState,
  spec: ClusterSpec,
  e: DeployStepEventInput,
): DeployState {
  const node = nodeOf(state, e.agentId);
  const step = node && stepOf(node, e.step);
  if (!node || !step) return state;
  const attempts = e.event === 'fail' ? step.attempts + 1 : e.event === 'retry' ? 0 : step.attempts;
  const to = nextStatus(step.status, e.event, attempts >= spec.maxAttempts);
  if (to === undefined) return state;
  const next: DeployStepState = { status: to, attempts, updatedAt: e.now };
  const waits =
    e.event === 'wait' ? (step.waits ?? 0) + 1 : e.event === 'start' ? (step.waits ?? 0) : 0;
  if (waits > 0) next.waits = waits;
  const launches = launchesOf(step);
  if (e.event === 'start') {
    next.taskId = taskIdFor(e.agentId, e.step, launches);
    next.launches = launches + 1;
  } else {
    if (launches > 0) next.launches = launches;
    if (step.taskId !== undefined && to === 'running') next.taskId = step.taskId;
  }
  if (e.event === 'unreachable') next.unreachableSince = step.unreachableSince ?? e.now;
  if (to === 'delayed')
    next.notBefore =
      e.now +
      (e.event === 'wait' ? gatewayWaitMs(waits, e.agentId, spec) : retryDelayMs(attempts, spec));
  if (e.reason !== undefined && (e.event === 'fail' || e.event === 'lost' || e.event === 'wait'))
    next.lastError = e.reason;
  else if (to !== 'done' && step.lastError !== undefined && e.event !== 'retry')
    next.lastError = step.lastError;
  return {
    ...state,
    nodes: { ...state.nodes, [e.agentId]: { ...node, steps: { ...node.steps, [e.step]: next } } },
  };
}

/** Records the free devices that a node's SDS step reported. */
export const recordDevices = (
  state: DeployState,
  agentId: AgentId,
  devices: readonly string[],
): DeployState => {
  const n = nodeOf(state, agentId);
  return n
    ? { ...state, nodes: { ...state.nodes, [agentId]: { ...n, devices: [...devices] } } }
    : state;
};

/** Records the certificate a node's gateway serves (its `gateway` step's report). */
export const recordGatewayCertificate = (
  state: DeployState,
  agentId: AgentId,
  cert: { readonly sha256: string; readonly pem: string },
): DeployState => {
  const n = nodeOf(state, agentId);
  return n
    ? {
        ...state,
        nodes: {
          ...state.nodes,
          [agentId]: { ...n, gatewayCertificate: { sha256: cert.sha256, pem: cert.pem } },
        },
      }
    : state;
};

import { AgentId } from './agents.js';
import { DeployStep } from './plan.js';
import type { ClusterSpec } from './spec.js';
import { nodeOf, stepOf, type DeployState, type DeployStepState } from './state.js';
import { nextStatus, type DeployStepEvent } from './transitions.js';

/** Backoff before attempt `attempts + 1`: base * 2^(attempts-1), capped. */
export const retryDelayMs = (attempts: number, spec: ClusterSpec): number =>
  Math.min(spec.retryMaxMs, spec.retryBaseMs * 2 ** Math.max(0, attempts - 1));

/** The deterministic task id of a step's attempt: a relaunch of the same attempt reuses it. */
export const taskIdFor = (agentId: AgentId, step: DeployStep, attempt: number): string =>
  `scaleio.${step}.${attempt}.${agentId}`;

/** Reads a task id made by {@link taskIdFor}; `undefined` for any other task id. */
export function parseTaskId(
  taskId: string,
): { step: DeployStep; attempt: number; agentId: AgentId } | undefined {
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
  /** Why it failed (events `fail` and `lost`). Must not contain secrets. */
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
  if (e.event === 'start') next.taskId = taskIdFor(e.agentId, e.step, attempts);
  if (to === 'delayed') next.notBefore = e.now + retryDelayMs(attempts, spec);
  if (e.reason !== undefined && (e.event === 'fail' || e.event === 'lost'))
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

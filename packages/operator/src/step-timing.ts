/**
 * Deploy steps' durations, seen from the deploy states the scheduler core decides: a step that
 * was `running` and is no longer ended — `done` (finished), `delayed`/`failed` (failed) or
 * `pending` again (lost: its task vanished) — after the time between its start and its end, both
 * read from the step's `updatedAt` (the core's clock). A step first seen running (a restarted
 * scheduler reading its state back) started at that state's `updatedAt`.
 */
import type { DeployState, NodeState } from '@scaleio-framework/orchestrator';
import type { StepOutcome } from './metrics.js';

/** One step that ended. */
export interface StepEnd {
  readonly step: string;
  readonly outcome: StepOutcome;
  readonly seconds: number;
}

const outcomeOf = (status: string): StepOutcome | undefined =>
  status === 'done'
    ? 'finished'
    : status === 'delayed' || status === 'failed'
      ? 'failed'
      : status === 'pending'
        ? 'lost'
        : undefined;

/**
 * A step timer: give it each decided deploy state in order; it returns the steps that ended since
 * the one before. Nodes whose state object did not change are skipped (the core changes states
 * immutably), so a steady cluster costs one comparison per node.
 */
export function createStepTimer(): (state: DeployState) => StepEnd[] {
  const seen = new Map<string, NodeState>();
  /** `agent/step` → when it started running (epoch ms). */
  const started = new Map<string, number>();
  return (state) => {
    const ended: StepEnd[] = [];
    for (const node of Object.values(state.nodes)) {
      if (seen.get(node.agentId) === node) continue;
      seen.set(node.agentId, node);
      for (const [step, s] of Object.entries(node.steps)) {
        const key = `${node.agentId}/${step}`;
        const since = started.get(key);
        if (s.status === 'running') {
          if (since === undefined && s.updatedAt !== undefined) started.set(key, s.updatedAt);
          continue;
        }
        if (since === undefined) continue;
        started.delete(key);
        const outcome = outcomeOf(s.status);
        if (outcome !== undefined && s.updatedAt !== undefined)
          ended.push({ step, outcome, seconds: Math.max(0, s.updatedAt - since) / 1000 });
      }
    }
    return ended;
  };
}

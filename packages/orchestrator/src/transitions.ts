import * as t from 'io-ts';

/** Status of one step on one node. */
export const DeployStepStatus = t.keyof({
  pending: null,
  running: null,
  delayed: null,
  done: null,
  failed: null,
});
/** Status of one step on one node. */
export type DeployStepStatus = t.TypeOf<typeof DeployStepStatus>;

/**
 * What happens to a step:
 * - `start`: its task was launched (or its gateway work began);
 * - `finish`: it succeeded;
 * - `fail`: it failed (an attempt is used);
 * - `lost`: its task vanished without running to an end (dropped, unknown, its agent gone) — no
 *   attempt is used, and it is launched again under a new task id;
 * - `unreachable`: its agent is partitioned; the task may still run, so nothing is relaunched;
 * - `reachable`: the task is heard of again (its agent reregistered);
 * - `retry`: the operator asked to try a failed step again;
 * - `wait`: what the step needs outside the node (the gateway) cannot be used now: it waits and
 *   tries again later, without using an attempt.
 */
export type DeployStepEvent =
  'start' | 'finish' | 'fail' | 'lost' | 'unreachable' | 'reachable' | 'retry' | 'wait';

/**
 * The one transition table. `fail` goes to `delayed` while attempts remain and to `failed`
 * after the last (decided by the caller, which passes `exhausted`). A missing entry means the
 * event does not apply in that status and is ignored (a late or duplicate status update).
 */
const table: Readonly<
  Record<DeployStepStatus, Partial<Record<DeployStepEvent, DeployStepStatus | 'delayed|failed'>>>
> = {
  pending: { start: 'running' },
  delayed: { start: 'running', retry: 'pending' },
  running: {
    finish: 'done',
    fail: 'delayed|failed',
    lost: 'pending',
    unreachable: 'running',
    reachable: 'running',
    wait: 'delayed',
  },
  done: {},
  failed: { retry: 'pending' },
};

/** The next status, or `undefined` when the event does not apply. */
export function nextStatus(
  from: DeployStepStatus,
  event: DeployStepEvent,
  exhausted: boolean,
): DeployStepStatus | undefined {
  const to = table[from][event];
  if (to === 'delayed|failed') return exhausted ? 'failed' : 'delayed';
  return to;
}

/**
 * The rolling upgrade's decisions (pure; time is a parameter): from the persisted state, the plan
 * and what the gateway shows, the one next thing to do. One node at a time: a step starts only
 * when every earlier one is done and the system is healthy; an applied step is done only once the
 * system shows its component at the target version and healthy again; a failed step stops the
 * plan until the operator resumes it.
 */
import { healthProblems, stepVerified, type UpgradeFacts } from './facts.js';
import type { UpgradeStepDef } from './plan.js';
import { applyUpgradeEvent, type UpgradeState } from './state.js';

/** Settings of the upgrade. */
export interface UpgradeSettings {
  /** The package version to upgrade to. */
  readonly target: string;
  /** How long an applied step may take to show healthy at the target version. */
  readonly verifyTimeoutMs: number;
}

/** What to do next. */
export type UpgradeAction =
  /** Nothing now; why (paused, a step in flight, waiting for health). */
  | { readonly _tag: 'wait'; readonly reason: string }
  /** Launch the step's task on its node (record `start` first). */
  | { readonly _tag: 'run'; readonly step: UpgradeStepDef }
  /** Put the step's SDS into maintenance mode, or take it out, through the gateway. */
  | { readonly _tag: 'maintenance'; readonly step: UpgradeStepDef; readonly enter: boolean }
  /** A failed step stopped the plan: nothing runs until the operator resumes it. */
  | { readonly _tag: 'stopped'; readonly step: UpgradeStepDef; readonly error: string }
  | { readonly _tag: 'finished' };

/** A new upgrade of `plan` to `target`, every step pending. */
export const startUpgrade = (
  plan: readonly UpgradeStepDef[],
  target: string,
  from: string,
  now: number,
): UpgradeState => ({
  schemaVersion: 1,
  target,
  from,
  startedAt: now,
  paused: false,
  order: plan.map((s) => s.id),
  steps: Object.fromEntries(plan.map((s) => [s.id, { status: 'pending' as const, attempts: 0 }])),
});

/**
 * After a scheduler restart: a step left `running` ran in a process that is gone — it is `lost`
 * and runs again (every apply is check-then-act, so a second run applies only what is missing).
 */
export const recoverUpgrade = (s: UpgradeState, now: number): UpgradeState =>
  s.order.reduce(
    (acc, id) =>
      acc.steps[id]?.status === 'running' ? applyUpgradeEvent(acc, id, 'lost', now) : acc,
    s,
  );

/** Operator: pause (no further step starts; one under way finishes) or resume. */
export const pauseUpgrade = (s: UpgradeState, paused: boolean, now: number): UpgradeState => {
  if (paused) return { ...s, paused: true };
  // Resuming also retries a failed step: the plan continues where it stopped.
  const retried = s.order.reduce(
    (acc, id) =>
      acc.steps[id]?.status === 'failed' ? applyUpgradeEvent(acc, id, 'retry', now) : acc,
    s,
  );
  return { ...retried, paused: false };
};

const sdsOf = (f: UpgradeFacts, step: UpgradeStepDef) =>
  f.sdss.find((x) => x.ips.includes(step.ip));

/** The next action, and the state with every step the facts show done marked so. */
export function decideUpgrade(
  state: UpgradeState,
  plan: readonly UpgradeStepDef[],
  facts: UpgradeFacts,
  settings: UpgradeSettings,
  now: number,
): { state: UpgradeState; action: UpgradeAction } {
  if (state.finishedAt !== undefined) return { state, action: { _tag: 'finished' } };
  const byId = new Map(plan.map((p) => [p.id, p]));
  let s = state;
  for (const id of s.order) {
    const step = byId.get(id);
    const st = s.steps[id];
    if (step === undefined || st === undefined || st.status === 'done') continue;
    const inMaintenance = step.maintenance && sdsOf(facts, step)?.maintenance === true;
    const online = sdsOf(facts, step)?.online === true;
    if (st.status === 'failed') {
      // Stop with the cluster healthy: a failed SDS step leaves no SDS in maintenance.
      if (inMaintenance && online)
        return { state: s, action: { _tag: 'maintenance', step, enter: false } };
      return {
        state: s,
        action: { _tag: 'stopped', step, error: st.lastError ?? 'the step failed' },
      };
    }
    if (st.status === 'running')
      return { state: s, action: { _tag: 'wait', reason: `${id} is running` } };
    const missing = stepVerified(facts, step, s.target, st.reported);
    if (st.status === 'verifying') {
      if (missing === undefined) {
        if (inMaintenance) return { state: s, action: { _tag: 'maintenance', step, enter: false } };
        const problems = healthProblems(facts);
        if (problems.length === 0) {
          s = applyUpgradeEvent(s, id, 'verified', now);
          continue;
        }
      }
      const waited = now - (st.appliedAt ?? now);
      if (waited > settings.verifyTimeoutMs) {
        const why = missing ?? healthProblems(facts).join('; ');
        const failed = applyUpgradeEvent(s, id, 'fail', now, {
          error: `not healthy at ${s.target} ${Math.round(waited / 1000)} s after the upgrade: ${why}`,
        });
        return decideUpgrade(failed, plan, facts, settings, now); // answered as a failed step
      }
      return {
        state: s,
        action: {
          _tag: 'wait',
          reason: `${id}: ${missing ?? healthProblems(facts).join('; ')}`,
        },
      };
    }
    // pending: the check first — already at the target version, nothing to apply.
    if (missing === undefined) {
      if (inMaintenance && online)
        return { state: s, action: { _tag: 'maintenance', step, enter: false } };
      s = applyUpgradeEvent(s, id, 'verified', now);
      continue;
    }
    if (s.paused) return { state: s, action: { _tag: 'wait', reason: 'paused by the operator' } };
    const problems = healthProblems(facts, step.maintenance ? step.ip : undefined);
    if (problems.length > 0)
      return {
        state: s,
        action: { _tag: 'wait', reason: `before ${id}: ${problems.join('; ')}` },
      };
    if (step.maintenance && !inMaintenance)
      return { state: s, action: { _tag: 'maintenance', step, enter: true } };
    return { state: s, action: { _tag: 'run', step } };
  }
  return { state: { ...s, finishedAt: now }, action: { _tag: 'finished' } };
}

/** The rolling upgrade as the status API and the dashboard show it (no secret in it). */
import type { UpgradeInfo, UpgradeStepInfo } from '@scaleio-framework/operator';
import type { UpgradeState, UpgradeStepDef } from '@scaleio-framework/orchestrator';

/** One step of the view: the status API's own codec, `UpgradeStepInfo` of the operator package. */
export type UpgradeStepView = UpgradeStepInfo;

/**
 * The upgrade's progress: the status API's own codec, `UpgradeInfo` of the operator package
 * (`state` running, paused, stopped or finished; `reason`, what it waits for now, '' when nothing).
 */
export type UpgradeView = UpgradeInfo;

/** The view of an upgrade state (pure). */
export const upgradeView = (
  s: UpgradeState,
  plan: readonly UpgradeStepDef[],
  reason: string,
  stopped: boolean,
): UpgradeView => {
  const byId = new Map(plan.map((p) => [p.id, p]));
  const steps = s.order.map((id): UpgradeStepView => {
    const st = s.steps[id];
    const def = byId.get(id);
    return {
      id,
      phase: def?.phase ?? id.split(':')[0] ?? '',
      host: def?.hostname ?? '',
      status: st?.status ?? 'pending',
      attempts: st?.attempts ?? 0,
      ...(st?.startedAt === undefined ? {} : { startedAt: st.startedAt }),
      ...(st?.finishedAt === undefined ? {} : { finishedAt: st.finishedAt }),
      ...(st?.lastError === undefined ? {} : { lastError: st.lastError }),
    };
  });
  const state =
    s.finishedAt !== undefined
      ? 'finished'
      : stopped && steps.some((x) => x.status === 'failed')
        ? 'stopped'
        : s.paused
          ? 'paused'
          : 'running';
  return {
    target: s.target,
    from: s.from,
    state,
    reason,
    startedAt: s.startedAt,
    ...(s.finishedAt === undefined ? {} : { finishedAt: s.finishedAt }),
    done: steps.filter((x) => x.status === 'done').length,
    total: steps.length,
    steps,
  };
};

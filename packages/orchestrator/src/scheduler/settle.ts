/**
 * The pass after every observation: start the gateway steps that can run, and ask Mesos for
 * offers only while something could use one (SUPPRESS otherwise, REVIVE when that changes).
 */
import { runnableSteps, type RunnableStep } from '../runnable.js';
import { wantsOffers, wantsOffersGiven } from '../offers.js';
import { applyStepEvent } from '../step-events.js';
import { storageObjectsFor } from '../views.js';
import type { Action } from './io.js';
import type { SchedulerModel } from './model.js';
import type { SchedulerSettings } from './settings.js';

/**
 * Whether an agent whose offers were declined with a long filter has work now (a task step that
 * can run, or a probe waiting for its offer): only a REVIVE brings its offers back before the
 * filter expires (scheduler HTTP API, `REVIVE`: "remove any/all filters"). Looks only at the
 * runnable steps (remembered per state) and the queued probes, never at every node.
 */
const refusedWithWork = (m: SchedulerModel, runnable: readonly RunnableStep[]): boolean => {
  const refused = m.longRefused;
  if (refused === undefined || refused.size === 0) return false;
  return (
    runnable.some((r) => r.kind === 'task' && refused.has(r.agentId)) ||
    m.queuedProbes.some((p) => refused.has(p.agentId))
  );
};

/** Gateway steps and offer interest. Pure. */
export function settle(
  m: SchedulerModel,
  settings: SchedulerSettings,
  now: number,
): { model: SchedulerModel; actions: Action[] } {
  const spec = settings.spec;
  const runnable = runnableSteps(m.deploy, spec, now);
  let deploy = m.deploy;
  const actions: Action[] = [];
  const gateway = runnable.filter((r) => r.kind === 'gateway');
  for (const r of gateway) {
    const objects = storageObjectsFor(deploy, spec, r.agentId);
    if (!objects) continue;
    deploy = applyStepEvent(deploy, spec, {
      agentId: r.agentId,
      step: r.step,
      event: 'start',
      now,
    });
    actions.push({ _tag: 'ensureStorageObjects', agentId: r.agentId, step: r.step, objects });
  }
  // The runnable steps computed above still hold unless a gateway step started.
  const want =
    m.discovering ||
    m.queuedProbes.length > 0 ||
    (gateway.length === 0 ? wantsOffersGiven(deploy, runnable) : wantsOffers(deploy, spec, now));
  let suppressed = m.suppressed;
  if (now < m.interestRetryAt) return { model: { ...m, deploy }, actions };
  if ((want && suppressed) || refusedWithWork(m, runnable)) {
    actions.push({ _tag: 'revive' });
    suppressed = false;
  } else if (!want && !suppressed) {
    actions.push({ _tag: 'suppress' });
    suppressed = true;
  }
  return { model: { ...m, deploy, suppressed }, actions };
}

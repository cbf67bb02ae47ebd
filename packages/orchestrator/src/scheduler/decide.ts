/**
 * The scheduler core: one pure function from (model, observation, settings, time) to the next
 * model and the actions to perform. Handlers of the shell only record observations; this decides.
 */
import type { DeployStep } from '../plan.js';
import { applyStepEvent, parseTaskId } from '../step-events.js';
import { logLine, type Action, type Decision, type Observation } from './io.js';
import { INTEREST_RETRY_MS, runningTasks, type SchedulerModel } from './model.js';
import { onOffers } from './offers.js';
import { placementTick } from './placement.js';
import type { SchedulerSettings } from './settings.js';
import { awaitAll, reconcileDue } from './reconcile.js';
import { launchTimeouts, stagingUpdate, watchLaunches } from './launch-timeout.js';
import { settle } from './settle.js';
import { onUpdate } from './updates.js';

type Step = {
  model: SchedulerModel;
  actions: readonly Action[];
  onSaveFailure?: readonly Action[];
};

const same = (model: SchedulerModel, actions: readonly Action[] = []): Step => ({ model, actions });

/** What one observation changes, before the settle pass. */
function handle(m: SchedulerModel, o: Observation, s: SchedulerSettings, now: number): Step {
  switch (o._tag) {
    case 'offers':
      return onOffers({ ...m, discovering: false }, o.offers, s, now);
    case 'update': {
      const u = onUpdate(m, o.update, s, now);
      return same(stagingUpdate(u.model, o.update, now), u.actions);
    }
    case 'subscribed': {
      const running = runningTasks(m);
      // DECLINE filters belong to the framework, not to this process: those an earlier instance
      // (or this one, before a resubscription) set may still hold agents back, and this model
      // cannot know them. REVIVE removes them all (scheduler HTTP API, `REVIVE`: "remove any/all
      // filters that it has previously set"); the settle pass SUPPRESSes again when nothing waits.
      return same(awaitAll({ ...m, suppressed: false }, now), [
        logLine('info', 'subscribed; explicit reconciliation', { tasks: running.length }),
        { _tag: 'reconcile', tasks: running },
        { _tag: 'revive' },
      ]);
    }
    case 'reconcileRunning': {
      const running = runningTasks(m);
      return same(m, running.length > 0 ? [{ _tag: 'reconcile', tasks: running }] : []);
    }
    case 'reconcileAll':
      return same(m, [{ _tag: 'reconcile', tasks: [] }]);
    case 'discover':
      // While offers are suppressed Mesos shows no new agent: revive once to look.
      return m.suppressed
        ? same({ ...m, suppressed: false, discovering: true }, [{ _tag: 'revive' }])
        : same(m);
    case 'tick': {
      const p = placementTick(m, s, now);
      const t = launchTimeouts(p.model, s, now);
      return same(t.model, [...p.actions, ...t.actions]);
    }
    case 'retryNode': {
      const n = m.deploy.nodes[o.agentId];
      if (!n) return same(m);
      let deploy = m.deploy;
      for (const [step, st] of Object.entries(n.steps))
        if (st.status === 'failed')
          deploy = applyStepEvent(deploy, s.spec, {
            agentId: o.agentId,
            step: step as DeployStep,
            event: 'retry',
            now,
          });
      return same({ ...m, deploy });
    }
    case 'probeRequested':
      return same({ ...m, queuedProbes: [...m.queuedProbes, o.probe] });
    case 'probeCancelled':
      return same({ ...m, queuedProbes: m.queuedProbes.filter((p) => p.id !== o.id) });
    case 'launchFailed':
      return launchFailed(m, o, s, now);
    case 'gatewayStepDone': {
      const ok = o.error === undefined;
      const wait = !ok && o.gatewayUnavailable === true;
      const deploy = applyStepEvent(m.deploy, s.spec, {
        agentId: o.agentId,
        step: o.step,
        event: ok ? 'finish' : wait ? 'wait' : 'fail',
        now,
        ...(ok ? {} : { reason: wait ? `waiting for the gateway: ${o.error}` : o.error }),
      });
      const host = m.deploy.nodes[o.agentId]?.hostname;
      const next = deploy.nodes[o.agentId]?.steps[o.step]?.notBefore;
      return same({ ...m, deploy }, [
        ok
          ? logLine('info', 'storage objects in place', { agentId: o.agentId, host })
          : wait
            ? logLine('warn', 'gateway unavailable; the node waits', {
                agentId: o.agentId,
                host,
                error: o.error,
                ...(next === undefined ? {} : { retryInMs: next - now }),
              })
            : logLine('warn', 'storage objects failed', {
                agentId: o.agentId,
                host,
                error: o.error,
              }),
        ...(o.skipped ?? []).map((d) =>
          logLine('warn', 'device skipped', {
            agentId: o.agentId,
            host,
            device: d.path,
            reason: d.reason,
          }),
        ),
      ]);
    }
    case 'offerInterestFailed':
      return same({
        ...m,
        suppressed: o.wanted === 'revive',
        interestRetryAt: now + INTEREST_RETRY_MS,
      });
  }
}

const launchFailed = (
  m: SchedulerModel,
  o: Extract<Observation, { _tag: 'launchFailed' }>,
  s: SchedulerSettings,
  now: number,
): Step => {
  const decline: Action[] = o.offerUnused
    ? [
        {
          _tag: 'decline',
          offerIds: [o.offerId],
          refuseSeconds: s.spec.declineRefuseSeconds,
          reason: o.error,
        },
      ]
    : [];
  const probe = m.runningProbes.get(o.taskId);
  if (probe !== undefined) {
    const running = new Map(m.runningProbes);
    running.delete(o.taskId);
    return same({ ...m, runningProbes: running }, [
      ...decline,
      {
        _tag: 'probeAnswered',
        id: probe.id,
        outcome: { ok: false, error: `launch failed: ${o.error}` },
      },
    ]);
  }
  const id = parseTaskId(o.taskId);
  if (!id) return same(m, decline);
  const deploy = applyStepEvent(m.deploy, s.spec, {
    agentId: id.agentId,
    step: id.step,
    event: 'lost',
    now,
    reason: `launch failed: ${o.error}`,
  });
  return same({ ...m, deploy }, [
    logLine('warn', 'launch failed; the step will be launched again', {
      step: id.step,
      agentId: id.agentId,
      error: o.error,
    }),
    ...decline,
  ]);
};

/**
 * Decides what one observation leads to: the handler's actions, then the settle pass (gateway
 * steps, offer interest). Pure: time comes in as `now`.
 */
export function decide(
  m: SchedulerModel,
  o: Observation,
  settings: SchedulerSettings,
  now: number,
): Decision {
  const h = handle(m, o, settings, now);
  const asked = reconcileDue(watchLaunches(h.model, h.actions, now), now);
  const after = settle(asked.model, settings, now);
  const actions = [...h.actions, ...asked.actions, ...after.actions];
  // A REVIVE (for any reason) removed every filter Mesos kept for us: none is long any more.
  const revived = after.model.longRefused !== undefined && actions.some((a) => a._tag === 'revive');
  return {
    model: revived ? { ...after.model, longRefused: new Set() } : after.model,
    actions,
    onSaveFailure: h.onSaveFailure ?? [],
  };
}

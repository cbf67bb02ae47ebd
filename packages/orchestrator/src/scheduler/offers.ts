/**
 * Offers: learn the agents, launch what can run (a deploy step, else a queued probe), decline the
 * rest with the refuse seconds and reason of their decision.
 */
import type { AgentFacts, AgentId } from '../agents.js';
import { observeAgents } from '../observe.js';
import { decideOffers, offerShortfall, type OfferView } from '../offers.js';
import { stepDef } from '../plan.js';
import { applyStepEvent } from '../step-events.js';
import { logLine, type Action, type OfferInput } from './io.js';
import { nodeBusy, type Probe, type SchedulerModel } from './model.js';
import type { SchedulerSettings } from './settings.js';
import { deployStepSpec } from './step-specs.js';

const sameFacts = (a: AgentFacts, b: AgentFacts): boolean =>
  a.hostname === b.hostname &&
  a.ip === b.ip &&
  a.resources.cpus === b.resources.cpus &&
  a.resources.memMb === b.resources.memMb &&
  Object.keys(a.attributes).length === Object.keys(b.attributes).length &&
  Object.entries(a.attributes).every(([k, v]) => b.attributes[k] === v);

/** The agents with the offers' facts merged in; the same map when nothing changed. */
const withAgents = (
  known: ReadonlyMap<AgentId, AgentFacts>,
  offers: readonly OfferInput[],
): ReadonlyMap<AgentId, AgentFacts> => {
  const changed = offers.filter((o) => {
    const k = known.get(o.agent.agentId);
    return k === undefined || !sameFacts(k, o.agent);
  });
  if (changed.length === 0) return known;
  const next = new Map(known);
  for (const o of changed) next.set(o.agent.agentId, o.agent);
  return next;
};

/** Declines grouped by refuse seconds (one call per group), reasons counted. */
const declineActions = (
  declined: readonly { offerId: string; refuseSeconds: number; reason: string }[],
): Action[] => {
  const groups = new Map<number, { ids: string[]; reasons: Map<string, number> }>();
  for (const d of declined) {
    const g = groups.get(d.refuseSeconds) ?? { ids: [], reasons: new Map<string, number>() };
    g.ids.push(d.offerId);
    g.reasons.set(d.reason, (g.reasons.get(d.reason) ?? 0) + 1);
    groups.set(d.refuseSeconds, g);
  }
  return [...groups.entries()].map(([refuseSeconds, g]) => ({
    _tag: 'decline',
    offerIds: g.ids,
    refuseSeconds,
    reason: [...g.reasons.entries()].map(([r, n]) => (n > 1 ? `${r} (${n})` : r)).join('; '),
  }));
};

/** The result of handling offers, before the settle pass. */
export interface OffersOutcome {
  readonly model: SchedulerModel;
  readonly actions: readonly Action[];
  readonly onSaveFailure: readonly Action[];
}

/** Handles one OFFERS event. Pure. */
export function onOffers(
  m: SchedulerModel,
  offers: readonly OfferInput[],
  settings: SchedulerSettings,
  now: number,
): OffersOutcome {
  const spec = settings.spec;
  const agents = withAgents(m.agents, offers);
  let deploy = observeAgents(m.deploy, [...agents.values()], spec);
  const views: OfferView[] = offers.map((o) => ({
    offerId: o.offerId,
    agentId: o.agent.agentId,
    cpus: o.agent.resources.cpus,
    memMb: o.agent.resources.memMb,
    executorRunning: o.executorRunning ?? false,
  }));
  const byId = new Map(views.map((v) => [v.offerId, v]));
  const actions: Action[] = [];
  const declined: { offerId: string; refuseSeconds: number; reason: string }[] = [];
  let queued: readonly Probe[] = m.queuedProbes;
  let running = m.runningProbes;
  let seq = m.probeSeq;
  for (const d of decideOffers(deploy, spec, views, now)) {
    if (d._tag === 'decline') {
      const probe = queued.length === 0 ? undefined : queued.find((p) => p.agentId === d.agentId);
      const view = byId.get(d.offerId);
      if (
        probe !== undefined &&
        view !== undefined &&
        offerShortfall(view, spec, 'probe') === undefined &&
        !nodeBusy({ ...m, deploy, runningProbes: running }, d.agentId)
      ) {
        const taskId = `scaleio.probe.${now}-${seq++}.${d.agentId}`;
        queued = queued.filter((p) => p !== probe);
        running = new Map(running).set(taskId, probe);
        actions.push(
          logLine('info', 'launch probe', {
            agentId: d.agentId,
            taskId,
            volume: probe.spec.volumeId,
          }),
          {
            _tag: 'launch',
            offerId: d.offerId,
            task: {
              taskId,
              agentId: d.agentId,
              name: `scaleio resolve ${probe.spec.volumeId}`,
              data: probe.spec,
              secret: false,
            },
          },
        );
      } else declined.push(d);
      continue;
    }
    const node = deploy.nodes[d.agentId];
    if (!node) continue;
    const spec0 = deployStepSpec(deploy, settings, node, d.step);
    deploy = applyStepEvent(deploy, spec, {
      agentId: d.agentId,
      step: d.step,
      event: 'start',
      now,
    });
    actions.push(
      logLine('info', 'launch step', {
        agentId: d.agentId,
        host: node.hostname,
        step: d.step,
        taskId: d.taskId,
        offerId: d.offerId,
      }),
      {
        _tag: 'launch',
        offerId: d.offerId,
        task: {
          taskId: d.taskId,
          agentId: d.agentId,
          name: `scaleio ${d.step} on ${node.hostname}`,
          data: spec0,
          secret: stepDef(d.step).secret,
        },
      },
    );
  }
  const model: SchedulerModel = {
    ...m,
    agents,
    deploy,
    queuedProbes: queued,
    runningProbes: running,
    probeSeq: seq,
  };
  return {
    model,
    actions: [...actions, ...declineActions(declined)],
    onSaveFailure: declineActions(
      offers.map((o) => ({
        offerId: o.offerId,
        refuseSeconds: spec.declineRefuseSeconds,
        reason: 'the deploy state could not be saved',
      })),
    ),
  };
}

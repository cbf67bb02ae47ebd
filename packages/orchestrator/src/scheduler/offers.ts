/**
 * Offers: learn the agents, launch what can run (a deploy step, else a queued probe), decline the
 * rest with the refuse seconds and reason of their decision.
 */
import type { AgentFacts, AgentId } from '../agents.js';
import { decideOffers, NO_WORK_REFUSE_SECONDS, offerShortfall, type OfferView } from '../offers.js';
import { stepDef } from '../plan.js';
import { applyStepEvent } from '../step-events.js';
import { logLine, type Action, type OfferInput } from './io.js';
import { membershipTaskName } from '../membership/task.js';
import { nodeBusy, type Probe, type SchedulerModel } from './model.js';
import { observeOnce } from './observe-once.js';
import type { SchedulerSettings } from './settings.js';
import { deployStepSpec } from './step-specs.js';
import type { ResolveDeviceSpec } from '../task-data.js';

/** What a probe's task asks for: an upgrade task installs a package like its deploy step. */
const probeKind = (p: Probe) =>
  p.spec.kind === 'upgrade' || p.spec.kind === 'membership' ? p.spec.step : 'probe';

const sameFacts = (a: AgentFacts, b: AgentFacts): boolean =>
  a.hostname === b.hostname &&
  a.ip === b.ip &&
  a.resources.cpus === b.resources.cpus &&
  a.resources.memMb === b.resources.memMb &&
  sameAttributes(a.attributes, b.attributes);

/** Equal string maps, compared without allocating (this runs once per offer). */
const sameAttributes = (
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): boolean => {
  let n = 0;
  for (const k in a) {
    if (b[k] !== a[k]) return false;
    n += 1;
  }
  for (const _ in b) n -= 1;
  return n === 0;
};

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

/** The model's long-refused agents plus those declined long now (the same set when none). */
const withLongRefused = (
  known: ReadonlySet<AgentId> | undefined,
  declined: readonly { agentId: AgentId; refuseSeconds: number }[],
): { longRefused?: ReadonlySet<AgentId> } => {
  let next: Set<AgentId> | undefined;
  for (const d of declined)
    if (d.refuseSeconds >= NO_WORK_REFUSE_SECONDS && known?.has(d.agentId) !== true)
      (next ??= new Set(known)).add(d.agentId);
  const set = next ?? known;
  return set === undefined ? {} : { longRefused: set };
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
  const placed = observeOnce(m, agents, agents.size - m.agents.size, settings, now);
  let deploy = placed.model.deploy;
  const views: OfferView[] = offers.map((o) => ({
    offerId: o.offerId,
    agentId: o.agent.agentId,
    cpus: o.agent.resources.cpus,
    memMb: o.agent.resources.memMb,
    executorRunning: o.executorRunning ?? false,
  }));
  let byId: Map<string, OfferView> | undefined; // built only when a probe waits for an offer
  const actions: Action[] = [...placed.actions];
  const declined: { offerId: string; agentId: AgentId; refuseSeconds: number; reason: string }[] =
    [];
  let queued: readonly Probe[] = m.queuedProbes;
  let running = m.runningProbes;
  let seq = m.probeSeq;
  for (const d of decideOffers(deploy, spec, views, now)) {
    if (d._tag === 'decline') {
      const probe = queued.length === 0 ? undefined : queued.find((p) => p.agentId === d.agentId);
      const view =
        probe === undefined
          ? undefined
          : (byId ??= new Map(views.map((v) => [v.offerId, v]))).get(d.offerId);
      if (
        probe !== undefined &&
        view !== undefined &&
        offerShortfall(view, spec, probeKind(probe)) === undefined &&
        !nodeBusy({ ...m, deploy, runningProbes: running }, d.agentId)
      ) {
        const taskId = `scaleio.probe.${now}-${seq++}.${d.agentId}`;
        queued = queued.filter((p) => p !== probe);
        running = new Map(running).set(taskId, probe);
        const upgrade = probe.spec.kind === 'upgrade' ? probe.spec : undefined;
        const member = probe.spec.kind === 'membership' ? probe.spec : undefined;
        actions.push(
          logLine('info', upgrade === undefined ? 'launch probe' : 'launch upgrade task', {
            agentId: d.agentId,
            taskId,
            ...(member !== undefined
              ? { membership: member.entryId }
              : upgrade === undefined
                ? { volume: (probe.spec as ResolveDeviceSpec).volumeId }
                : { step: upgrade.upgradeStep }),
          }),
          {
            _tag: 'launch',
            offerId: d.offerId,
            task: {
              taskId,
              agentId: d.agentId,
              name:
                member !== undefined
                  ? membershipTaskName(member)
                  : upgrade === undefined
                    ? `scaleio resolve ${(probe.spec as ResolveDeviceSpec).volumeId}`
                    : `scaleio upgrade ${upgrade.upgradeStep} on ${upgrade.hostname}`,
              data: probe.spec,
              // The upgrade's LIA install and ownership switch log in with the admin password.
              // A membership command logs in to the MDM.
              secret:
                member !== undefined
                  ? member.command !== undefined
                  : upgrade !== undefined &&
                    (upgrade.newMasterIp !== undefined || stepDef(upgrade.step).secret),
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
    ...placed.model,
    deploy,
    queuedProbes: queued,
    runningProbes: running,
    probeSeq: seq,
    ...withLongRefused(placed.model.longRefused, declined),
  };
  return {
    model,
    actions: [...actions, ...declineActions(declined)],
    // What `declineActions` makes of one reason for every offer, without an object per offer.
    onSaveFailure:
      offers.length === 0
        ? []
        : [
            {
              _tag: 'decline',
              offerIds: offers.map((o) => o.offerId),
              refuseSeconds: spec.declineRefuseSeconds,
              reason: `the deploy state could not be saved${offers.length > 1 ? ` (${offers.length})` : ''}`,
            },
          ],
  };
}

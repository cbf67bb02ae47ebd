/**
 * Lost MDM member replacement and lost SDS removal, composed: decisions in
 * `@scaleio-framework/orchestrator` (`membership/`), the shells in `@scaleio-framework/scheduler`;
 * each replacement step runs as a task on a node's executor through the scheduler core, each SDS
 * removal is one gateway call; each tick reads the gateway once for both (`membershipObserver`).
 */
import type { LiveScheduler } from '@scaleio-framework/operator';
import {
  createReplacer,
  createSdsRemover,
  gatewaySdsAccess,
  healingVolumesReader,
  membershipObserver,
  membershipTick,
  stateLedgerStore,
  type SchedulerCore,
  type TickJob,
} from '@scaleio-framework/scheduler';
import type { StateStore } from '@scaleio-framework/state';
import type { CoreParts } from './parts.js';

/** The replacement's and the SDS removal's periodic rounds (and their operator actions on `live`). */
export function membershipJob(
  p: CoreParts & { core: SchedulerCore; store: StateStore; live: LiveScheduler },
): TickJob {
  const { config, core } = p;
  const state = () => core.state();
  const settings = {
    mode: config.memberReplacement,
    graceMs: Math.round(config.memberGraceSeconds * 1000),
    maxAttempts: config.maxAttempts,
    retryBaseMs: 5000,
  };
  const replacer = createReplacer({
    store: p.store,
    settings,
    agents: () => core.agents(),
    scheduler: () => core.settings(),
    runTask: (agentId, spec, signal) => core.probe(agentId, spec, signal),
    taskTimeoutMs: 600_000,
    log: p.log,
    now: p.now,
    observe: (l) => p.models.observeMembership(l.entries),
  });
  p.live.replacer = replacer;
  const sdsRemover = createSdsRemover({
    store: p.store,
    settings: {
      ...settings,
      mode: config.sdsRemoval,
      graceMs: Math.round(config.sdsGraceSeconds * 1000),
    },
    ...gatewaySdsAccess(state, config.mode, config.gatewayUrl, p.clientFor),
    healingVolumes: healingVolumesReader(
      stateLedgerStore(p.store).read,
      () => [...core.agents().values()],
      (a) => a.attributes[config.instanceIdAttribute],
    ),
    log: p.log,
    now: p.now,
    observe: (l) => p.models.observeSdsRemovals(l.entries),
  });
  p.live.sdsRemover = sdsRemover;
  const observe = membershipObserver(state, config.mode, config.gatewayUrl, p.clientFor, p.now);
  const run = membershipTick(observe, [replacer.round, sdsRemover.round]);
  return { name: 'membership', everyMs: 2000, run };
}

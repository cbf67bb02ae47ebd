/**
 * Lost MDM member replacement and lost SDS removal, composed: decisions in
 * `@scaleio-framework/orchestrator` (`membership/`), the shells in `@scaleio-framework/scheduler`;
 * each replacement step runs as a task on a node's executor through the scheduler core, each SDS
 * removal is one gateway call.
 */
import type { LiveScheduler } from '@scaleio-framework/operator';
import {
  createReplacer,
  createSdsRemover,
  gatewaySdsAccess,
  healingVolumesReader,
  mdmClusterReader,
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
  const settings = {
    mode: config.memberReplacement,
    graceMs: Math.round(config.memberGraceSeconds * 1000),
    maxAttempts: config.maxAttempts,
    retryBaseMs: 5000,
  };
  const replacer = createReplacer({
    store: p.store,
    settings,
    deploy: () => core.state(),
    agents: () => core.agents(),
    scheduler: () => core.settings(),
    cluster: mdmClusterReader(() => core.state(), config.mode, config.gatewayUrl, p.clientFor),
    runTask: (agentId, spec, signal) => core.probe(agentId, spec, signal),
    taskTimeoutMs: 600_000,
    log: p.log,
    now: p.now,
    observe: (l) => p.models.observeMembership(l.entries),
  });
  p.live.replacer = replacer;
  const gateway = gatewaySdsAccess(() => core.state(), config.mode, config.gatewayUrl, p.clientFor);
  const sdsRemover = createSdsRemover({
    store: p.store,
    settings: {
      ...settings,
      mode: config.sdsRemoval,
      graceMs: Math.round(config.sdsGraceSeconds * 1000),
    },
    deploy: () => core.state(),
    ...gateway,
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
  const run = async () => {
    await replacer.round();
    await sdsRemover.round();
  };
  return { name: 'membership', everyMs: 2000, run };
}

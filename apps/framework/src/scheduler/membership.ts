/**
 * Lost MDM member replacement, composed: decisions in `@scaleio-framework/orchestrator`
 * (`membership/`), the shell in `@scaleio-framework/scheduler`; each step runs as a task on a
 * node's executor through the scheduler core.
 */
import type { LiveScheduler } from '@scaleio-framework/operator';
import {
  createReplacer,
  mdmClusterReader,
  type SchedulerCore,
  type TickJob,
} from '@scaleio-framework/scheduler';
import type { StateStore } from '@scaleio-framework/state';
import type { CoreParts } from './parts.js';

/** The replacement's periodic round (and its operator actions on `live`). */
export function membershipJob(
  p: CoreParts & { core: SchedulerCore; store: StateStore; live: LiveScheduler },
): TickJob {
  const { config, core } = p;
  const replacer = createReplacer({
    store: p.store,
    settings: {
      mode: config.memberReplacement,
      graceMs: Math.round(config.memberGraceSeconds * 1000),
      maxAttempts: config.maxAttempts,
      retryBaseMs: 5000,
    },
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
  return { name: 'membership', everyMs: 2000, run: replacer.round };
}

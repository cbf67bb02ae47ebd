/** The rolling upgrade, composed: `--scaleio-version` is its target (see the scheduler package). */
import type { LiveScheduler } from '@scaleio-framework/operator';
import {
  createUpgrader,
  upgradeGatewayWhenUp,
  type SchedulerCore,
  type TickJob,
} from '@scaleio-framework/scheduler';
import type { StateStore } from '@scaleio-framework/state';
import type { CoreParts } from './parts.js';

/** The upgrade's periodic round (and its operator actions on `live`). */
export function upgradeJob(
  p: CoreParts & { core: SchedulerCore; store: StateStore; live: LiveScheduler },
): TickJob {
  const { config: c, core } = p;
  const upgrader = createUpgrader({
    ...{ store: p.store, target: c.scaleioVersion, mode: c.mode, log: p.log, now: p.now },
    deploy: () => core.state(),
    settings: () => core.settings(),
    gateway: upgradeGatewayWhenUp(p.clientFor, c.gatewayUrl, c.mode, () => core.state()),
    runTask: (agentId, spec, signal) => core.probe(agentId, spec, signal),
    verifyTimeoutMs: c.upgradeVerifySeconds * 1000,
    taskTimeoutMs: c.upgradeTaskSeconds * 1000,
    observe: (v) => p.models.observeUpgrade(v),
  });
  p.live.upgrader = upgrader;
  return { name: 'upgrade', everyMs: 2000, run: upgrader.round };
}

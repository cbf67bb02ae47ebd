/** Dispatch of scheduler calls other than SUBSCRIBE, once the HTTP checks have passed. */
import type { Framework } from '../model/framework.js';
import type { AgentPort } from '../model/ports.js';
import type { SchedulerCall } from '../wire/scheduler-call.js';
import { accept, decline } from './accept.js';
import { frameworkRoles } from '../model/framework.js';
import type { MasterCore } from './core.js';
import { removeFramework } from './frameworks.js';
import { reach } from './links.js';
import { acknowledge, kill, reconcile } from './tasks.js';

/** A call addressed to one executor (SHUTDOWN, MESSAGE). */
interface ToExecutor {
  readonly agent_id: { readonly value: string };
  readonly executor_id: { readonly value: string };
}

/**
 * Hands a call addressed to one executor to its agent when the master reaches that agent now;
 * otherwise it is dropped (apache/mesos src/master/master.cpp: `Master::message` ignores an
 * unregistered or disconnected agent; `Master::shutdown` ignores an unregistered one, and what
 * it sends one that is cut off never arrives).
 */
const toExecutor = <C extends ToExecutor>(
  core: MasterCore,
  call: C | undefined,
  f: (agent: AgentPort, executorId: string, call: C) => void,
): void => {
  const agent = call === undefined ? undefined : reach(core, call.agent_id.value);
  if (call !== undefined && agent !== undefined) f(agent, call.executor_id.value, call);
};

/** Carries out one call for a subscribed framework; returns the HTTP status to answer (202 or 200). */
export const dispatch = (core: MasterCore, fw: Framework, call: SchedulerCall): number => {
  switch (call.type) {
    case 'TEARDOWN':
      removeFramework(core, fw);
      return 202;
    case 'ACCEPT':
      if (call.accept !== undefined) accept(core, fw, call.accept);
      return 202;
    case 'DECLINE':
      if (call.decline !== undefined) decline(core, fw, call.decline);
      return 202;
    case 'REVIVE': {
      // Removes the framework's DECLINE filters and unsuppresses the roles (all when none are
      // named), then allocates at once: scheduler HTTP API, REVIVE
      // (mesos.apache.org/documentation/latest/scheduler-http-api/; reference/mesos-api.md §1.5);
      // apache/mesos src/master/allocator/mesos/hierarchical.cpp `reviveRoles` erases
      // `offerFilters[role]` and `reviveOffers` calls `generateOffers()`. Filters here are kept per
      // agent, not per role: one-role frameworks (ours) see no difference.
      const roles = call.revive?.roles ?? [];
      for (const r of roles.length > 0 ? roles : frameworkRoles(fw.info)) fw.suppressed.delete(r);
      fw.filters.clear();
      core.allocate();
      return 202;
    }
    case 'SUPPRESS': {
      // No more offers for the roles (all subscribed roles when none are named); offers already
      // out stay valid and filters stay as they are: scheduler HTTP API, SUPPRESS; hierarchical.cpp
      // `suppressRoles` only deactivates the framework in each role's sorter.
      const roles = call.suppress?.roles ?? [];
      for (const r of roles.length > 0 ? roles : frameworkRoles(fw.info)) fw.suppressed.add(r);
      return 202;
    }
    case 'KILL':
      if (call.kill !== undefined) kill(core, fw, call.kill);
      return 202;
    case 'SHUTDOWN':
      toExecutor(core, call.shutdown, (agent, executorId) =>
        agent.shutdownExecutor(fw.id, executorId),
      );
      return 202;
    case 'ACKNOWLEDGE':
      if (call.acknowledge !== undefined) acknowledge(core, fw, call.acknowledge);
      return 202;
    case 'RECONCILE':
      reconcile(core, fw, call.reconcile?.tasks ?? []);
      return 202;
    case 'MESSAGE':
      toExecutor(core, call.message, (agent, executorId, m) =>
        agent.message(fw.id, executorId, m.data),
      );
      return 202;
    default:
      // REQUEST, inverse offers, operation feedback: accepted and ignored, as the built-in allocator does.
      return 202;
  }
};

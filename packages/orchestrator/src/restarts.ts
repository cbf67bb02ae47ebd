/**
 * The rolling agent restart's concurrency rule: at most one Mesos agent restarting per fault
 * domain at a time, domains in parallel, up to `maxConcurrentRestarts` in the cluster, and an
 * MDM node's agent always alone.
 *
 * A node's fault domain is its ScaleIO fault set: the failure domain the operator declared for
 * this cluster (`faultSetAttribute`, `rack` by default, or `zone`), and the unit ScaleIO is built
 * to lose whole (the two copies of a block never share a fault set). One restart per domain means
 * that at any moment each domain has at most one agent away, so a workload spread across the
 * domains keeps all but one of its instances' agents in every domain, and a bad restart (flags the
 * agent cannot start with) is caught on one agent per domain. Nodes without a fault set (no fault
 * sets in use, or clients) share one domain, so without fault sets the restart is one agent at a
 * time across the cluster, as before. The Mesos agent's own `domain` (`DomainInfo`) is not used:
 * offers carry it only on agents started with `--domain`, and the fault-set attribute can name
 * the same zone.
 *
 * Restarting the agent does not stop the ScaleIO services (MDM, SDS, SDC, LIA and the gateway are
 * system services, not Mesos tasks), and with checkpointing the executor and its tasks keep
 * running while the agent is away (https://mesos.apache.org/documentation/latest/agent-recovery/).
 * MDM nodes still restart alone: the nodes every other depends on are never disturbed together
 * with anything else.
 */
import { isMdm } from './roles.js';
import type { NodeState } from './state.js';

/** The fault domain of a node for the rolling restart: its fault set (`''`: the shared one). */
export const restartDomainOf = (n: Pick<NodeState, 'faultSet'>): string => n.faultSet;

/**
 * Whether `node` may start its agent restart while `others` restart: none do; or fewer than
 * `maxConcurrentRestarts`, none an MDM node, none in `node`'s fault domain, and `node` is not an
 * MDM node.
 */
export const mayRestartBeside = (
  maxConcurrentRestarts: number,
  node: Pick<NodeState, 'role' | 'faultSet'>,
  others: readonly Pick<NodeState, 'role' | 'faultSet'>[],
): boolean =>
  others.length === 0 ||
  (others.length < maxConcurrentRestarts &&
    !isMdm(node.role) &&
    others.every((o) => !isMdm(o.role) && restartDomainOf(o) !== restartDomainOf(node)));

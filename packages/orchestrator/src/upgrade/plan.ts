/**
 * The rolling-upgrade plan as data: phases in the order ScaleIO's 2.x upgrade procedure gives
 * them, one node at a time, each step a `check` (the gateway already reports the target version
 * on that node) and an `apply` (a task on the node's executor, or the MDM ownership switch).
 *
 * The order, and why:
 * - the gateway (with its Installation Manager) and then the LIA first, on every MDM node: the
 *   upgrade tooling (the gateway's Installation Manager) drives the other packages through the
 *   LIAs, so they are upgraded before anything else (EMC white paper H14036 "EMC ScaleIO
 *   Operation Overview — Ensuring Non-disruptive Operation and Upgrade", upgrade section; Dell
 *   "How to upgrade ScaleIO" walkthrough, dell.com/support video 6079774826001);
 * - then the MDM cluster one member at a time: the secondaries and tiebreakers while the master
 *   serves, then ownership moves to an upgraded secondary (`scli --switch_mdm_ownership`), and
 *   the former master is upgraded last, as a secondary — the master is never restarted while it
 *   owns the cluster (same sources; the cluster tolerates one member down: a 3-node cluster keeps
 *   quorum with 2 of 3, a 5-node with 3 of 5);
 * - then the SDSs one at a time, each in maintenance mode while its service restarts, so its data
 *   is never degraded and no rebuild starts (2.x maintenance mode: deliri.us/?p=1200);
 * - then the SDCs, one node at a time (an SDC restart only pauses that node's I/O).
 */
import type { AgentId } from '../agents.js';
import { isMdm, isStorage } from '../roles.js';
import type { DeployState, NodeState } from '../state.js';

/**
 * A ScaleIO component the upgrade replaces (the gateway's REST API reports the MDM, SDS and SDC
 * versions; the gateway's and the LIA's come from the node's package manager).
 */
export type UpgradeComponent = 'gateway' | 'lia' | 'mdm' | 'sds' | 'sdc';

/** The upgrade's phases, in order. */
export const upgradePhases = ['gateway', 'lia', 'mdm', 'sds', 'sdc'] as const;
/** An upgrade phase. */
export type UpgradePhase = (typeof upgradePhases)[number];

/** One step of the plan: pure data. */
export interface UpgradeStepDef {
  /** Stable id: `<phase>:<agentId>` or `mdm:switch-ownership`. */
  readonly id: string;
  readonly phase: UpgradePhase;
  /** `package`: the node's package of `component` replaced by its executor; `switch-ownership`. */
  readonly kind: 'package' | 'switch-ownership';
  readonly component: UpgradeComponent;
  /** The node it runs on (the switch: the current master's node). */
  readonly agentId: AgentId;
  readonly hostname: string;
  readonly ip: string;
  /** The switch: the secondary that becomes master. */
  readonly newMasterIp?: string;
  /** The SDS step: the SDS goes into maintenance mode around its restart. */
  readonly maintenance: boolean;
}

const live = (s: DeployState): NodeState[] =>
  Object.values(s.nodes)
    .filter((n) => n.goneAt === undefined)
    .sort((a, b) => a.hostname.localeCompare(b.hostname) || a.agentId.localeCompare(b.agentId));

const pkg = (
  n: NodeState,
  phase: UpgradePhase,
  component: UpgradeComponent,
  maintenance = false,
): UpgradeStepDef => ({
  id: `${phase}:${n.agentId}`,
  phase,
  kind: 'package',
  component,
  agentId: n.agentId,
  hostname: n.hostname,
  ip: n.ip,
  maintenance,
});

/**
 * The plan for a deployed cluster (pure): every step in the order it runs. `mode` `existing`
 * (a system the framework joined, not deployed) upgrades only what the framework installed: SDSs
 * and SDCs. Nodes whose agent is gone for good are left out.
 */
export function upgradePlan(s: DeployState, mode: 'full' | 'existing'): UpgradeStepDef[] {
  const nodes = live(s);
  const primary = nodes.find((n) => n.role === 'primary');
  const secondaries = nodes.filter((n) => n.role === 'secondary');
  const tiebreakers = nodes.filter((n) => n.role === 'tiebreaker');
  const mdms = [...secondaries, ...tiebreakers, ...(primary === undefined ? [] : [primary])];
  const steps: UpgradeStepDef[] = [];
  if (mode === 'full') {
    const mdmNodes = mdms.filter((n) => isMdm(n.role));
    steps.push(...mdmNodes.map((n) => pkg(n, 'gateway', 'gateway')));
    steps.push(...mdmNodes.map((n) => pkg(n, 'lia', 'lia')));
    steps.push(...[...secondaries, ...tiebreakers].map((n) => pkg(n, 'mdm', 'mdm')));
    const heir = secondaries[0];
    if (primary !== undefined && heir !== undefined)
      steps.push({
        id: 'mdm:switch-ownership',
        phase: 'mdm',
        kind: 'switch-ownership',
        component: 'mdm',
        agentId: primary.agentId,
        hostname: primary.hostname,
        ip: primary.ip,
        newMasterIp: heir.ip,
        maintenance: false,
      });
    if (primary !== undefined) steps.push(pkg(primary, 'mdm', 'mdm'));
  }
  steps.push(...nodes.filter((n) => isStorage(n.role)).map((n) => pkg(n, 'sds', 'sds', true)));
  steps.push(...nodes.map((n) => pkg(n, 'sdc', 'sdc')));
  return steps;
}

import { declaredStorage, type AgentId } from './agents.js';
import { objectName } from './faultsets.js';
import { deployPlan, stepDef, type DeployStep } from './plan.js';
import { isStorage, type Role } from './roles.js';
import type { ClusterSpec } from './spec.js';
import { nodeOf, stepOf, type DeployState } from './state.js';
import type { DeployStepStatus } from './transitions.js';

/** {@link deployComplete} of each state seen (states are immutable; status and jobs ask often). */
const completeness = new WeakMap<DeployState, boolean>();

/** True when every step of every node is done. */
export const deployComplete = (state: DeployState): boolean => {
  const known = completeness.get(state);
  if (known !== undefined) return known;
  let any = false;
  let complete = true;
  outer: for (const id in state.nodes) {
    any = true;
    const steps = state.nodes[id as keyof typeof state.nodes]?.steps ?? {};
    for (const step in steps)
      if (steps[step as keyof typeof steps]?.status !== 'done') {
        complete = false;
        break outer;
      }
  }
  completeness.set(state, any && complete);
  return any && complete;
};

/** A node's progress for people: its phase, current step and last error. */
export interface NodeProgress {
  readonly agentId: AgentId;
  readonly hostname: string;
  readonly role: Role;
  readonly faultSet: string;
  readonly phase: string;
  readonly step: DeployStep | 'done';
  readonly status: DeployStepStatus;
  readonly done: number;
  readonly total: number;
  readonly lastError: string | undefined;
  /** `unreachable` while Mesos reports its agent partitioned, `gone` once it is gone for good. */
  readonly reachability: 'reachable' | 'unreachable' | 'gone';
}

/** Progress of every node, sorted by hostname. */
export function progress(state: DeployState): NodeProgress[] {
  return Object.values(state.nodes)
    .map((n): NodeProgress => {
      const ids = deployPlan.map((d) => d.id).filter((id) => n.steps[id] !== undefined);
      const current = ids.find((id) => stepOf(n, id)?.status !== 'done');
      const s = current ? stepOf(n, current) : undefined;
      return {
        agentId: n.agentId,
        hostname: n.hostname,
        role: n.role,
        faultSet: n.faultSet,
        phase: current ? stepDef(current).phase : 'done',
        step: current ?? 'done',
        status: s?.status ?? 'done',
        done: ids.filter((id) => stepOf(n, id)?.status === 'done').length,
        total: ids.length,
        lastError: s?.lastError,
        reachability:
          n.goneAt !== undefined
            ? 'gone'
            : Object.values(n.steps).some((x) => x.unreachableSince !== undefined)
              ? 'unreachable'
              : 'reachable',
      };
    })
    .sort((a, b) => a.hostname.localeCompare(b.hostname));
}

/** What the gateway must hold for one storage node: names are deterministic. */
export interface StorageObjects {
  readonly protectionDomain: string;
  readonly faultSet: string | undefined;
  readonly sdsName: string;
  readonly sdsIp: string;
  /** Devices per storage pool. */
  readonly pools: readonly { readonly pool: string; readonly devices: readonly string[] }[];
}

/**
 * The gateway objects for a storage node: declared attributes (`scaleio-sds-*`, the node's kept
 * attributes unless others are given) win; otherwise the node's reported free devices go into the
 * configured protection domain and pool.
 */
export function storageObjectsFor(
  state: DeployState,
  spec: ClusterSpec,
  agentId: AgentId,
  attributes?: Readonly<Record<string, string>>,
): StorageObjects | undefined {
  const n = nodeOf(state, agentId);
  if (!n || !isStorage(n.role)) return undefined;
  const declared = declaredStorage(attributes ?? n.attributes ?? {});
  const [pd, pools] = Object.entries(declared.provides)[0] ?? [spec.protectionDomain, undefined];
  return {
    protectionDomain: pd,
    faultSet: n.faultSet === '' ? undefined : n.faultSet,
    sdsName: objectName('sds_', n.hostname),
    sdsIp: n.ip,
    pools: pools
      ? Object.entries(pools).map(([pool, devices]) => ({ pool, devices }))
      : [{ pool: spec.storagePool, devices: n.devices }],
  };
}

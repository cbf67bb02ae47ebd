import type { AgentFacts, AgentId } from './agents.js';

/** Fault-set placement of the storage nodes. */
export interface FaultSetPlan {
  /** Fault set name per storage node; empty when fault sets are not used. */
  readonly byNode: Readonly<Record<AgentId, string>>;
  /** Distinct fault set names, sorted. */
  readonly names: readonly string[];
  /** Why fault sets are not used, when they are not and the operator asked for them. */
  readonly warning: string | undefined;
}

/** A ScaleIO object name from an attribute value: letters, digits, `_`, `-`, `.`; at most 31. */
export const objectName = (prefix: string, value: string): string =>
  `${prefix}${value.replace(/[^A-Za-z0-9_.-]/g, '_')}`.slice(0, 31);

/**
 * Groups storage nodes into fault sets by an agent attribute (rack, zone). Fewer than three
 * distinct values, or a storage node without the attribute, means no fault sets: ScaleIO needs
 * at least three for mirroring to survive a whole set, and a node outside every set would break
 * the guarantee. That is a warning in the status, never a failed deploy.
 */
export function planFaultSets(
  storageNodes: readonly AgentFacts[],
  attribute: string,
): FaultSetPlan {
  const none = (warning: string | undefined): FaultSetPlan => ({ byNode: {}, names: [], warning });
  if (attribute === '' || storageNodes.length === 0) return none(undefined);
  const missing = storageNodes.filter((a) => a.attributes[attribute] === undefined);
  if (missing.length > 0)
    return none(
      `no fault sets: storage node(s) ${missing.map((a) => a.hostname).join(', ')} lack the '${attribute}' attribute`,
    );
  const byNode: Record<AgentId, string> = {};
  for (const a of storageNodes)
    byNode[a.agentId] = objectName('fs_', a.attributes[attribute] ?? '');
  const names = [...new Set(Object.values(byNode))].sort();
  if (names.length < 3)
    return none(
      `no fault sets: '${attribute}' has ${names.length} distinct value(s) among storage nodes; at least 3 are needed`,
    );
  return { byNode, names, warning: undefined };
}

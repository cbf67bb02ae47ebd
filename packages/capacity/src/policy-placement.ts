/**
 * The placement half of the expansion policy: which nodes get a volume, spread across fault sets.
 */
import * as t from 'io-ts';
import { NodeId } from './ids.js';
import { countsAgainstCaps, type LedgerEntry } from './ledger.js';
import type { PolicyConfig } from './policy-config.js';

/** A storage node the policy may place a volume on. */
export const PolicyNode = t.intersection([
  t.type({ node: NodeId, attachments: t.number, maxAttachments: t.number }),
  t.partial({ faultSet: t.string }),
]);
/** A storage node the policy may place a volume on. */
export type PolicyNode = t.TypeOf<typeof PolicyNode>;

/** Why a node cannot take a volume now. */
export type NodeExclusion = 'attachments' | 'perNodeCap';

/** A node with what the ledger says it already received. */
export interface RankedNode {
  readonly node: PolicyNode;
  readonly addedGiB: number;
  readonly volumes: number;
}

/** What the ledger says each node already received (all pools, real entries only). */
export const rankNodes = (
  nodes: ReadonlyArray<PolicyNode>,
  ledger: ReadonlyArray<LedgerEntry>,
): RankedNode[] =>
  nodes.map((node) => {
    const mine = ledger.filter((e) => e.node === node.node && countsAgainstCaps(e));
    return { node, addedGiB: mine.reduce((a, e) => a + e.sizeGiB, 0), volumes: mine.length };
  });

/** Why a node is excluded, or null when it can take a volume of the minimum size. */
export const exclusion = (r: RankedNode, c: PolicyConfig): NodeExclusion | null => {
  if (r.node.attachments + c.attachmentReserve + 1 > r.node.maxAttachments) return 'attachments';
  if (r.volumes >= c.maxVolumesPerNode) return 'perNodeCap';
  if (r.addedGiB + c.minVolumeGiB > c.maxGiBPerNode) return 'perNodeCap';
  return null;
};

const byLeastAdded = (a: RankedNode, b: RankedNode): number =>
  a.addedGiB - b.addedGiB ||
  b.node.maxAttachments - b.node.attachments - (a.node.maxAttachments - a.node.attachments) ||
  (a.node.node < b.node.node ? -1 : a.node.node > b.node.node ? 1 : 0);

/**
 * Picks up to `k` nodes: one per fault set first (fault sets that received least first), then
 * a second round, and so on. Without fault sets every node is its own group. Deterministic.
 */
export const spread = (eligible: ReadonlyArray<RankedNode>, k: number): RankedNode[] => {
  const groups = new Map<string, RankedNode[]>();
  for (const r of eligible) {
    const g = r.node.faultSet !== undefined ? `fs:${r.node.faultSet}` : `node:${r.node.node}`;
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  const ordered = [...groups.entries()]
    .map(([name, rs]) => ({
      name,
      rs: [...rs].sort(byLeastAdded),
      added: rs.reduce((a, r) => a + r.addedGiB, 0),
    }))
    .sort((a, b) => a.added - b.added || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const picked: RankedNode[] = [];
  for (let round = 0; picked.length < k && ordered.some((g) => g.rs.length > round); round++) {
    for (const g of ordered) {
      const r = g.rs[round];
      if (r !== undefined && picked.length < k) picked.push(r);
    }
  }
  return picked;
};

/**
 * Placement with the whole cluster in view: when the MDM roles may be committed (the settle
 * window), which agents get them (spread across zones, then racks), and which fault set a storage
 * node goes into — or why it is held. Pure: time and the agents seen come in as values.
 */
import type { AgentFacts, AgentId } from './agents.js';
import { objectName } from './faultsets.js';
import type { ClusterSpec } from './spec.js';

/** When agents were seen, as the scheduler core tracks it (in memory, since its start). */
export interface AgentsSeen {
  /** The first agent's first offer (epoch ms). */
  readonly firstAt: number;
  /** The newest agent's first offer (epoch ms). */
  readonly lastNewAt: number;
  /** Distinct agents seen so far. */
  readonly count: number;
}

/** Whether the MDM roles may be committed now, and if not, why (a line for the status). */
export type Settle = { readonly settled: true } | { readonly settled: false; readonly why: string };

/** Settled: the window is off, or there is nothing to wait for. */
export const settledNow: Settle = { settled: true };

/**
 * The settle window before MDM roles are committed: committed at once when the expected agent
 * count is reached; otherwise once no new agent appeared for the quiet period, or at the latest
 * the maximum wait after the first agent (agents that keep trickling in never hold it forever).
 */
export function settleWindow(seen: AgentsSeen | undefined, spec: ClusterSpec, now: number): Settle {
  if (seen === undefined) return { settled: false, why: 'placement: no agent offered yet' };
  const expected = spec.placementExpectedAgents;
  if (expected > 0 && seen.count >= expected) return settledNow;
  const quietLeft = seen.lastNewAt + spec.placementQuietMs - now;
  const maxLeft = seen.firstAt + spec.placementMaxWaitMs - now;
  if (quietLeft <= 0 || maxLeft <= 0) return settledNow;
  const count =
    expected > 0
      ? `${seen.count} of ${expected} expected agents seen`
      : `${seen.count} agent(s) seen`;
  const secs = (ms: number) => `${Math.ceil(ms / 1000)} s`;
  return {
    settled: false,
    why: `placement settling: ${count}; MDM roles committed after ${secs(spec.placementQuietMs)} without a new agent (in ${secs(Math.min(quietLeft, maxLeft))} at most)`,
  };
}

/** Agents seen after `offers` brought `added` new ones at `now`. */
export const agentsSeenAfter = (
  seen: AgentsSeen | undefined,
  added: number,
  now: number,
): AgentsSeen | undefined =>
  added <= 0
    ? seen
    : {
        firstAt: seen?.firstAt ?? now,
        lastNewAt: now,
        count: (seen?.count ?? 0) + added,
      };

/** An agent's failure domain at both levels: zone (`failureDomainAttribute`), then rack. */
export const domainsOf = (
  a: AgentFacts | undefined,
  spec: ClusterSpec,
): { zone: string; rack: string } => ({
  zone: a?.attributes[spec.failureDomainAttribute] ?? `agent:${a?.agentId ?? ''}`,
  rack: a?.attributes[spec.rackAttribute] ?? `agent:${a?.agentId ?? ''}`,
});

/**
 * Picks an agent for each open MDM slot: each pick goes to the candidate whose zone holds the
 * fewest MDM members so far, then whose rack does, then the first in `candidates`' order (the
 * caller sorts them, largest first). `members` are the agents already holding MDM roles.
 * Returns agent id per slot, in `slots` order; shorter when candidates run out.
 */
export function spreadMdms<R extends string>(
  candidates: readonly AgentFacts[],
  slots: readonly R[],
  members: readonly (AgentFacts | undefined)[],
  spec: ClusterSpec,
): { agentId: AgentId; role: R }[] {
  const zones = new Map<string, number>();
  const racks = new Map<string, number>();
  const count = (a: AgentFacts | undefined) => {
    const d = domainsOf(a, spec);
    zones.set(d.zone, (zones.get(d.zone) ?? 0) + 1);
    racks.set(d.rack, (racks.get(d.rack) ?? 0) + 1);
  };
  for (const m of members) count(m);
  const pool = [...candidates];
  const out: { agentId: AgentId; role: R }[] = [];
  for (const role of slots) {
    let best = -1;
    let bestKey: [number, number] = [Infinity, Infinity];
    pool.forEach((a, i) => {
      const d = domainsOf(a, spec);
      const key: [number, number] = [zones.get(d.zone) ?? 0, racks.get(d.rack) ?? 0];
      if (key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) {
        best = i;
        bestKey = key;
      }
    });
    const [pick] = best >= 0 ? pool.splice(best, 1) : [];
    if (!pick) break;
    out.push({ agentId: pick.agentId, role });
    count(pick);
  }
  return out;
}

/** Where a storage node goes: a fault set, none (fault sets off), or held with the reason. */
export type FaultSetFor =
  | { readonly _tag: 'faultSet'; readonly name: string }
  | { readonly _tag: 'none' }
  | { readonly _tag: 'held'; readonly why: string };

/**
 * The fault set of a storage node that joins once fault sets are decided: its attribute's, or
 * the configured default (`faultSetDefault`) when it has none, else held with a clear reason —
 * never silently outside every fault set.
 */
export function faultSetForLateNode(
  a: AgentFacts,
  faultSetsInUse: boolean,
  spec: ClusterSpec,
): FaultSetFor {
  if (!faultSetsInUse) return { _tag: 'none' };
  const v = a.attributes[spec.faultSetAttribute] ?? (spec.faultSetDefault || undefined);
  if (v !== undefined) return { _tag: 'faultSet', name: objectName('fs_', v) };
  return {
    _tag: 'held',
    why: `${a.hostname} held: storage node without the '${spec.faultSetAttribute}' attribute while fault sets are in use (give the agent the attribute, or set --fault-set-default)`,
  };
}

/** The line of `waiting` that holds a node: recognised by its prefix. */
export const isHeldLine = (s: string): boolean => / held: /.test(s);

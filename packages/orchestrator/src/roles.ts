import * as t from 'io-ts';
import { declaredStorage, type AgentFacts, type AgentId } from './agents.js';
import { settledNow, spreadMdms, type Settle } from './placement.js';
import type { ClusterSpec } from './spec.js';

/**
 * What a node does. MDM roles also run an SDS and an SDC (as the original did); `storage`
 * runs SDS and SDC; `client` runs only the SDC.
 */
export const Role = t.keyof({
  primary: null,
  secondary: null,
  tiebreaker: null,
  storage: null,
  client: null,
});
/** What a node does. */
export type Role = t.TypeOf<typeof Role>;

/** MDM roles, in the order they are filled. */
export const mdmRoles = ['primary', 'secondary', 'tiebreaker'] as const;
/** An MDM role. */
export type MdmRole = (typeof mdmRoles)[number];

/** True for primary, secondary and tiebreaker. */
export const isMdm = (r: Role): r is MdmRole =>
  r === 'primary' || r === 'secondary' || r === 'tiebreaker';
/** True for every role that runs an SDS. */
export const isStorage = (r: Role): boolean => r !== 'client';

/** How many of each MDM role a cluster of this size has. */
export const mdmSlots = (count: 3 | 5): readonly MdmRole[] =>
  count === 3
    ? ['primary', 'secondary', 'tiebreaker']
    : ['primary', 'secondary', 'secondary', 'tiebreaker', 'tiebreaker'];

/** Result of role selection. */
export interface RoleSelection {
  /** Every known agent's role; earlier assignments are never changed. */
  readonly roles: Readonly<Record<AgentId, Role>>;
  /** MDM slots still open, with the reason (too few eligible agents so far). */
  readonly waiting: readonly string[];
}

const eligible = (a: AgentFacts, spec: ClusterSpec) =>
  a.resources.cpus >= spec.mdmMinCpus && a.resources.memMb >= spec.mdmMinMemMb;

const byCapacity = (a: AgentFacts, b: AgentFacts) =>
  b.resources.cpus - a.resources.cpus ||
  b.resources.memMb - a.resources.memMb ||
  (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0);

/** The non-MDM role of an agent: `client` when it only declares `scaleio-sdc-*` attributes. */
export function dataRole(a: AgentFacts): 'storage' | 'client' {
  const d = declaredStorage(a.attributes);
  const providesNothing = Object.keys(d.provides).length === 0;
  return d.imperative && providesNothing && Object.keys(d.consumes).length > 0
    ? 'client'
    : 'storage';
}

/**
 * Chooses roles. Kept assignments stay. In `full` mode, MDM slots are filled first from the
 * `scaleio-persona` attribute, then automatically — only once enough eligible agents are known to
 * fill every open slot and the settle window (`settle`, see `settleWindow`) has closed, so that
 * the choice sees the whole cluster: MDMs spread across zones, then racks (`spreadMdms`),
 * preferring the agents with the most free CPU and memory. Every other agent is a data node.
 */
export function selectRoles(
  agents: readonly AgentFacts[],
  spec: ClusterSpec,
  kept: Readonly<Record<AgentId, Role>>,
  settle: Settle = settledNow,
): RoleSelection {
  const roles: Record<AgentId, Role> = {};
  const known = new Map(agents.map((a) => [a.agentId, a]));
  for (const [id, r] of Object.entries(kept) as [AgentId, Role][]) roles[id] = r;
  const waiting: string[] = [];

  if (spec.mode === 'full') {
    const open = [...mdmSlots(spec.mdmCount)];
    for (const r of Object.values(roles)) {
      const i = open.indexOf(r as MdmRole);
      if (i >= 0) open.splice(i, 1);
    }
    const free = () =>
      agents.filter((a) => roles[a.agentId] === undefined && dataRole(a) !== 'client');
    // 1. Declared personas.
    for (let i = 0; i < open.length;) {
      const slot = open[i] as MdmRole;
      const a = free().find((x) => x.attributes['scaleio-persona'] === slot);
      if (a) {
        roles[a.agentId] = slot;
        open.splice(i, 1);
      } else i++;
    }
    // 2. Automatic, all at once.
    const candidates = free()
      .filter((a) => eligible(a, spec) && a.attributes['scaleio-persona'] === undefined)
      .sort(byCapacity);
    const members = Object.entries(roles)
      .filter(([, r]) => isMdm(r))
      .map(([id]) => known.get(id as AgentId));
    if (open.length > 0 && candidates.length >= open.length && !settle.settled) {
      const plan = spreadMdms(candidates, open, members, spec);
      const names = new Map(candidates.map((a) => [a.agentId, a.hostname]));
      waiting.push(
        `${settle.why}; proposed: ${plan.map((p) => `${p.role} ${names.get(p.agentId) ?? ''}`).join(', ')}`,
      );
    } else if (open.length > 0 && candidates.length >= open.length) {
      for (const p of spreadMdms(candidates, open, members, spec)) roles[p.agentId] = p.role;
    } else if (open.length > 0) {
      waiting.push(
        `${open.length} MDM role(s) open (${open.join(', ')}): ${candidates.length} eligible agent(s) with at least ${spec.mdmMinCpus} CPUs and ${spec.mdmMinMemMb} MB free so far`,
      );
    }
  }
  for (const a of agents) if (roles[a.agentId] === undefined) roles[a.agentId] = dataRole(a);
  return { roles, waiting };
}

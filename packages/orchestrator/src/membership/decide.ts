/**
 * Lost MDM cluster members replaced (pure): from the deploy state (which agents are gone or
 * unreachable), the agents seen in offers (spares) and the MDM cluster as the gateway reports it,
 * decide which replacements start and what each one's stage does next. Every effect is checked
 * against the cluster first (`check` before `apply`): what the cluster already shows is not done
 * again, so a scheduler restarted mid-replacement finishes it without a second member.
 */
import type { AgentFacts, AgentId } from '../agents.js';
import { spreadMdms } from '../placement.js';
import type { ClusterSpec } from '../spec.js';
import type { DeployState, NodeState } from '../state.js';
import {
  isActiveStage,
  isOpen,
  moveEntry,
  type LedgerNode,
  type MemberRole,
  type MembershipLedger,
  type Replacement,
} from './ledger.js';

/** How lost members are handled. */
export interface MembershipSettings {
  /** `automatic`: replaced at once; `approval`: each waits for the operator; `off`: reported only. */
  readonly mode: 'automatic' | 'approval' | 'off';
  /** How long an agent may be unreachable before its member counts as lost (gone: at once). */
  readonly graceMs: number;
  readonly maxAttempts: number;
  readonly retryBaseMs: number;
}

/** The MDM cluster as the gateway reports it (`queryMdmCluster`), by first IP. */
export interface MdmClusterView {
  readonly masterIp: string;
  readonly slaveIps: readonly string[];
  readonly tieBreakerIps: readonly string[];
  readonly standbys: readonly { ip: string; role: 'Manager' | 'TieBreaker' }[];
  /** Members whose `status` the MDM reports as not `Normal` (e.g. `Disconnected`). */
  readonly disconnectedIps?: readonly string[];
}

/** A command the primary MDM's node runs with `scli` (the ScaleIO 2.0 CLI). */
export type MdmCommand =
  | {
      readonly op: 'addStandby';
      readonly ip: string;
      readonly role: 'Manager' | 'TieBreaker';
      readonly name: string;
    }
  | {
      readonly op: 'replace';
      readonly role: MemberRole;
      readonly addIp: string;
      readonly removeIp: string;
    }
  | { readonly op: 'removeStandby'; readonly ip: string };

/** What the shell performs for an entry's stage (after saving the ledger). */
export type MembershipAction =
  | {
      /** The MDM package (manager or tie-breaker) goes onto the spare: a task on its executor. */
      readonly _tag: 'installMdm';
      readonly entryId: string;
      readonly spare: LedgerNode;
      readonly role: MemberRole;
    }
  | {
      readonly _tag: 'mdmCommand';
      readonly entryId: string;
      readonly primary: LedgerNode;
      readonly command: MdmCommand;
    };

/** One decision: the next ledger, the effects, and lines for the log. */
export interface MembershipDecision {
  readonly ledger: MembershipLedger;
  readonly actions: readonly MembershipAction[];
  readonly notes: readonly string[];
}

const ledgerNode = (n: NodeState): LedgerNode => ({
  agentId: n.agentId,
  hostname: n.hostname,
  ip: n.ip,
});

/** Since when a node's agent counts as lost at `now`, or undefined. */
export const lostSince = (n: NodeState, graceMs: number, now: number): number | undefined => {
  if (n.goneAt !== undefined) return n.goneAt;
  const since = Object.values(n.steps)
    .map((s) => s.unreachableSince)
    .filter((x): x is number => x !== undefined);
  const first = since.length === 0 ? undefined : Math.min(...since);
  return first !== undefined && now - first >= graceMs ? first : undefined;
};

const roleIn = (c: MdmClusterView, ip: string): 'master' | MemberRole | undefined =>
  c.masterIp === ip
    ? 'master'
    : c.slaveIps.includes(ip)
      ? 'secondary'
      : c.tieBreakerIps.includes(ip)
        ? 'tiebreaker'
        : undefined;

/** The best spare for `role`: a live storage node, spread away from the remaining members. */
export function pickSpare(
  deploy: DeployState,
  agents: ReadonlyMap<AgentId, AgentFacts>,
  spec: ClusterSpec,
  role: MemberRole,
  exclude: ReadonlySet<string>,
  cluster: MdmClusterView,
  settings: MembershipSettings,
  now: number,
): NodeState | undefined {
  const inCluster = (ip: string) =>
    roleIn(cluster, ip) !== undefined || cluster.standbys.some((s) => s.ip === ip);
  const live = (n: NodeState) => lostSince(n, 0, now) === undefined && n.goneAt === undefined;
  const candidates = Object.values(deploy.nodes)
    .filter(
      (n) =>
        n.role === 'storage' &&
        !inCluster(n.ip) &&
        live(n) &&
        !exclude.has(n.agentId) &&
        n.steps['prereqs']?.status === 'done',
    )
    .map((n) => agents.get(n.agentId))
    .filter(
      (a): a is AgentFacts =>
        a !== undefined &&
        a.resources.cpus >= spec.mdmMinCpus &&
        a.resources.memMb >= spec.mdmMinMemMb,
    )
    .sort((a, b) => b.resources.cpus - a.resources.cpus || (a.agentId < b.agentId ? -1 : 1));
  const members = Object.values(deploy.nodes)
    .filter(
      (n) =>
        roleIn(cluster, n.ip) !== undefined && lostSince(n, settings.graceMs, now) === undefined,
    )
    .map((n) => agents.get(n.agentId));
  const [pick] = spreadMdms(candidates, [role], members, spec);
  return pick === undefined ? undefined : deploy.nodes[pick.agentId];
}

/** Whether the cluster already shows what the entry's stage does (nothing left to apply). */
export function stageShown(r: Replacement, c: MdmClusterView): boolean {
  const spare = r.spare?.ip;
  switch (r.stage) {
    case 'installing':
      // The spare already in the cluster (a standby or more): its MDM is installed.
      return (
        spare !== undefined &&
        (c.standbys.some((s) => s.ip === spare) || roleIn(c, spare) !== undefined)
      );
    case 'addingStandby':
      return (
        spare !== undefined &&
        (c.standbys.some((s) => s.ip === spare) || roleIn(c, spare) !== undefined)
      );
    case 'replacing':
      return (
        spare !== undefined &&
        roleIn(c, spare) === r.lost.role &&
        roleIn(c, r.lost.ip) === undefined
      );
    case 'removingStandby':
      return roleIn(c, r.lost.ip) === undefined && !c.standbys.some((s) => s.ip === r.lost.ip);
    default:
      return false;
  }
}

/** The command of an entry's cluster stage. */
const commandOf = (r: Replacement, spare: LedgerNode): MdmCommand | undefined => {
  switch (r.stage) {
    case 'addingStandby':
      return {
        op: 'addStandby',
        ip: spare.ip,
        role: r.lost.role === 'secondary' ? 'Manager' : 'TieBreaker',
        name: `${r.lost.role === 'secondary' ? 'mdm' : 'tb'}-${spare.hostname}`.slice(0, 31),
      };
    case 'replacing':
      return { op: 'replace', role: r.lost.role, addIp: spare.ip, removeIp: r.lost.ip };
    case 'removingStandby':
      return { op: 'removeStandby', ip: r.lost.ip };
    default:
      return undefined;
  }
};

/**
 * One pass: new entries for members newly lost, stages the cluster already shows advanced, and
 * the effect of each entry whose time has come. Without the cluster view (the gateway is away)
 * nothing starts or moves.
 */
export function decideMembership(
  ledger: MembershipLedger,
  deploy: DeployState,
  agents: ReadonlyMap<AgentId, AgentFacts>,
  cluster: MdmClusterView | undefined,
  spec: ClusterSpec,
  settings: MembershipSettings,
  now: number,
): MembershipDecision {
  const notes: string[] = [];
  if (cluster === undefined || spec.mode !== 'full') return { ledger, actions: [], notes };
  const opts = { maxAttempts: settings.maxAttempts, retryBaseMs: settings.retryBaseMs };
  let { seq } = ledger;
  let entries = [...ledger.entries];
  // 1. Members newly lost.
  const known = new Set(entries.map((e) => e.lost.agentId));
  // The MDM's own view of its members: disconnected since when (the grace runs from there).
  const down = cluster.disconnectedIps ?? [];
  const prevDown = ledger.disconnectedSince ?? {};
  const disconnectedSince: Record<string, number> = {};
  for (const ip of down) disconnectedSince[ip] = prevDown[ip] ?? now;
  const mdmLost = (ip: string) => {
    const since = disconnectedSince[ip];
    return since !== undefined && now - since >= settings.graceMs;
  };
  // Members by the cluster's own view (a replacement member is one too), not by deploy roles:
  // lost when Mesos says its agent is gone (or unreachable past the grace), or when the MDM has
  // reported it disconnected for the grace.
  for (const n of Object.values(deploy.nodes)) {
    const role = roleIn(cluster, n.ip);
    if (role === undefined || known.has(n.agentId)) continue; // not a member: nothing to replace
    if (lostSince(n, settings.graceMs, now) === undefined && !mdmLost(n.ip)) continue;
    if (settings.mode === 'off') {
      notes.push(`MDM member ${n.hostname} lost; replacement is off`);
      continue;
    }
    const stage =
      role === 'master'
        ? 'awaitingFailover'
        : settings.mode === 'approval'
          ? 'awaitingApproval'
          : 'installing';
    seq += 1;
    entries.push({
      id: `mdm-${seq}-${n.ip}`,
      lost: { ...ledgerNode(n), role: role === 'master' ? 'secondary' : role },
      spare: null,
      stage,
      attempts: 0,
      history: [{ stage, atMs: now, note: `${n.hostname} lost (${role})` }],
    });
    notes.push(`MDM member ${n.hostname} (${role}) lost: replacement ${stage}`);
  }
  // 2. Each open entry: failover seen, spare picked, stage shown, effect due.
  const actions: MembershipAction[] = [];
  const primaryNode = Object.values(deploy.nodes).find((n) => n.ip === cluster.masterIp);
  const spares = new Set(entries.filter(isOpen).flatMap((e) => (e.spare ? [e.spare.agentId] : [])));
  entries = entries.map((e0) => {
    let e = e0;
    if (e.stage === 'awaitingFailover' && roleIn(cluster, e.lost.ip) !== 'master') {
      e = moveEntry(e, 'failedOver', now, { ...opts, note: `master now ${cluster.masterIp}` });
      e = { ...e, lost: { ...e.lost, role: 'secondary' } };
    }
    if (!isActiveStage(e.stage)) return e;
    // A spare that went away before it joined the cluster: pick another.
    const spareNode = e.spare === null ? undefined : deploy.nodes[e.spare.agentId];
    if (
      e.spare !== null &&
      (e.stage === 'installing' || e.stage === 'addingStandby') &&
      (spareNode === undefined || lostSince(spareNode, 0, now) !== undefined)
    ) {
      spares.delete(e.spare.agentId);
      e = moveEntry(e, 'spareLost', now, {
        ...opts,
        note: `spare ${e.spare.hostname} lost`,
        spare: null,
      });
    }
    if (e.spare === null) {
      const pick = pickSpare(deploy, agents, spec, e.lost.role, spares, cluster, settings, now);
      if (pick === undefined) {
        if (e.history.at(-1)?.note !== 'no spare node')
          e = {
            ...e,
            history: [...e.history, { stage: e.stage, atMs: now, note: 'no spare node' }],
          };
        return e;
      }
      spares.add(pick.agentId);
      e = {
        ...e,
        spare: ledgerNode(pick),
        history: [...e.history, { stage: e.stage, atMs: now, note: `spare ${pick.hostname}` }],
      };
    }
    // Advance through every stage the cluster already shows.
    while (isActiveStage(e.stage) && stageShown(e, cluster)) e = moveEntry(e, 'applied', now, opts);
    if (!isActiveStage(e.stage) || e.spare === null) return e;
    if (e.notBefore !== undefined && now < e.notBefore) return e;
    if (e.stage === 'installing') {
      actions.push({ _tag: 'installMdm', entryId: e.id, spare: e.spare, role: e.lost.role });
      return e;
    }
    const command = commandOf(e, e.spare);
    if (command !== undefined && primaryNode !== undefined)
      actions.push({
        _tag: 'mdmCommand',
        entryId: e.id,
        primary: ledgerNode(primaryNode),
        command,
      });
    return e;
  });
  const sameDown =
    Object.keys(disconnectedSince).length === Object.keys(prevDown).length &&
    Object.entries(disconnectedSince).every(([ip, t]) => prevDown[ip] === t);
  const changed =
    !sameDown ||
    seq !== ledger.seq ||
    entries.length !== ledger.entries.length ||
    entries.some((e, i) => e !== ledger.entries[i]);
  return {
    ledger: changed
      ? {
          schemaVersion: 1,
          seq,
          entries,
          ...(Object.keys(disconnectedSince).length > 0 ? { disconnectedSince } : {}),
        }
      : ledger,
    actions,
    notes,
  };
}

/** The result of an `mdmCommand` (or the operator's approval/retry) applied to the ledger. */
export function membershipEvent(
  ledger: MembershipLedger,
  entryId: string,
  event: 'applied' | 'fail' | 'approve' | 'retry',
  settings: MembershipSettings,
  now: number,
  note?: string,
): MembershipLedger {
  const opts = {
    maxAttempts: settings.maxAttempts,
    retryBaseMs: settings.retryBaseMs,
    ...(note === undefined ? {} : { note }),
  };
  let changed = false;
  const entries = ledger.entries.map((e) => {
    if (e.id !== entryId) return e;
    const next = moveEntry(e, event, now, opts);
    changed = next !== e;
    return next;
  });
  return changed ? { ...ledger, entries } : ledger;
}

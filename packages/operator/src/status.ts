import { deployComplete, progress, type DeployState } from '@scaleio-framework/orchestrator';
import { upgradeStatusView, type UpgradeInfo } from './upgrade-info.js';
import {
  currentRole,
  membershipStatusView,
  sdsRemovalStatusView,
  type MembershipEntryInfo,
  type SdsRemovalInfo,
} from './membership-info.js';
import type { Secret } from './secret.js';
import { capacityOf, percentFull, type CapacitySample } from './pool-view.js';
import { scrubDeep } from './scrub.js';

/** Facts about the scheduler process that the status shows besides the deploy state. */
export interface SchedulerFacts {
  readonly frameworkId: string | undefined;
  readonly master: string | undefined;
  readonly subscribed: boolean;
  readonly leader: boolean;
  readonly suppressed: boolean;
  readonly startedAt: number;
}

/** One MDM of the cluster as the gateway reports it. */
export interface MdmMemberInfo {
  readonly name: string;
  readonly ip: string;
  /** `primary`, `secondary`, `tiebreaker` or `standby`. */
  readonly role: string;
  /** e.g. `Normal`, `Disconnected`. */
  readonly status: string;
  /** The zone (failure domain) of its agent, when known. */
  readonly zone?: string | undefined;
}

/** The ScaleIO system and its MDM cluster (`/api/types/System/instances`, `queryMdmCluster`). */
export interface SystemInfo {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  /** `OneNode`, `ThreeNodes`, `FiveNodes` (or the gateway's spelling of them). */
  readonly mdmClusterMode: string;
  /** As the gateway spells it: `ClusteredNormal`, `ClusteredDegraded`, `NotClustered`, ... */
  readonly mdmClusterState: string;
  readonly members: readonly MdmMemberInfo[];
}

/** A storage pool, its newest statistics sample and the healing thresholds that apply to it. */
export interface PoolInfo {
  readonly protectionDomain: string;
  readonly name: string;
  /** Newest sample; `undefined` before the first one. */
  readonly latest: CapacitySample | undefined;
  /** Percent full at which healing triggers. */
  readonly triggerPercent: number;
  /** Percent full under which the trigger re-arms. */
  readonly clearPercent: number;
}

/** One expansion of the ledger (the fields of `capacity`'s `LedgerEntry` that people need). */
export interface LedgerEntryInfo {
  readonly seq: number;
  readonly pool: string;
  readonly node: string;
  readonly sizeGiB: number;
  /** When it was decided, epoch ms. */
  readonly atMs: number;
  /** `inProgress`, `completed`, `failed`, `rolledBack`, or `awaitingApproval`. */
  readonly state: string;
  readonly dryRun: boolean;
  readonly volume?: string | undefined;
  readonly reason?: string | undefined;
  /** The healer's stage (`intent`, `created`, `attached`, …, `verified`), when it has one. */
  readonly stage?: string | undefined;
}

/** Something that happened, for the recent-events list. */
export interface EventInfo {
  readonly atMs: number;
  readonly level: 'info' | 'warn' | 'error';
  /** Short machine-readable kind, e.g. `step-failed`, `expansion`, `subscribed`. */
  readonly kind: string;
  readonly message: string;
  readonly node?: string | undefined;
}

/** Capacity healing switches and what the healer last decided. */
export interface HealingInfo {
  /** Capacity healing is configured on (`--healing-enabled`). */
  readonly enabled: boolean;
  readonly paused: boolean;
  /** Expansions wait for an operator's approval. */
  readonly approvalMode: boolean;
  readonly dryRun: boolean;
  /** Per pool: the last decision and the cap that blocked it (why a pool did not grow). */
  readonly pools?: readonly HealingPoolInfo[];
  /** The last leak check: volumes tagged as ours that no ledger entry owns. */
  readonly leaks?: { readonly checkedAtMs: number; readonly volumes: readonly string[] } | null;
  readonly totals?: {
    readonly volumes: number;
    readonly addedGiB: number;
    readonly last24hGiB: number;
    readonly failed: number;
    readonly rolledBack: number;
  };
  readonly lastError?: string | null;
}

/** One pool's last healing decision. */
export interface HealingPoolInfo {
  readonly protectionDomain: string;
  readonly pool: string;
  /** `Expand`, `Wait`, `Blocked`, … or null before the first decision. */
  readonly decision: string | null;
  /** Why: the wait reason or the blocking cap (`dailyBudget`, `totalCap`, `nodeCap`, …). */
  readonly why: string | null;
  readonly reason: string | null;
  readonly blockedBy: string | null;
  /** The last shrink decision: `shrink <entry>` or `none <why>`, and its reason (absent: none yet). */
  readonly shrink?: { readonly decision: string; readonly reason: string } | null;
}

/** The parts of the status beyond the deploy state; each has an empty default. */
export interface StatusInputs {
  readonly system: SystemInfo | undefined;
  readonly pools: readonly PoolInfo[];
  /** Every ledger entry, any order. */
  readonly ledger: readonly LedgerEntryInfo[];
  /** Recent events, any order. */
  readonly events: readonly EventInfo[];
  readonly healing: HealingInfo;
  /** Known secret values: any text that contains one shows `[secret]` instead. */
  readonly secrets: readonly Secret[];
  /** The rolling upgrade, once one ran. */
  readonly upgrade?: UpgradeInfo | undefined;
  /** Lost MDM member replacements (the membership ledger). */
  readonly membership?: readonly MembershipEntryInfo[] | undefined;
  /** Lost SDSs and their removal (the SDS removal ledger). */
  readonly sdsRemovals?: readonly SdsRemovalInfo[] | undefined;
}

/** Status inputs when nothing beyond the deploy state is known yet. */
export const emptyStatusInputs: StatusInputs = {
  system: undefined,
  pools: [],
  ledger: [],
  events: [],
  healing: { enabled: false, paused: false, approvalMode: false, dryRun: false },
  secrets: [],
};

/** How many ledger entries and events the status shows (newest first). */
export const STATUS_LIMITS = { ledger: 100, events: 50 } as const;

const systemView = (s: SystemInfo | undefined) =>
  s === undefined
    ? null
    : {
        id: s.id,
        name: s.name,
        version: s.version,
        mdmCluster: {
          mode: s.mdmClusterMode,
          state: s.mdmClusterState,
          members: s.members.map((m) => ({
            name: m.name,
            ip: m.ip,
            role: m.role,
            status: m.status,
            zone: m.zone ?? null,
          })),
        },
      };

const poolView = (p: PoolInfo) => ({
  key: `${p.protectionDomain}/${p.name}`,
  protectionDomain: p.protectionDomain,
  name: p.name,
  capacity: p.latest ? capacityOf(p.latest) : null,
  percentFull: p.latest ? percentFull(p.latest) : null,
  sampledAtMs: p.latest?.atMs ?? null,
  thresholds: { triggerPercent: p.triggerPercent, clearPercent: p.clearPercent },
});

const ledgerView = (e: LedgerEntryInfo) => ({
  seq: e.seq,
  pool: e.pool,
  node: e.node,
  sizeGiB: e.sizeGiB,
  atMs: e.atMs,
  state: e.state,
  dryRun: e.dryRun,
  volume: e.volume ?? null,
  reason: e.reason ?? null,
  stage: e.stage ?? null,
});

const healingPoolView = (p: HealingPoolInfo) => ({
  protectionDomain: p.protectionDomain,
  pool: p.pool,
  decision: p.decision,
  why: p.why,
  reason: p.reason,
  blockedBy: p.blockedBy,
  shrink: p.shrink ?? null,
});

const eventView = (e: EventInfo) => ({
  atMs: e.atMs,
  level: e.level,
  kind: e.kind,
  message: e.message,
  node: e.node ?? null,
});

const newestFirst = <A extends { atMs: number }>(xs: readonly A[], n: number): A[] =>
  [...xs].sort((a, b) => b.atMs - a.atMs).slice(0, n);

function buildStatus(state: DeployState, facts: SchedulerFacts, now: number, i: StatusInputs) {
  const nodes = progress(state);
  const byPhase: Record<string, number> = {};
  for (const n of nodes) byPhase[n.phase] = (byPhase[n.phase] ?? 0) + 1;
  return {
    generatedAtMs: now,
    framework: {
      id: facts.frameworkId ?? null,
      master: facts.master ?? null,
      subscribed: facts.subscribed,
      leader: facts.leader,
      offersSuppressed: facts.suppressed,
      uptimeSeconds: Math.round((now - facts.startedAt) / 1000),
    },
    deploy: {
      complete: deployComplete(state),
      nodesByPhase: byPhase,
      waiting: [...state.waiting],
      faultSets: [...(state.faultSets?.names ?? [])],
      warnings: state.faultSets?.warning ? [state.faultSets.warning] : [],
      failedNodes: nodes.filter((n) => n.status === 'failed').map((n) => n.hostname),
    },
    nodes: nodes.map((n) => ({
      agentId: n.agentId as string,
      hostname: n.hostname,
      role: currentRole(
        n.role,
        { hostname: n.hostname, ip: state.nodes[n.agentId]?.ip ?? '' },
        i.system?.members,
        i.membership,
      ),
      faultSet: n.faultSet || null,
      phase: n.phase,
      step: n.step as string,
      status: n.status as string,
      stepsDone: n.done,
      stepsTotal: n.total,
      lastError: n.lastError ?? null,
      reachability: n.reachability,
    })),
    system: systemView(i.system),
    pools: i.pools.map(poolView),
    healing: {
      enabled: i.healing.enabled,
      paused: i.healing.paused,
      approvalMode: i.healing.approvalMode,
      dryRun: i.healing.dryRun,
      pools: (i.healing.pools ?? []).map(healingPoolView),
      leaks: i.healing.leaks
        ? { checkedAtMs: i.healing.leaks.checkedAtMs, volumes: [...i.healing.leaks.volumes] }
        : null,
      totals: i.healing.totals ? { ...i.healing.totals } : null,
      lastError: i.healing.lastError ?? null,
    },
    ledger: {
      total: i.ledger.length,
      entries: newestFirst(i.ledger, STATUS_LIMITS.ledger).map(ledgerView),
    },
    events: newestFirst(i.events, STATUS_LIMITS.events).map(eventView),
    upgrade: upgradeStatusView(i.upgrade),
    memberReplacements: membershipStatusView(i.membership),
    lostSds: sdsRemovalStatusView(i.sdsRemovals),
  };
}

/** The status document's type. */
export type StatusView = ReturnType<typeof buildStatus>;

/**
 * The `/api/v1/status` document. Pure. It copies only named fields (an input object that carries
 * more, e.g. a password, does not leak it) and replaces any known secret value that appears in a
 * text (an error message, an event) by `[secret]`.
 */
export function statusView(
  state: DeployState,
  facts: SchedulerFacts,
  now: number,
  inputs: StatusInputs = emptyStatusInputs,
): StatusView {
  const doc = buildStatus(state, facts, now, inputs);
  return inputs.secrets.length === 0 ? doc : (scrubDeep(doc, inputs.secrets) as StatusView);
}

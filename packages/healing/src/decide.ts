/**
 * One pool's decision, in two phases: the capacity policy over its samples and the whole ledger,
 * first without nodes. Only when the policy got as far as placement (trigger hot, cooldown over,
 * budget left) does the core ask for the nodes' attachment slots — a `describeNodes` effect — and
 * decide again with the answers, so a quiet pool costs no cloud API call.
 */
import {
  decideExpansion,
  deriveIdempotencyKey,
  nextSeq,
  type ClusterId,
  type Decision,
  type NodeId,
  type PolicyConfig,
  type PolicyNode,
  type PoolSample,
} from '@scaleio-framework/capacity';
import { describeProviderError, type NodeAnswer } from './effects.js';
import {
  stateOfStage,
  type HealingEntry,
  type HealingLedger,
  type HealingStage,
} from './ledger.js';
import type { PoolStat } from './pools.js';

/** What one pool's decision reads. */
export interface PoolInput {
  readonly stat: PoolStat;
  /** The pool's samples as the policy reads them (GiB), oldest first. */
  readonly samples: ReadonlyArray<PoolSample>;
  readonly ledger: ReadonlyArray<HealingEntry>;
  readonly policy: PolicyConfig;
  readonly nowMs: number;
}

/** The decision of a pool, or the effect it needs first. */
export type PoolPlan =
  | {
      readonly _tag: 'decided';
      readonly decision: Decision;
      /** Nodes the provider could not describe (`<node>: <error>`). */
      readonly nodeErrors: ReadonlyArray<string>;
    }
  | { readonly _tag: 'describeNodes'; readonly nodes: ReadonlyArray<NodeId> };

/** The policy nodes of the answers, each with its fault set; the errors as lines. */
const policyNodes = (stat: PoolStat, answers: ReadonlyArray<NodeAnswer>) => {
  const nodes: PolicyNode[] = [];
  const errors: string[] = [];
  for (const a of answers) {
    if (!a.ok) {
      errors.push(`${a.node}: ${describeProviderError(a.error)}`);
      continue;
    }
    const faultSet = stat.nodes.find((n) => n.node === a.node)?.faultSet;
    const base = {
      node: a.node,
      attachments: a.capacity.attachments,
      maxAttachments: a.capacity.maxAttachments,
    };
    nodes.push(faultSet === undefined ? base : { ...base, faultSet });
  }
  return { nodes, errors };
};

/**
 * Decides for one pool. Without `answers`: the policy without nodes, or — when it reached
 * placement and the pool has nodes — a `describeNodes` plan. With them: the final decision.
 */
export const planPool = (i: PoolInput, answers?: ReadonlyArray<NodeAnswer>): PoolPlan => {
  const input = {
    pool: i.stat.pool.key,
    samples: i.samples,
    config: i.policy,
    ledger: i.ledger,
    nowMs: i.nowMs,
  };
  if (answers !== undefined) {
    const { nodes, errors } = policyNodes(i.stat, answers);
    return { _tag: 'decided', decision: decideExpansion({ ...input, nodes }), nodeErrors: errors };
  }
  const first = decideExpansion({ ...input, nodes: [] });
  if (first._tag === 'Blocked' && first.cap === 'noNodes' && i.stat.nodes.length > 0)
    return { _tag: 'describeNodes', nodes: i.stat.nodes.map((n) => n.node) };
  return { _tag: 'decided', decision: first, nodeErrors: [] };
};

/** How the entries of an Expand decision start. */
export const firstStage = (dryRun: boolean, approval: boolean): HealingStage =>
  dryRun ? 'dryRun' : approval ? 'awaitingApproval' : 'intent';

/** An Expand decision. */
export type Expand = Extract<Decision, { _tag: 'Expand' }>;

/**
 * Appends the entries of an Expand decision (one per volume) to the ledger, with deterministic
 * idempotency keys from (cluster, pool, node, seq). Pure: applied inside a CAS update, so a
 * re-application after a conflict recomputes the sequence numbers. A pool that already has an
 * in-progress entry gets nothing (the decision was made on an older ledger).
 */
export const appendExpansion = (
  l: HealingLedger,
  d: Expand,
  stat: Pick<PoolStat, 'pool'>,
  cluster: ClusterId,
  stage: HealingStage,
  nowMs: number,
): HealingLedger => {
  if (l.entries.some((e) => e.pool === stat.pool.key && e.state === 'inProgress')) return l;
  const seq0 = nextSeq(l.entries);
  const added = d.volumes.map((v, i): HealingEntry => {
    const seq = seq0 + i;
    return {
      id: `exp-${seq}`,
      seq,
      expansion: seq0,
      pool: stat.pool.key,
      poolId: stat.pool.id,
      protectionDomainId: stat.pool.protectionDomainId,
      node: v.node,
      sizeGiB: v.sizeGiB,
      atMs: nowMs,
      updatedAtMs: nowMs,
      stage,
      state: stateOfStage(stage),
      dryRun: d.dryRun,
      attempts: 0,
      decision: d.reason,
      key: deriveIdempotencyKey({ cluster, pool: stat.pool.key, node: v.node, seq }),
    };
  });
  return { ...l, entries: [...l.entries, ...added] };
};

/** The last decision of one pool, flattened for JSON. */
export interface DecisionView {
  readonly atMs: number;
  readonly tag: Decision['_tag'];
  /** Wait reason (`cooldown`, `belowTrigger`, …) or the blocking cap (`dailyBudget`, `totalCap`, …). */
  readonly why?: string;
  readonly reason: string;
  readonly facts: Decision['facts'];
  readonly totalGiB?: number;
  readonly untilMs?: number;
}

/** Flattens a decision for the status. */
export const decisionView = (d: Decision, atMs: number): DecisionView => {
  const base = { atMs, tag: d._tag, reason: d.reason, facts: d.facts };
  switch (d._tag) {
    case 'Expand':
      return { ...base, totalGiB: d.totalGiB };
    case 'Blocked':
      return { ...base, why: d.cap };
    case 'Wait':
      return d.untilMs === undefined
        ? { ...base, why: d.why }
        : { ...base, why: d.why, untilMs: d.untilMs };
  }
};

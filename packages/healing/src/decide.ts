/**
 * One pool's decision: the capacity policy over its samples, the whole ledger and its nodes. Node
 * slots are asked of the provider only when the policy got as far as placement (trigger hot,
 * cooldown over, budget left), so a quiet pool costs no cloud API call.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import {
  decideExpansion,
  deriveIdempotencyKey,
  nextSeq,
  type CapacityProvider,
  type Decision,
  type PolicyConfig,
  type PolicyNode,
  type PoolSample,
} from '@scaleio-framework/capacity';
import type { HealingEntry, HealingLedger, HealingStage } from './ledger.js';
import { stateOfStage } from './ledger.js';
import type { PoolStat } from './ports.js';

/** The policy's decision plus any node the provider could not describe. */
export interface PoolDecision {
  readonly decision: Decision;
  readonly nodeErrors: ReadonlyArray<string>;
}

/** Decides for one pool; asks the provider for node slots only when placement is reached. */
export const decidePool = async (
  stat: PoolStat,
  samples: ReadonlyArray<PoolSample>,
  ledger: ReadonlyArray<HealingEntry>,
  policy: PolicyConfig,
  provider: CapacityProvider,
  nowMs: number,
): Promise<PoolDecision> => {
  const input = { pool: stat.pool.key, samples, config: policy, ledger, nowMs };
  const first = decideExpansion({ ...input, nodes: [] });
  if (first._tag !== 'Blocked' || first.cap !== 'noNodes' || stat.nodes.length === 0)
    return { decision: first, nodeErrors: [] };
  const nodes: PolicyNode[] = [];
  const nodeErrors: string[] = [];
  for (const n of stat.nodes) {
    const d = await provider.describeNode(n.node);
    if (isLeft(d)) {
      nodeErrors.push(`${n.node}: ${d.left._tag}: ${d.left.message}`);
      continue;
    }
    const base = {
      node: n.node,
      attachments: d.right.attachments,
      maxAttachments: d.right.maxAttachments,
    };
    nodes.push(n.faultSet === undefined ? base : { ...base, faultSet: n.faultSet });
  }
  return { decision: decideExpansion({ ...input, nodes }), nodeErrors };
};

/** How the entries of an Expand decision start. */
export const firstStage = (dryRun: boolean, approval: boolean): HealingStage =>
  dryRun ? 'dryRun' : approval ? 'awaitingApproval' : 'intent';

/**
 * Appends the entries of an Expand decision (one per volume) to the ledger, with deterministic
 * idempotency keys from (cluster, pool, node, seq). Pure: applied inside a CAS update, so a
 * re-application after a conflict recomputes the sequence numbers. A pool that already has an
 * in-progress entry gets nothing (the decision was made on an older ledger).
 */
export const appendExpansion = (
  l: HealingLedger,
  d: Extract<Decision, { _tag: 'Expand' }>,
  stat: PoolStat,
  cluster: CapacityProvider['cluster'],
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

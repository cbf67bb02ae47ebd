/**
 * The expansion policy: pure. Samples + configuration + ledger + nodes + now → a decision with
 * its reason: expand (how much, on which nodes), wait, or blocked (by which cap).
 */
import type { NodeId } from './ids.js';
import { countsAgainstCaps, type LedgerEntry } from './ledger.js';
import type { PolicyConfig } from './policy-config.js';
import { exclusion, rankNodes, spread, type PolicyNode } from './policy-placement.js';
import { evaluateTrigger, type PoolSample, type TriggerFacts } from './policy-trigger.js';

/** Everything the policy looks at. */
export interface PolicyInput {
  readonly pool: string;
  /** Recent samples of this pool, any order; invalid ones (capacity ≤ 0, NaN) are ignored. */
  readonly samples: ReadonlyArray<PoolSample>;
  readonly config: PolicyConfig;
  /** The whole cluster's ledger: caps and budget count every pool, cooldown only this one. */
  readonly ledger: ReadonlyArray<LedgerEntry>;
  /** The pool's storage nodes. */
  readonly nodes: ReadonlyArray<PolicyNode>;
  readonly nowMs: number;
}

/** Why the policy waits. */
export type WaitReason = 'inProgress' | 'noSamples' | 'staleSamples' | 'belowTrigger' | 'cooldown';
/** Which cap blocks an expansion the trigger asked for. */
export type BlockingCap = 'totalCap' | 'dailyBudget' | 'perNodeCap' | 'attachments' | 'noNodes';

/** One volume to create. */
export interface PlannedVolume {
  readonly node: NodeId;
  readonly sizeGiB: number;
  readonly faultSet?: string;
}

/** The policy's answer. `reason` is one human-readable sentence for logs and the status page. */
export type Decision =
  | {
      readonly _tag: 'Expand';
      readonly pool: string;
      readonly totalGiB: number;
      readonly volumes: ReadonlyArray<PlannedVolume>;
      /** Record it, create nothing. */
      readonly dryRun: boolean;
      readonly reason: string;
      readonly facts: TriggerFacts | null;
    }
  | {
      readonly _tag: 'Wait';
      readonly pool: string;
      readonly why: WaitReason;
      readonly reason: string;
      readonly facts: TriggerFacts | null;
      /** When waiting ends by itself (cooldown), epoch ms. */
      readonly untilMs?: number;
    }
  | {
      readonly _tag: 'Blocked';
      readonly pool: string;
      readonly cap: BlockingCap;
      readonly reason: string;
      readonly facts: TriggerFacts | null;
    };

const minute = 60_000;
const day = 24 * 60 * minute;
const fmt = (n: number): string => (Math.round(n * 10) / 10).toString();

const valid = (s: PoolSample): boolean =>
  Number.isFinite(s.atMs) &&
  Number.isFinite(s.usedGiB) &&
  Number.isFinite(s.capacityGiB) &&
  s.capacityGiB > 0 &&
  s.usedGiB >= 0;

/** Decides what to do for one pool now. Pure and deterministic. */
export const decideExpansion = (input: PolicyInput): Decision => {
  const { pool, config: c, nowMs } = input;
  const wait = (
    why: WaitReason,
    reason: string,
    facts: TriggerFacts | null,
    untilMs?: number,
  ): Decision =>
    untilMs === undefined
      ? { _tag: 'Wait', pool, why, reason, facts }
      : { _tag: 'Wait', pool, why, reason, facts, untilMs };
  const blocked = (cap: BlockingCap, reason: string, facts: TriggerFacts): Decision => ({
    _tag: 'Blocked',
    pool,
    cap,
    reason,
    facts,
  });

  const mine = input.ledger.filter((e) => e.pool === pool);
  const running = mine.filter((e) => e.state === 'inProgress');
  if (running.length > 0) {
    return wait(
      'inProgress',
      `${running.length} expansion step(s) of ${pool} still in progress`,
      null,
    );
  }
  const lastAt = mine.reduce((a, e) => Math.max(a, e.atMs), -Infinity);
  const samples = input.samples
    .filter((s) => valid(s) && s.atMs > lastAt)
    .sort((a, b) => a.atMs - b.atMs);
  const newest = samples[samples.length - 1];
  if (newest === undefined)
    return wait('noSamples', `no valid sample of ${pool} since its last expansion`, null);
  if (nowMs - newest.atMs > c.maxSampleAgeMinutes * minute) {
    return wait(
      'staleSamples',
      `newest sample of ${pool} is ${fmt((nowMs - newest.atMs) / minute)} min old`,
      null,
    );
  }
  const facts = evaluateTrigger(samples, c);
  const ttf =
    facts.timeToFullMinutes === null
      ? 'not filling'
      : `full in ${fmt(facts.timeToFullMinutes)} min`;
  if (!facts.hot) {
    return wait(
      'belowTrigger',
      `${pool} is ${fmt(facts.usedPercent)}% full (${ttf}); ${facts.streak}/${c.consecutiveSamples} triggering samples`,
      facts,
    );
  }
  const cooldownEnd = lastAt + c.cooldownMinutes * minute;
  if (nowMs < cooldownEnd) {
    return wait(
      'cooldown',
      `${pool} was expanded ${fmt((nowMs - lastAt) / minute)} min ago; cooldown is ${c.cooldownMinutes} min`,
      facts,
      cooldownEnd,
    );
  }

  // How much: the step, at least enough to get below the clear threshold, clamped.
  const base = c.step.unit === 'percent' ? (newest.capacityGiB * c.step.value) / 100 : c.step.value;
  const toClear = (newest.usedGiB * 100) / c.clearPercent - newest.capacityGiB;
  const step = Math.ceil(Math.min(c.maxStepGiB, Math.max(c.minStepGiB, base, toClear)));
  const real = input.ledger.filter(countsAgainstCaps);
  const totalLeft = c.maxTotalGiB - real.reduce((a, e) => a + e.sizeGiB, 0);
  const dayLeft =
    c.dailyBudgetGiB - real.filter((e) => e.atMs > nowMs - day).reduce((a, e) => a + e.sizeGiB, 0);
  const limit = Math.min(totalLeft, dayLeft);
  const allowed = Math.min(step, limit);
  if (allowed < c.minVolumeGiB) {
    return totalLeft <= dayLeft
      ? blocked(
          'totalCap',
          `${pool} needs ${step} GiB but only ${Math.max(0, totalLeft)} GiB remain of the ${c.maxTotalGiB} GiB total cap`,
          facts,
        )
      : blocked(
          'dailyBudget',
          `${pool} needs ${step} GiB but only ${Math.max(0, dayLeft)} GiB remain of today's ${c.dailyBudgetGiB} GiB budget`,
          facts,
        );
  }

  // Where: nodes with a free slot and under their caps, spread across fault sets.
  if (input.nodes.length === 0)
    return blocked('noNodes', `${pool} has no storage node to place a volume on`, facts);
  const ranked = rankNodes(input.nodes, input.ledger);
  const excluded = ranked.map((r) => ({ r, why: exclusion(r, c) }));
  const eligible = excluded.filter((x) => x.why === null).map((x) => x.r);
  if (eligible.length === 0) {
    const cap = excluded.every((x) => x.why === 'attachments') ? 'attachments' : 'perNodeCap';
    const detail = excluded.map((x) => `${x.r.node.node}: ${x.why ?? 'ok'}`).join(', ');
    return blocked(cap, `no node of ${pool} can take a volume (${detail})`, facts);
  }
  const k = Math.max(
    1,
    Math.min(c.maxNodesPerExpansion, eligible.length, Math.floor(allowed / c.minVolumeGiB)),
  );
  let size = Math.min(c.maxVolumeGiB, Math.max(c.minVolumeGiB, Math.ceil(allowed / k)));
  if (size * k > limit) size = Math.floor(limit / k);
  const volumes = spread(eligible, k).map((r): PlannedVolume => {
    const sizeGiB = Math.min(size, c.maxGiBPerNode - r.addedGiB);
    return r.node.faultSet === undefined
      ? { node: r.node.node, sizeGiB }
      : { node: r.node.node, sizeGiB, faultSet: r.node.faultSet };
  });
  const totalGiB = volumes.reduce((a, v) => a + v.sizeGiB, 0);
  const why =
    facts.usedPercent >= c.triggerPercent
      ? `${fmt(facts.usedPercent)}% ≥ ${c.triggerPercent}%`
      : `${ttf} ≤ ${c.timeToFullMinutes} min`;
  return {
    _tag: 'Expand',
    pool,
    totalGiB,
    volumes,
    dryRun: c.dryRun,
    reason: `${c.dryRun ? '[dry run] ' : ''}${pool}: ${why} for ${facts.streak} samples; add ${totalGiB} GiB as ${volumes.length} volume(s) on ${volumes.map((v) => v.node).join(', ')}`,
    facts,
  };
};

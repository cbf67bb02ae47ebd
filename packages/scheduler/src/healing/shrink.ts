/**
 * The healer's shrink shell: after a pool's growth decision, its shrink decision (pure, in
 * `@scaleio-framework/healing`) — asking the gateway for the pool's devices only when a shrink is
 * due — and the operator's drain of one chosen entry. Each shrink is written to the ledger before
 * anything is removed; the entry's stages are then driven like any other (`advanceEntry`).
 */
import {
  afterShrinkDecision,
  checkRemoval,
  failure,
  firstShrinkStage,
  planShrink,
  samplesOf,
  shrinkChangeOf,
  success,
  type HealerState,
  type HealingConfig,
  type LedgerChange,
  type HealingLedger,
  type Outcome,
  type PoolStat,
  type Reduced,
} from '@scaleio-framework/healing';
import type { HealerPorts } from './ports.js';

/** What the shrinker needs of the healer. */
export interface ShrinkerDeps {
  readonly config: HealingConfig;
  readonly ports: Pick<HealerPorts, 'drain' | 'now'>;
  readonly state: () => HealerState;
  readonly apply: (r: Reduced) => void;
  readonly change: (c: LedgerChange) => Promise<Outcome<HealingLedger>>;
  /** Drives the pool's active entries as far as they go now. */
  readonly advance: (pool: string) => Promise<void>;
}

/** The healer's shrink operations. */
export interface Shrinker {
  /** One pool's shrink decision after its growth decision; false when a write failed. */
  decide(stat: PoolStat, nowMs: number): Promise<boolean>;
  /** The operator's drain of one verified entry's device (safety checked, timing rules skipped). */
  drain(entryId: string): Promise<Outcome<string>>;
}

/** Builds the shrinker over the healer's state and ports. */
export const createShrinker = (d: ShrinkerDeps): Shrinker => {
  const decide: Shrinker['decide'] = async (stat, nowMs) => {
    const drainPort = d.ports.drain;
    if (!d.config.shrink.enabled || drainPort === undefined) return true;
    const input = {
      stat,
      samples: samplesOf(d.state().pools, stat.pool.key),
      ledger: d.state().ledger.entries,
      config: d.config,
      nowMs,
    };
    let plan = planShrink(input);
    if (plan._tag === 'describeDevices') {
      const devices = await drainPort.poolDevices(stat.pool);
      plan = devices.ok
        ? planShrink(input, devices.value)
        : { _tag: 'none', why: 'noSafeDevice', reason: `pool devices: ${devices.error}` };
    }
    if (plan._tag === 'describeDevices') return true;
    d.apply(afterShrinkDecision(d.state(), stat.pool.key, plan, nowMs, d.config));
    if (plan._tag !== 'shrink') return true;
    const w = await d.change(shrinkChangeOf(plan, firstShrinkStage(d.config), nowMs));
    if (!w.ok) return false;
    await d.advance(stat.pool.key);
    return true;
  };

  const drain: Shrinker['drain'] = async (entryId) => {
    const drainPort = d.ports.drain;
    if (drainPort === undefined) return failure('this healer cannot remove devices', false);
    const s = d.state();
    const e = s.ledger.entries.find((x) => x.id === entryId);
    if (e === undefined) return failure(`no entry ${entryId}`, false);
    if (e.stage !== 'verified' || e.dryRun || e.deviceId === undefined)
      return failure(
        `${entryId} is ${e.stage}; only a verified device the healer added can be drained`,
        false,
      );
    const latest = s.pools[e.pool]?.latest;
    if (latest === undefined) return failure(`no sample of ${e.pool} yet`, true);
    const devices = await drainPort.poolDevices(latest.pool);
    if (!devices.ok) return devices;
    const safe = checkRemoval(e, latest.figures, devices.value, d.config.policy.clearPercent);
    if (!safe.ok) return failure(`${entryId}: ${safe.reason}`, false);
    const nowMs = d.ports.now();
    const reason = `drained by the operator: ${safe.reason}`;
    const w = await d.change({ _tag: 'shrink', entryId, stage: 'shrinkIntent', reason, nowMs });
    if (!w.ok) return w;
    const written = w.value.entries.find((x) => x.id === entryId);
    if (written?.stage !== 'shrinkIntent')
      return failure(`${entryId} could not start draining (${e.pool} is busy)`, true);
    d.apply(
      afterShrinkDecision(
        d.state(),
        e.pool,
        { _tag: 'shrink', entry: written, reason },
        nowMs,
        d.config,
      ),
    );
    await d.advance(e.pool);
    return success(reason);
  };

  return { decide, drain };
};

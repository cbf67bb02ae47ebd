import { collectDefaultMetrics, Registry } from 'prom-client';
import { progress, type DeployState } from '@scaleio-framework/orchestrator';
import { freeBytes, percentFullOfFigures, usableBytes } from '@scaleio-framework/healing';
import { defineFamilies, EXPANSION_OUTCOMES } from './metric-families.js';
import type { HealingPoolInfo, PoolInfo, SystemInfo } from './status.js';

/**
 * Outcome of an external call: `ok`, or the error's kind (a `_tag` of a closed error union, so
 * the label values stay few).
 */
export type CallOutcome = { readonly ok: true } | { readonly ok: false; readonly code: string };

/** How a deploy step ended. */
export type StepOutcome = 'finished' | 'failed' | 'lost';

/** The running build, shown by `scaleio_framework_build_info`. */
export interface BuildInfo {
  readonly version: string;
  /** The source revision (e.g. a git commit), `unknown` when not known. */
  readonly revision?: string;
}

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /** Also collect the process and Node.js runtime metrics (`process_*`, `nodejs_*`). */
  readonly processMetrics?: boolean;
  /** The build (default version `0.0.0-dev`). */
  readonly build?: BuildInfo;
}

const outcomeLabel = (o: CallOutcome): string => (o.ok ? 'ok' : o.code);

/**
 * The scheduler's Prometheus metrics, in a registry of their own (no global state). Every family
 * is fed where its observation happens (see `createReadModels` and the composition root), never
 * when the metrics are scraped: `observe*` set the gauges that derive from state, `record*` count
 * and time events.
 *
 * @example
 * ```ts
 * const metrics = createMetrics({ processMetrics: true, build: { version: '0.1.0' } });
 * metrics.recordEc2Call('CreateVolume', 0.42, { ok: true });
 * const { contentType, body } = await metrics.render();
 * ```
 */
export function createMetrics(opts: MetricsOptions = {}) {
  const registry = new Registry();
  if (opts.processMetrics ?? false) collectDefaultMetrics({ register: registry });
  const m = defineFamilies(registry);
  m.buildInfo.set(
    { version: opts.build?.version ?? '0.0.0-dev', revision: opts.build?.revision ?? 'unknown' },
    1,
  );
  m.leader.set(0);
  m.subscribed.set(0);
  // A closed label set starts at zero, so that a rate or an alert sees the series from the start.
  for (const outcome of Object.values(EXPANSION_OUTCOMES)) m.expansions.inc({ outcome }, 0);
  return {
    registry,
    ...m,
    /** Leadership changed (a standby won the election, or a leader lost it). */
    observeLeader(leading: boolean) {
      m.leader.set(leading ? 1 : 0);
    },
    /** Refreshes the nodes-by-phase gauge from the deploy state. */
    observeState(state: DeployState) {
      m.nodesByPhase.reset();
      for (const n of progress(state)) m.nodesByPhase.inc({ phase: n.phase, status: n.status });
    },
    /** Sets the pool gauges from the newest sample of each pool (bytes; ratios 0–1). */
    observePools(pools: readonly PoolInfo[]) {
      m.poolCapacity.reset();
      m.poolUsage.reset();
      m.poolThreshold.reset();
      for (const p of pools) {
        const l = { protection_domain: p.protectionDomain, pool: p.name };
        m.poolThreshold.set({ ...l, threshold: 'trigger' }, p.triggerPercent / 100);
        m.poolThreshold.set({ ...l, threshold: 'clear' }, p.clearPercent / 100);
        if (p.latest === undefined) continue;
        const f = p.latest;
        const kinds = {
          total: f.maxBytes,
          spare: f.spareBytes,
          usable: usableBytes(f),
          in_use: f.inUseBytes,
          free: freeBytes(f),
        };
        for (const [kind, bytes] of Object.entries(kinds))
          m.poolCapacity.set({ ...l, kind }, bytes);
        m.poolUsage.set(l, percentFullOfFigures(f) / 100);
      }
    },
    /** Sets each pool's last healing decision (replacing the ones before). */
    observeHealingDecisions(pools: readonly HealingPoolInfo[]) {
      m.healingDecision.reset();
      for (const p of pools)
        if (p.decision !== null)
          m.healingDecision.set(
            {
              protection_domain: p.protectionDomain,
              pool: p.pool,
              decision: p.decision,
              why: p.why ?? '',
            },
            1,
          );
    },
    /** Sets the MDM cluster gauges from the system read from the gateway (none: cleared). */
    observeSystem(system: SystemInfo | undefined) {
      m.mdmCluster.reset();
      m.mdmMembers.reset();
      if (system === undefined) return;
      m.mdmCluster.set({ mode: system.mdmClusterMode, state: system.mdmClusterState }, 1);
      for (const x of system.members) m.mdmMembers.inc({ role: x.role, status: x.status });
    },
    /** A deploy step ended after `seconds` (from its start to its end). */
    recordStep(step: string, outcome: StepOutcome, seconds: number) {
      m.stepDuration.observe({ step, outcome }, seconds);
    },
    /** Subscription state changed; a subscription after the first counts as a resubscription. */
    recordSubscribed(subscribed: boolean, resubscription = false) {
      m.subscribed.set(subscribed ? 1 : 0);
      if (subscribed && resubscription) m.resubscriptions.inc();
    },
    /** Offers received or declined. */
    recordOffers(received: number, declined: number) {
      if (received > 0) m.offersReceived.inc(received);
      if (declined > 0) m.offersDeclined.inc(declined);
    },
    /** An expansion volume reached a final stage (`verified`, `rolled_back`, …). */
    recordExpansion(outcome: string) {
      m.expansions.inc({ outcome });
    },
    /** One EC2 call: its operation, duration and outcome. */
    recordEc2Call(operation: string, seconds: number, outcome: CallOutcome) {
      m.ec2Calls.observe({ operation, outcome: outcomeLabel(outcome) }, seconds);
    },
    /** One ScaleIO gateway call: its operation, duration and outcome. */
    recordGatewayCall(operation: string, seconds: number, outcome: CallOutcome) {
      m.gatewayCalls.observe({ operation, outcome: outcomeLabel(outcome) }, seconds);
    },
    /**
     * One turn of the scheduler core: how long each event it decided had waited (ms; one per
     * event), and its state save (ms, success) when it changed the state.
     */
    recordTurn(waitedMs: readonly number[], save?: { ms: number; ok: boolean }) {
      m.turnEvents.observe(waitedMs.length);
      for (const w of waitedMs) m.eventWait.observe(w / 1000);
      if (save !== undefined)
        m.stateSaves.observe({ outcome: save.ok ? 'ok' : 'error' }, save.ms / 1000);
    },
    /** The text exposition. */
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/** The scheduler's metrics. */
export type Metrics = ReturnType<typeof createMetrics>;

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { progress, type DeployState } from '@scaleio-framework/orchestrator';
import { freeBytes, usableBytes } from '@scaleio-framework/healing';
import { percentFull } from './pool-view.js';
import type { PoolInfo } from './status.js';

/** Outcome of an external call: `ok`, or the error's `_tag` (a closed set, so labels stay few). */
export type CallOutcome = { readonly ok: true } | { readonly ok: false; readonly code: string };

const CALL_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function define(registry: Registry) {
  const r = [registry];
  return {
    nodesByPhase: new Gauge({
      name: 'scaleio_nodes',
      help: 'Nodes of the deployment by plan phase and status of their current step',
      labelNames: ['phase', 'status'],
      registers: r,
    }),
    stepDuration: new Histogram({
      name: 'scaleio_step_duration_seconds',
      help: 'Install step durations, by step and outcome',
      labelNames: ['step', 'outcome'],
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900],
      registers: r,
    }),
    stepFailures: new Counter({
      name: 'scaleio_step_failures_total',
      help: 'Install step failures, by step',
      labelNames: ['step'],
      registers: r,
    }),
    subscribed: new Gauge({
      name: 'scaleio_mesos_subscribed',
      help: '1 while subscribed to the Mesos master',
      registers: r,
    }),
    reconnects: new Counter({
      name: 'scaleio_mesos_resubscriptions_total',
      help: 'Subscriptions after the first',
      registers: r,
    }),
    offersReceived: new Counter({
      name: 'scaleio_offers_received_total',
      help: 'Offers received',
      registers: r,
    }),
    offersDeclined: new Counter({
      name: 'scaleio_offers_declined_total',
      help: 'Offers declined',
      registers: r,
    }),
    poolCapacity: new Gauge({
      name: 'scaleio_pool_capacity_bytes',
      help: 'Storage pool capacity from the newest sample, by kind (max, spare, usable, in_use, free)',
      labelNames: ['protection_domain', 'pool', 'kind'],
      registers: r,
    }),
    poolPercentFull: new Gauge({
      name: 'scaleio_pool_percent_full',
      help: 'Storage pool percent full: in use / (max - spare)',
      labelNames: ['protection_domain', 'pool'],
      registers: r,
    }),
    poolThreshold: new Gauge({
      name: 'scaleio_pool_threshold_percent',
      help: 'Capacity healing thresholds of the pool (trigger, clear)',
      labelNames: ['protection_domain', 'pool', 'threshold'],
      registers: r,
    }),
    expansions: new Counter({
      name: 'scaleio_expansions_total',
      help: 'Pool expansions by outcome (completed, failed, rolled_back, dry_run, ...)',
      labelNames: ['outcome'],
      registers: r,
    }),
    ec2Calls: new Histogram({
      name: 'scaleio_ec2_call_seconds',
      help: 'EC2/EBS API call latency, by operation and outcome',
      labelNames: ['operation', 'outcome'],
      buckets: CALL_BUCKETS,
      registers: r,
    }),
    ec2Errors: new Counter({
      name: 'scaleio_ec2_call_errors_total',
      help: 'EC2/EBS API call errors, by operation and error kind',
      labelNames: ['operation', 'code'],
      registers: r,
    }),
    gatewayCalls: new Histogram({
      name: 'scaleio_gateway_call_seconds',
      help: 'ScaleIO gateway call latency, by operation and outcome',
      labelNames: ['operation', 'outcome'],
      buckets: CALL_BUCKETS,
      registers: r,
    }),
    gatewayErrors: new Counter({
      name: 'scaleio_gateway_call_errors_total',
      help: 'ScaleIO gateway call errors, by operation and error kind',
      labelNames: ['operation', 'code'],
      registers: r,
    }),
  };
}

/**
 * The scheduler's Prometheus metrics, in a registry of its own (no global state). The app calls
 * the `record*` functions as things happen; gauges that derive from state are set by
 * {@link Metrics.observeState} and {@link Metrics.observePools} when the state or a pool sample is
 * observed (see `createReadModels`), never when the metrics are scraped.
 */
export function createMetrics(opts: { readonly processMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (opts.processMetrics ?? false) collectDefaultMetrics({ register: registry });
  const m = define(registry);
  const call = (
    h: Histogram<'operation' | 'outcome'>,
    errors: Counter<'operation' | 'code'>,
    operation: string,
    seconds: number,
    outcome: CallOutcome,
  ) => {
    h.observe({ operation, outcome: outcome.ok ? 'ok' : 'error' }, seconds);
    if (!outcome.ok) errors.inc({ operation, code: outcome.code });
  };
  return {
    registry,
    ...m,
    /** Refreshes the nodes-by-phase gauge from the deploy state. */
    observeState(state: DeployState) {
      m.nodesByPhase.reset();
      for (const n of progress(state)) m.nodesByPhase.inc({ phase: n.phase, status: n.status });
    },
    /** Sets the pool gauges from the newest sample of each pool (bytes). */
    observePools(pools: readonly PoolInfo[]) {
      m.poolCapacity.reset();
      m.poolPercentFull.reset();
      m.poolThreshold.reset();
      for (const p of pools) {
        const l = { protection_domain: p.protectionDomain, pool: p.name };
        m.poolThreshold.set({ ...l, threshold: 'trigger' }, p.triggerPercent);
        m.poolThreshold.set({ ...l, threshold: 'clear' }, p.clearPercent);
        if (p.latest === undefined) continue;
        const f = p.latest;
        const kinds = {
          max: f.maxBytes,
          spare: f.spareBytes,
          usable: usableBytes(f),
          in_use: f.inUseBytes,
          free: freeBytes(f),
        };
        for (const [kind, bytes] of Object.entries(kinds))
          m.poolCapacity.set({ ...l, kind }, bytes);
        m.poolPercentFull.set(l, percentFull(f));
      }
    },
    /** A step ended: its duration, and a failure count when it failed. */
    recordStep(step: string, outcome: 'finished' | 'failed' | 'lost', seconds: number) {
      m.stepDuration.observe({ step, outcome }, seconds);
      if (outcome === 'failed') m.stepFailures.inc({ step });
    },
    /** Subscription state changed; a subscription after the first counts as a reconnect. */
    recordSubscribed(subscribed: boolean, resubscription = false) {
      m.subscribed.set(subscribed ? 1 : 0);
      if (subscribed && resubscription) m.reconnects.inc();
    },
    /** An OFFERS event was handled. */
    recordOffers(received: number, declined: number) {
      if (received > 0) m.offersReceived.inc(received);
      if (declined > 0) m.offersDeclined.inc(declined);
    },
    /** An expansion reached an outcome. */
    recordExpansion(outcome: string) {
      m.expansions.inc({ outcome });
    },
    /** One EC2/EBS call: latency and, on error, its kind. */
    recordEc2Call(operation: string, seconds: number, outcome: CallOutcome) {
      call(m.ec2Calls, m.ec2Errors, operation, seconds, outcome);
    },
    /** One ScaleIO gateway call: latency and, on error, its kind. */
    recordGatewayCall(operation: string, seconds: number, outcome: CallOutcome) {
      call(m.gatewayCalls, m.gatewayErrors, operation, seconds, outcome);
    },
    /** The text exposition. */
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/** The scheduler's metrics. */
export type Metrics = ReturnType<typeof createMetrics>;

import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { progress, type DeployState } from '@scaleio-framework/orchestrator';

/**
 * The scheduler's Prometheus metrics, in a registry of its own (no global state). Gauges that
 * derive from the deploy state are refreshed by {@link Metrics.observeState} before each scrape.
 */
export function createMetrics() {
  const registry = new Registry();
  const m = {
    registry,
    nodesByPhase: new Gauge({
      name: 'scaleio_nodes',
      help: 'Nodes of the deployment by plan phase and status',
      labelNames: ['phase', 'status'],
      registers: [registry],
    }),
    stepDuration: new Histogram({
      name: 'scaleio_step_duration_seconds',
      help: 'Install step durations',
      labelNames: ['step', 'outcome'],
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900],
      registers: [registry],
    }),
    stepFailures: new Counter({
      name: 'scaleio_step_failures_total',
      help: 'Install step failures',
      labelNames: ['step'],
      registers: [registry],
    }),
    subscribed: new Gauge({
      name: 'scaleio_mesos_subscribed',
      help: '1 while subscribed to the Mesos master',
      registers: [registry],
    }),
    reconnects: new Counter({
      name: 'scaleio_mesos_resubscriptions_total',
      help: 'Subscriptions after the first',
      registers: [registry],
    }),
    offersReceived: new Counter({
      name: 'scaleio_offers_received_total',
      help: 'Offers received',
      registers: [registry],
    }),
    offersDeclined: new Counter({
      name: 'scaleio_offers_declined_total',
      help: 'Offers declined',
      registers: [registry],
    }),
    gatewayCalls: new Histogram({
      name: 'scaleio_gateway_call_seconds',
      help: 'ScaleIO gateway call latency',
      labelNames: ['outcome'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [registry],
    }),
  };
  return {
    ...m,
    /** Refreshes the gauges that derive from the deploy state. */
    observeState(state: DeployState) {
      m.nodesByPhase.reset();
      for (const n of progress(state)) m.nodesByPhase.inc({ phase: n.phase, status: n.status });
    },
    /** The text exposition. */
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/** The scheduler's metrics. */
export type Metrics = ReturnType<typeof createMetrics>;

/**
 * The scheduler's Prometheus metric families, in one table. Names follow the Prometheus
 * conventions: base units (seconds, bytes), ratios 0–1 (never percent), `_total` on counters,
 * `_info`-style gauges at 1 with the facts in labels, and labels that say what the value is.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

const CALL_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The families, registered in `registry`. */
export function defineFamilies(registry: Registry) {
  const registers = [registry];
  return {
    buildInfo: new Gauge({
      name: 'scaleio_framework_build_info',
      help: 'Always 1; the running build in the labels (version, revision)',
      labelNames: ['version', 'revision'],
      registers,
    }),
    leader: new Gauge({
      name: 'scaleio_framework_leader',
      help: '1 while this instance leads (it alone subscribes and acts); 0 on a standby',
      registers,
    }),
    nodesByPhase: new Gauge({
      name: 'scaleio_nodes',
      help: 'Nodes of the deployment by plan phase and status of their current step',
      labelNames: ['phase', 'status'],
      registers,
    }),
    stepDuration: new Histogram({
      name: 'scaleio_step_duration_seconds',
      help: 'Deploy steps from start to end, by step and outcome (finished, failed, lost)',
      labelNames: ['step', 'outcome'],
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900],
      registers,
    }),
    subscribed: new Gauge({
      name: 'scaleio_mesos_subscribed',
      help: '1 while subscribed to the Mesos master',
      registers,
    }),
    resubscriptions: new Counter({
      name: 'scaleio_mesos_resubscriptions_total',
      help: 'Subscriptions to the Mesos master after the first',
      registers,
    }),
    offersReceived: new Counter({
      name: 'scaleio_offers_received_total',
      help: 'Offers received',
      registers,
    }),
    offersDeclined: new Counter({
      name: 'scaleio_offers_declined_total',
      help: 'Offers declined',
      registers,
    }),
    mdmCluster: new Gauge({
      name: 'scaleio_mdm_cluster_state',
      help: 'Always 1 for the MDM cluster as last read from the gateway; its mode and state in the labels',
      labelNames: ['mode', 'state'],
      registers,
    }),
    mdmMembers: new Gauge({
      name: 'scaleio_mdm_members',
      help: 'MDM cluster members as last read from the gateway, by role and status',
      labelNames: ['role', 'status'],
      registers,
    }),
    poolCapacity: new Gauge({
      name: 'scaleio_pool_capacity_bytes',
      help: 'Storage pool capacity from the newest sample, by kind: total (raw, spare included), spare, usable (total - spare), in_use, free (usable - in_use)',
      labelNames: ['protection_domain', 'pool', 'kind'],
      registers,
    }),
    poolUsage: new Gauge({
      name: 'scaleio_pool_usage_ratio',
      help: 'Storage pool fill, 0-1: in_use / usable',
      labelNames: ['protection_domain', 'pool'],
      registers,
    }),
    poolThreshold: new Gauge({
      name: 'scaleio_pool_threshold_ratio',
      help: 'Capacity healing thresholds of the pool, 0-1: trigger (expand at or above) and clear (re-arm below)',
      labelNames: ['protection_domain', 'pool', 'threshold'],
      registers,
    }),
    healingDecision: new Gauge({
      name: 'scaleio_healing_decision',
      help: "Always 1 for each pool's last capacity healing decision (Expand, Wait, Blocked) and why (the wait reason or the blocking cap)",
      labelNames: ['protection_domain', 'pool', 'decision', 'why'],
      registers,
    }),
    expansions: new Counter({
      name: 'scaleio_expansions_total',
      help: 'Expansion volumes (ledger entries) that reached a final stage, by outcome: verified, rolled_back, failed, dry_run, declined',
      labelNames: ['outcome'],
      registers,
    }),
    ec2Calls: new Histogram({
      name: 'scaleio_ec2_call_seconds',
      help: 'EC2 API calls, by operation and outcome (ok, or the error kind: Throttled, NotFound, ...)',
      labelNames: ['operation', 'outcome'],
      buckets: CALL_BUCKETS,
      registers,
    }),
    gatewayCalls: new Histogram({
      name: 'scaleio_gateway_call_seconds',
      help: 'ScaleIO gateway calls made by the deploy, by operation and outcome (ok, or the error kind)',
      labelNames: ['operation', 'outcome'],
      buckets: CALL_BUCKETS,
      registers,
    }),
    stateSaves: new Histogram({
      name: 'scaleio_state_save_seconds',
      help: 'Durable writes of the deploy state (state file or ZooKeeper), one per turn that changed it, by outcome (ok, error)',
      labelNames: ['outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers,
    }),
    eventWait: new Histogram({
      name: 'scaleio_event_wait_seconds',
      help: 'Events (Mesos events, timer ticks, operator requests) from their arrival to the start of the turn that decided them',
      buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers,
    }),
    turnEvents: new Histogram({
      name: 'scaleio_turn_events',
      help: 'Events decided per turn of the scheduler core (one state save per turn)',
      buckets: [1, 2, 5, 10, 25, 50, 100, 256],
      registers,
    }),
  };
}

/** The families of {@link defineFamilies}. */
export type MetricFamilies = ReturnType<typeof defineFamilies>;

/** The final stages of an expansion volume and their `outcome` label (a closed set). */
export const EXPANSION_OUTCOMES = {
  verified: 'verified',
  rolledBack: 'rolled_back',
  failed: 'failed',
  dryRun: 'dry_run',
  declined: 'declined',
} as const;

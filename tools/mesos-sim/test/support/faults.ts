/** A small cluster with short, sim-scaled Mesos timeouts for fault tests, and offer helpers. */
import type { MesosSim, MesosSimOptions } from '../../src/index.js';
import { withSimAndArtifacts, type TestScheduler } from './cluster.js';
import { eventually } from './scheduler.js';

/**
 * Health-check window 300 ms (100 ms × 3), agents reregister 100 ms after they can, and
 * `agent_reregister_timeout` is 1.5 s.
 */
export const FAULT_TIMING = {
  allocationMs: 100,
  statusRetryMinMs: 300,
  shutdownGraceMs: 300,
  executorReregistrationMs: 300,
  agentPingTimeoutMs: 100,
  maxAgentPingTimeouts: 3,
  agentReregisterDelayMs: 100,
  agentReregisterTimeoutMs: 1500,
};

/** Runs `fn` against a simulator started with {@link FAULT_TIMING} and an artifact server. */
export const withFaultSim = (
  opts: MesosSimOptions,
  fn: (sim: MesosSim, artifacts: string) => Promise<void>,
): Promise<void> =>
  withSimAndArtifacts({ ...opts, timing: { ...FAULT_TIMING, ...(opts.timing ?? {}) } }, fn);

/** An offer as tests read it. */
export interface TestOffer {
  readonly id: { value: string };
  readonly agent_id: { value: string };
  readonly resources: Record<string, unknown>[];
}

const used = new WeakMap<TestScheduler, Set<string>>();

/** Offer ids rescinded on this stream so far. */
export const rescinded = (s: TestScheduler): string[] =>
  s.stream.events.flatMap((e) =>
    e['type'] === 'RESCIND'
      ? [(e['rescind'] as { offer_id: { value: string } }).offer_id.value]
      : [],
  );

/**
 * Waits for an outstanding offer of `agentId` this test has not used yet (scanning every OFFERS
 * event received, newest first; rescinded ones excluded) and marks it used.
 */
export const offerOf = async (s: TestScheduler, agentId: string, ms = 5000): Promise<TestOffer> => {
  const taken = used.get(s) ?? new Set<string>();
  used.set(s, taken);
  const offer = await eventually(
    () => {
      const gone = new Set(rescinded(s));
      const all = s.stream.events.flatMap((e) =>
        e['type'] === 'OFFERS' ? (e['offers'] as { offers: TestOffer[] }).offers : [],
      );
      return all
        .reverse()
        .find(
          (o) => o.agent_id.value === agentId && !taken.has(o.id.value) && !gone.has(o.id.value),
        );
    },
    ms,
    `an offer of ${agentId}`,
  );
  taken.add(offer.id.value);
  return offer;
};

/** Capabilities of a partition-aware, multi-role framework. */
export const PARTITION_AWARE = [{ type: 'MULTI_ROLE' }, { type: 'PARTITION_AWARE' }];

/** Waits until the master's view of the agent is `status`. */
export const agentStatus = (sim: MesosSim, agentId: string, status: string): Promise<true> =>
  eventually(
    () => (sim.state().agents.find((a) => a.id === agentId)?.status === status ? true : undefined),
    10_000,
    `agent ${agentId} ${status}`,
  );

/** UPDATE events for `taskId` received so far. */
export const updatesOf = (s: TestScheduler, taskId: string): Record<string, unknown>[] =>
  s.stream.events.flatMap((e) => {
    const st = (e['update'] as { status?: Record<string, unknown> } | undefined)?.status;
    return e['type'] === 'UPDATE' && (st?.['task_id'] as { value?: string })?.value === taskId
      ? [st as Record<string, unknown>]
      : [];
  });

let markers = 0;

/**
 * An ordered marker for absence checks: an explicit RECONCILE of a task id never launched, on an
 * agent id the master never knew, which the master answers at once, also during a failover
 * (TASK_UNKNOWN, or TASK_LOST when not PARTITION_AWARE: `Master::reconcile`, rule (6) in
 * src/master/tasks.ts). The master sends on one ordered stream, so every event it sent this
 * scheduler before handling the call precedes the answer. Returns the answer's index in
 * `s.stream.events`: whatever did not arrive before it was not sent before the marker.
 */
export const marker = async (s: TestScheduler): Promise<number> => {
  const taskId = `marker-${(markers += 1)}`;
  const status = await s.call('RECONCILE', {
    reconcile: { tasks: [{ task_id: { value: taskId }, agent_id: { value: 'never-registered' } }] },
  });
  if (status !== 202) throw new Error(`marker RECONCILE answered ${status}`);
  await s.update(taskId);
  return s.stream.events.findIndex(
    (e) =>
      (e['update'] as { status?: { task_id: { value: string } } } | undefined)?.status?.task_id
        .value === taskId,
  );
};

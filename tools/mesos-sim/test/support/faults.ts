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

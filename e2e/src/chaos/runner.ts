/**
 * One chaos run: the simulators and the real scheduler, a deploy and then a healing round (the
 * pool filled past its trigger so that it grows), with a seed's faults applied as they come due;
 * then the invariants, judged from the simulators' own records.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimCluster, type SimCluster } from '../cluster.js';
import { schedulerRun, type SchedulerRun } from '../deploy.js';
import { readStatus } from '../deploy-watch.js';
import { until } from '../fault-scenario.js';
import {
  awsEnv,
  fillTo,
  healingArgs,
  healingPolicy,
  ourVolumes,
  poolPercent,
  thePool,
  writePolicy,
} from '../healing.js';
import type { SchedulerProcess } from '../scheduler.js';
import { chaosViolations } from './invariants.js';
import { failedNodes, healed, stuck } from './progress.js';
import {
  chaosSchedule,
  DEFAULT_BOUNDS,
  formatEvent,
  type ChaosBounds,
  type FaultEvent,
  type FaultKind,
} from './schedule.js';

/** Sim-scaled Mesos timeouts: a 3 s health-check window (1 s × 3), agents back 1 s after they can. */
export const CHAOS_TIMING = {
  agentPingTimeoutMs: 1000,
  maxAgentPingTimeouts: 3,
  agentReregisterDelayMs: 1000,
  agentReregisterTimeoutMs: 30_000,
} as const;

/** The scheduler's `--launch-timeout` in a chaos run (seconds). */
export const CHAOS_LAUNCH_TIMEOUT_S = 10;

/** The healing policy's trigger and clear thresholds (percent full). */
const TRIGGER = 30;
const CLEAR = 27;

/** Options of {@link runChaos}. */
export interface ChaosOptions {
  readonly bounds?: ChaosBounds;
  /** The whole run's time limit (default 300 s): past it, what has not happened is a violation. */
  readonly timeoutMs?: number;
  /** Sees each line of the event log as it is written. */
  readonly onLog?: (line: string) => void;
}

/** What a run found. */
export interface ChaosResult {
  readonly seed: number;
  readonly events: readonly FaultEvent[];
  /** Empty when every invariant held. */
  readonly violations: readonly string[];
  /** What happened when: each fault applied and ended, each round's progress. */
  readonly log: readonly string[];
  readonly seconds: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Faults of one lane happen one after another; lanes run side by side. */
type Lane = 'scheduler' | 'mesos' | 'gateway';
const laneOf = (k: FaultKind): Lane =>
  k === 'scheduler-kill' ? 'scheduler' : k === 'gateway-outage' ? 'gateway' : 'mesos';

/** The scheduler process of the run, replaced on each kill; an exit the run did not cause is a violation. */
function managedScheduler(run: SchedulerRun, args: readonly string[], wrong: string[]) {
  let current: SchedulerProcess | undefined;
  let closed = false; // once the run stops it, a fault's late restart starts nothing
  const all: SchedulerProcess[] = [];
  const ended = new WeakSet<SchedulerProcess>();
  const end = async (how: 'kill' | 'stop') => {
    const p = current;
    current = undefined;
    if (p === undefined) return;
    ended.add(p);
    await (how === 'kill' ? p.kill() : p.stop());
  };
  return {
    url: () => current?.url,
    start: async () => {
      if (closed) return;
      const p = await run.start(args, awsEnv);
      p.proc.once('exit', (code, signal) => {
        if (!ended.has(p))
          wrong.push(
            `the scheduler exited by itself (${code ?? signal ?? '?'}): ${p.lines().slice(-3).join(' | ')}`,
          );
      });
      current = p;
      all.push(p);
    },
    /** Every line of every scheduler process of the run, in order. */
    lines: () => all.flatMap((p) => p.lines()),
    kill: () => end('kill'),
    stop: () => {
      closed = true;
      return end('stop');
    },
  };
}

/** Every agent registered with the leading master again (after a failover, restart, partition). */
const agentsBack = (c: SimCluster, ms: number) =>
  until(
    () => (c.mesos.state().agents.every((a) => a.status === 'registered') ? true : undefined),
    ms,
    'every agent registered with the leading master',
  );

/** Applies one fault and waits out its window (the agents back, the scheduler listening). */
async function apply(
  c: SimCluster,
  sched: ReturnType<typeof managedScheduler>,
  e: FaultEvent,
  note: (l: string) => void,
  remaining: () => number,
): Promise<void> {
  note(`fault: ${formatEvent(e)}`);
  const agent = c.mesos.agents[e.agent];
  switch (e.kind) {
    case 'scheduler-kill':
      await sched.kill();
      await sleep(e.durationMs);
      await sched.start();
      note('scheduler restarted');
      return;
    case 'master-failover': {
      const leading = c.mesos.masters.findIndex((m) => m.isLeading());
      const to = (leading + 1) % c.mesos.masters.length;
      await c.mesos.failover(to, e.durationMs);
      await agentsBack(c, remaining());
      note(`master ${to + 1} leads, every agent reregistered`);
      return;
    }
    case 'agent-restart':
      if (agent === undefined) throw new Error(`no agent ${e.agent + 1}`);
      await agent.restart(e.durationMs);
      await agentsBack(c, remaining());
      note(`agent ${e.agent + 1} back`);
      return;
    case 'agent-partition':
      if (agent === undefined) throw new Error(`no agent ${e.agent + 1}`);
      c.mesos.partitionAgent(agent.id);
      await sleep(e.durationMs);
      c.mesos.healAgent(agent.id);
      await agentsBack(c, remaining());
      note(`agent ${e.agent + 1} healed and registered`);
      return;
    case 'gateway-outage': {
      const r = c.scaleio.setFaults({ errors500: { pathRegex: '^/api/', forMs: e.durationMs } });
      if (r._tag === 'Left')
        throw new Error(`scaleio-sim refused the fault: ${JSON.stringify(r.left)}`);
      await sleep(e.durationMs);
      note('gateway answers again');
      return;
    }
  }
}

/**
 * Runs seed `seed`'s schedule against fresh simulators and the real scheduler bundle; never
 * throws for what the product did (that is a violation), only when the simulators cannot start.
 */
export async function runChaos(seed: number, opts: ChaosOptions = {}): Promise<ChaosResult> {
  const bounds = opts.bounds ?? DEFAULT_BOUNDS;
  const { events } = chaosSchedule(seed, bounds);
  const t0 = Date.now();
  const deadline = t0 + (opts.timeoutMs ?? 300_000);
  const remaining = () => Math.max(1000, deadline - Date.now());
  const log: string[] = [];
  const note = (line: string) => {
    const l = `+${((Date.now() - t0) / 1000).toFixed(1)} s ${line}`;
    log.push(l);
    opts.onLog?.(l);
  };
  const wrong: string[] = [];
  const c = await startSimCluster({ agents: bounds.agents, masters: 2, timing: CHAOS_TIMING });
  const run = schedulerRun(c);
  const policy = healingPolicy(
    {
      triggerPercent: TRIGGER,
      clearPercent: CLEAR,
      step: { unit: 'percent', value: 25 },
      minStepGiB: 50,
      minVolumeGiB: 50,
    },
    // Steps wait for offers of agents that may be partitioned or restarting.
    { stepAttempts: 20 },
  );
  const sched = managedScheduler(
    run,
    [
      ...healingArgs(c, writePolicy(run.dir, 'chaos', policy), 1),
      // A launch lost in a partition shorter than the health-check window stays TASK_STAGING:
      // killed after this, above the 3 s window and a loaded machine's executor start.
      '--launch-timeout',
      String(CHAOS_LAUNCH_TIMEOUT_S),
    ],
    wrong,
  );
  const status = async () => {
    const url = sched.url();
    return url === undefined ? undefined : readStatus(url);
  };
  const lanes = new Map<Lane, Promise<void>>();
  const enqueue = (e: FaultEvent) => {
    const lane = laneOf(e.kind);
    const next = (lanes.get(lane) ?? Promise.resolve())
      .then(() => apply(c, sched, e, note, remaining))
      .catch((err: unknown) => void wrong.push(`${formatEvent(e)} did not end: ${message(err)}`));
    lanes.set(lane, next);
  };
  const drain = () => Promise.all(lanes.values());
  const deployDone = async (): Promise<true | undefined> => {
    const s = await status();
    const failed = failedNodes(s);
    if (failed.length > 0) throw new Error(`failed nodes: ${failed.join('; ')}`);
    return s?.deploy?.complete === true ? true : undefined;
  };
  let maxKbBefore = Infinity;
  try {
    note(`seed ${seed}: ${events.length} faults`);
    await sched.start();
  } catch (e) {
    // Nothing ran: the simulators' records would only say so many times over.
    await c.stop();
    run.cleanup();
    const why = `the scheduler did not start: ${message(e)}`;
    return { seed, events, violations: [why], log, seconds: (Date.now() - t0) / 1000 };
  }
  try {
    // The deploy: each fault once mesos-sim has seen its launch count (or the deploy is done).
    const launches = () => c.mesos.history().tasks.length;
    for (const e of events.filter((x) => x.phase === 'deploy')) {
      await until(
        async () => (launches() >= e.afterLaunches || (await deployDone()) ? true : undefined),
        remaining(),
        `${e.afterLaunches} launches`,
      );
      await sleep(e.delayMs);
      enqueue(e);
    }
    await drain();
    await until(deployDone, remaining(), 'the deploy to complete');
    note(`deploy complete after ${launches()} launches`);
    // The healing round: the pool filled past the trigger; faults at their delay after the fill.
    maxKbBefore = thePool(c).capacity.maxCapacityInKb;
    fillTo(c, TRIGGER + 2);
    note(`pool filled to ${poolPercent(c).toFixed(1)} %`);
    const h0 = Date.now();
    for (const e of events.filter((x) => x.phase === 'healing')) {
      await sleep(h0 + e.delayMs - Date.now());
      enqueue(e);
    }
    await drain();
    await until(
      async () => (healed(c, run, CLEAR) && (await deployDone()) ? true : undefined),
      remaining(),
      'healing to settle',
    );
    note(`healed: pool ${poolPercent(c).toFixed(1)} % full, ${ourVolumes(c).length} EBS volumes`);
  } catch (e) {
    wrong.push(`the run did not finish: ${message(e)}`);
    log.push(...stuck(c, await status()));
    await Promise.race([drain(), sleep(10_000)]);
  }
  try {
    wrong.push(...chaosViolations(c, maxKbBefore, TRIGGER));
  } finally {
    await sched.stop();
    await c.stop();
    run.cleanup();
  }
  if (wrong.length > 0) {
    const file = join(tmpdir(), `scaleio-chaos-seed-${seed}.log`);
    writeFileSync(file, `${sched.lines().join('\n')}\n`);
    log.push(`scheduler log: ${file}`);
  }
  return { seed, events, violations: wrong, log, seconds: (Date.now() - t0) / 1000 };
}

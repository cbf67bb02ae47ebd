/**
 * The chaos schedule: a seed turned into a bounded list of fault events for one run (a deploy,
 * then a healing round). Pure: the random source is a parameter, nothing here reads a clock.
 */
import { intIn, mulberry32, pick, type Rng } from './prng.js';

/** Every fault the chaos run knows how to cause. */
export const FAULT_KINDS = [
  'scheduler-kill',
  'master-failover',
  'agent-restart',
  'agent-partition',
  'gateway-outage',
] as const;
/** One of {@link FAULT_KINDS}. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The two rounds of a chaos run. */
export type Phase = 'deploy' | 'healing';

/**
 * One fault. In the deploy it fires once mesos-sim has recorded `afterLaunches` task launches
 * (progress, not wall time, so a loaded machine moves it with the deploy), then `delayMs`; in the
 * healing round it fires `delayMs` after the pool was filled past the trigger.
 */
export interface FaultEvent {
  readonly phase: Phase;
  /** Launches mesos-sim must have recorded first (0 in the healing round). */
  readonly afterLaunches: number;
  readonly delayMs: number;
  readonly kind: FaultKind;
  /** The agent (0-based index) of an agent fault; -1 for the others. */
  readonly agent: number;
  /**
   * How long it lasts: the scheduler's time dead before its restart, the leaderless gap of a
   * master failover, the agent's time down, the partition, the gateway's run of 500s.
   */
  readonly durationMs: number;
}

/** A seed's schedule. */
export interface ChaosSchedule {
  readonly seed: number;
  readonly events: readonly FaultEvent[];
}

/** What bounds a schedule, so that a run can finish. */
export interface ChaosBounds {
  /** Agents of the cluster (agent faults pick one of them). */
  readonly agents: number;
  /** Launches a fault-free deploy of that cluster records: deploy faults fire before 80 % of them. */
  readonly deployLaunches: number;
  /** At most this many faults during the deploy (at least one). */
  readonly maxDeployEvents: number;
  /** At most this many faults during the healing round (at least one). */
  readonly maxHealingEvents: number;
  /** Healing faults fire within this long after the fill. */
  readonly healingWindowMs: number;
  /** Deploy faults wait at most this long after their launch count. */
  readonly maxDelayMs: number;
  /** Each kind's duration range in ms, `[min, max]`. */
  readonly durationMs: Readonly<Record<FaultKind, readonly [number, number]>>;
}

/**
 * The bounds of the chaos runs here: a 4-agent cluster (31 launches for 3 agents, about 10 more
 * per agent), a handful of faults per round, durations around the sim-scaled Mesos timeouts
 * (a 3 s health-check window: partitions from 1 s to 8 s fall either side of it).
 */
export const DEFAULT_BOUNDS: ChaosBounds = {
  agents: 4,
  deployLaunches: 40,
  maxDeployEvents: 4,
  maxHealingEvents: 3,
  healingWindowMs: 8000,
  maxDelayMs: 1500,
  durationMs: {
    'scheduler-kill': [0, 3000],
    'master-failover': [200, 1500],
    'agent-restart': [200, 2000],
    'agent-partition': [1000, 8000],
    'gateway-outage': [2000, 15_000],
  },
};

/** Whether a fault kind targets one agent. */
export const isAgentFault = (k: FaultKind): boolean =>
  k === 'agent-restart' || k === 'agent-partition';

const event = (rng: Rng, b: ChaosBounds, phase: Phase, afterLaunches: number, delayMs: number) => {
  const kind = pick(rng, FAULT_KINDS);
  const [lo, hi] = b.durationMs[kind];
  return {
    phase,
    afterLaunches,
    delayMs,
    kind,
    agent: isAgentFault(kind) ? intIn(rng, 0, b.agents - 1) : -1,
    durationMs: intIn(rng, lo, hi),
  };
};

/**
 * The schedule of `seed` under `bounds`, drawing from `rng` (default: mulberry32 of the seed):
 * 1 to `maxDeployEvents` deploy faults in order of their launch count, then 1 to
 * `maxHealingEvents` healing faults in order of their delay.
 */
export function chaosSchedule(
  seed: number,
  bounds: ChaosBounds = DEFAULT_BOUNDS,
  rng: Rng = mulberry32(seed),
): ChaosSchedule {
  const lastLaunch = Math.max(1, Math.floor(bounds.deployLaunches * 0.8));
  const deploy = Array.from({ length: intIn(rng, 1, bounds.maxDeployEvents) }, () =>
    event(rng, bounds, 'deploy', intIn(rng, 1, lastLaunch), intIn(rng, 0, bounds.maxDelayMs)),
  ).sort((a, b) => a.afterLaunches - b.afterLaunches || a.delayMs - b.delayMs);
  const healing = Array.from({ length: intIn(rng, 1, bounds.maxHealingEvents) }, () =>
    event(rng, bounds, 'healing', 0, intIn(rng, 0, bounds.healingWindowMs)),
  ).sort((a, b) => a.delayMs - b.delayMs);
  return { seed, events: [...deploy, ...healing] };
}

/** One line for an event, e.g. `deploy after 12 launches +300 ms: agent-partition agent 2 for 4200 ms`. */
export const formatEvent = (e: FaultEvent): string =>
  `${e.phase} ${e.phase === 'deploy' ? `after ${e.afterLaunches} launches ` : ''}+${e.delayMs} ms: ${e.kind}${
    e.agent >= 0 ? ` agent ${e.agent + 1}` : ''
  } for ${e.durationMs} ms`;

/**
 * Parses a seed list: `17`, `1..50`, `3,9,20..25`. Undefined when any part is not a non-negative
 * integer or a range is reversed.
 */
export function parseSeeds(text: string): number[] | undefined {
  const out: number[] = [];
  for (const part of text.split(',').map((s) => s.trim())) {
    const m = /^(\d+)(?:\.\.(\d+))?$/.exec(part);
    if (m === null) return undefined;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo || hi - lo > 100_000)
      return undefined;
    for (let s = lo; s <= hi; s++) out.push(s);
  }
  return out;
}

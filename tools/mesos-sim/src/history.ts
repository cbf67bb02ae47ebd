/**
 * What the simulator itself saw: every launch (and what became of it on the master and on the
 * agent), every offer and how it ended, every ACCEPT, every agent transition. Tests judge a
 * framework by these records (the ground truth), never by the framework's own logs.
 */
import type { Resource, TaskStatus } from './wire/common.js';

/** One launch of a task id, from the ACCEPT that carried it to its last state on the agent. */
export interface TaskRun {
  readonly frameworkId: string;
  readonly taskId: string;
  readonly agentId: string;
  readonly hostname: string;
  readonly name: string;
  /** `TaskInfo.data` (base64), as launched. */
  readonly data: string | undefined;
  readonly resources: readonly Resource[];
  readonly executorId: string | undefined;
  /** Sim clock (ms) when the master handled the ACCEPT. */
  readonly acceptedAt: number;
  readonly offerIds: readonly string[];
  /** What the master did: sent it to the agent, refused it (TASK_ERROR), or dropped it. */
  outcome: 'launched' | 'error' | 'dropped';
  reason: string | undefined;
  message: string | undefined;
  /** Whether the task reached its executor or command (it ran on the node). */
  delivered: boolean;
  /** Latest state on the agent (ground truth); undefined when the agent never had the task. */
  agentState: string | undefined;
  /** Every UPDATE the scheduler was sent for this task, in order. */
  readonly updates: {
    at: number;
    state: string;
    reason?: string;
    source?: string;
    uuid: boolean;
  }[];
}

/** An offer and how it ended. */
export interface OfferRecord {
  readonly id: string;
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  readonly offeredAt: number;
  ended: { at: number; how: OfferEnd } | undefined;
}

/** How an offer stopped being outstanding. */
export type OfferEnd = 'accepted' | 'declined' | 'rescinded' | 'discarded';

/** One ACCEPT call as the master handled it. */
export interface AcceptRecord {
  readonly at: number;
  readonly frameworkId: string;
  readonly offerIds: readonly string[];
  /** Operation types, in order. */
  readonly operations: readonly string[];
  /** Task ids of its LAUNCH and LAUNCH_GROUP operations. */
  readonly taskIds: readonly string[];
  /** Why the offers were invalid, when they were. */
  readonly invalidOffers: string | undefined;
}

/** A change of an agent as the master sees it, or of its network link. */
export interface AgentEvent {
  readonly at: number;
  readonly agentId: string;
  readonly event:
    | 'partitioned'
    | 'healed'
    | 'disconnected'
    | 'unreachable'
    | 'gone'
    | 'recovered'
    | 'reregistered';
}

/** The records, and the hooks the master and agents call. */
export interface SimHistory {
  readonly tasks: TaskRun[];
  readonly offers: Map<string, OfferRecord>;
  readonly accepts: AcceptRecord[];
  readonly agentEvents: AgentEvent[];
  readonly failovers: { at: number; masterId: string }[];
  readonly launch: (run: TaskRun) => void;
  readonly delivered: (frameworkId: string, agentId: string, taskId: string) => void;
  readonly agentState: (
    frameworkId: string,
    agentId: string,
    taskId: string,
    state: string,
  ) => void;
  readonly update: (frameworkId: string, status: TaskStatus, at: number) => void;
  readonly offered: (o: Omit<OfferRecord, 'ended'>) => void;
  readonly offerEnded: (offerId: string, how: OfferEnd, at: number) => void;
  readonly accept: (a: AcceptRecord) => void;
  readonly agentEvent: (e: AgentEvent) => void;
}

/** Offers kept at most (the oldest are forgotten first). */
export const MAX_OFFER_RECORDS = 100_000;

/** A fresh, empty history. */
export const createHistory = (): SimHistory => {
  const tasks: TaskRun[] = [];
  const latest = new Map<string, TaskRun>();
  const byTask = new Map<string, TaskRun>();
  const offers = new Map<string, OfferRecord>();
  const accepts: AcceptRecord[] = [];
  const agentEvents: AgentEvent[] = [];
  const key = (f: string, a: string, t: string): string => `${f}\u0000${a}\u0000${t}`;
  const onAgent = (f: string, a: string, t: string): TaskRun | undefined =>
    latest.get(key(f, a, t));
  return {
    tasks,
    offers,
    accepts,
    agentEvents,
    failovers: [],
    launch: (run) => {
      tasks.push(run);
      byTask.set(`${run.frameworkId}\u0000${run.taskId}`, run);
      if (run.outcome === 'launched')
        latest.set(key(run.frameworkId, run.agentId, run.taskId), run);
    },
    delivered: (f, a, t) => {
      const run = onAgent(f, a, t);
      if (run !== undefined) run.delivered = true;
    },
    agentState: (f, a, t, state) => {
      const run = onAgent(f, a, t);
      if (run !== undefined) run.agentState = state;
    },
    update: (f, status, at) => {
      const run = byTask.get(`${f}\u0000${status.task_id.value}`);
      run?.updates.push({
        at,
        state: status.state,
        ...(status.reason !== undefined ? { reason: status.reason } : {}),
        ...(status.source !== undefined ? { source: status.source } : {}),
        uuid: status.uuid !== undefined,
      });
    },
    offered: (o) => {
      if (offers.size >= MAX_OFFER_RECORDS) {
        const oldest = offers.keys().next().value;
        if (oldest !== undefined) offers.delete(oldest);
      }
      offers.set(o.id, { ...o, ended: undefined });
    },
    offerEnded: (id, how, at) => {
      const o = offers.get(id);
      if (o !== undefined && o.ended === undefined) o.ended = { at, how };
    },
    accept: (a) => void accepts.push(a),
    agentEvent: (e) => void agentEvents.push(e),
  };
};

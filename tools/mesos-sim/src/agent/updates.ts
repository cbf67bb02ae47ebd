/**
 * The agent's task status update manager: one stream per task, only the head in flight, resent
 * with doubling backoff until the scheduler acknowledges it, then the next one goes out.
 */
import type { SimContext } from '../context.js';
import { isTerminal } from '../model/framework.js';
import type { TaskStatus } from '../wire/common.js';

interface TaskStream {
  readonly frameworkId: string;
  readonly taskId: string;
  readonly queue: TaskStatus[];
  readonly seen: Set<string>;
  backoffMs: number;
  cancel: (() => void) | undefined;
}

/** Status update manager of one agent. */
export interface UpdateManager {
  /** Stores an update (with uuid); false when it is a duplicate of one already seen. */
  readonly add: (frameworkId: string, status: TaskStatus) => boolean;
  /** An acknowledgement from the scheduler: returns the head's state when the uuid matched it. */
  readonly acknowledge: (frameworkId: string, taskId: string, uuid: string) => string | undefined;
  /** Resends the heads of a framework's streams now (it resubscribed). */
  readonly resume: (frameworkId: string) => void;
  /** Forgets a framework's streams (it was removed, or its state was not checkpointed). */
  readonly dropFramework: (frameworkId: string) => void;
  /** Stops every retry timer (the agent went down); the updates stay stored. */
  readonly pauseAll: () => void;
  /** Resends every head (the agent is back). */
  readonly resumeAll: () => void;
  /** Number of updates not yet acknowledged, per framework. */
  readonly pending: () => Record<string, number>;
  /** The oldest unacknowledged update of a task, if any. */
  readonly head: (frameworkId: string, taskId: string) => TaskStatus | undefined;
  /** Frameworks with a stream. */
  readonly frameworkIds: () => string[];
}

/** Creates an update manager that hands heads to `forward` (the master). */
export const createUpdateManager = (
  ctx: SimContext,
  forward: (frameworkId: string, status: TaskStatus, latestState: string) => void,
): UpdateManager => {
  const streams = new Map<string, TaskStream>();
  const key = (f: string, t: string): string => `${f}\u0000${t}`;

  const send = (s: TaskStream): void => {
    s.cancel?.();
    const head = s.queue[0];
    if (head === undefined) return;
    forward(s.frameworkId, head, (s.queue[s.queue.length - 1] as TaskStatus).state);
    s.cancel = ctx.clock.setTimer(s.backoffMs, () => {
      s.backoffMs = Math.min(s.backoffMs * 2, ctx.timing.statusRetryMaxMs);
      send(s);
    });
  };

  const add = (frameworkId: string, status: TaskStatus): boolean => {
    const k = key(frameworkId, status.task_id.value);
    let s = streams.get(k);
    if (s === undefined) {
      s = {
        frameworkId,
        taskId: status.task_id.value,
        queue: [],
        seen: new Set(),
        backoffMs: ctx.timing.statusRetryMinMs,
        cancel: undefined,
      };
      streams.set(k, s);
    }
    if (status.uuid !== undefined && s.seen.has(status.uuid)) return false;
    if (status.uuid !== undefined) s.seen.add(status.uuid);
    s.queue.push(status);
    if (s.queue.length === 1) send(s);
    return true;
  };

  const acknowledge = (frameworkId: string, taskId: string, uuid: string): string | undefined => {
    const s = streams.get(key(frameworkId, taskId));
    const head = s?.queue[0];
    if (s === undefined || head === undefined || head.uuid !== uuid) return undefined;
    s.cancel?.();
    s.cancel = undefined;
    s.queue.shift();
    s.backoffMs = ctx.timing.statusRetryMinMs;
    if (s.queue.length > 0) send(s);
    // The real status update manager ends a stream once its terminal update is acknowledged.
    else if (isTerminal(head.state)) streams.delete(key(frameworkId, taskId));
    return head.state;
  };

  const each = (pred: (s: TaskStream) => boolean, fn: (s: TaskStream) => void): void => {
    for (const s of [...streams.values()]) if (pred(s)) fn(s);
  };

  return {
    add,
    acknowledge,
    resume: (f) =>
      each(
        (s) => s.frameworkId === f,
        (s) => {
          s.backoffMs = ctx.timing.statusRetryMinMs;
          send(s);
        },
      ),
    dropFramework: (f) =>
      each(
        (s) => s.frameworkId === f,
        (s) => {
          s.cancel?.();
          streams.delete(key(s.frameworkId, s.taskId));
        },
      ),
    pauseAll: () =>
      each(
        () => true,
        (s) => {
          s.cancel?.();
          s.cancel = undefined;
        },
      ),
    resumeAll: () => each(() => true, send),
    head: (f, t) => streams.get(key(f, t))?.queue[0],
    frameworkIds: () => [...new Set([...streams.values()].map((s) => s.frameworkId))],
    pending: () => {
      const out: Record<string, number> = {};
      for (const s of streams.values())
        out[s.frameworkId] = (out[s.frameworkId] ?? 0) + s.queue.length;
      return out;
    },
  };
};

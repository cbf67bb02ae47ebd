/**
 * The executor client: subscribes to the agent, streams events, sends UPDATE and MESSAGE, and
 * keeps the unacknowledged tasks and updates that a resubscription must carry. Recovery rules:
 * without checkpointing a broken connection means exit; with it, retry after a random wait in
 * `[0, MESOS_SUBSCRIPTION_BACKOFF_MAX]` until `MESOS_RECOVERY_TIMEOUT` has passed.
 *
 * @module
 */
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import type { TaskInfo, TaskStatus } from '../codecs/task.js';
import type { ExecutorCall, ExecutorEvent } from '../codecs/executor.js';
import { ExecutorCall as ExecutorCallC } from '../codecs/executor.js';
import type { MesosError } from '../errors.js';
import { fromHttpStatus } from '../errors.js';
import { decodeExecutorEvent, streamEvents } from '../events.js';
import type { Transport } from '../http.js';
import { gotTransport, jsonPost, readText } from '../http.js';
import type { StatusInput } from '../calls/executor-calls.js';
import {
  executorMessageCall,
  executorSubscribeCall,
  executorTaskStatus,
  executorUpdateCall,
} from '../calls/executor-calls.js';
import type { Clock, Random } from '../time.js';
import { createSleeper, systemClock } from '../time.js';
import type { RandomBytes } from '../uuid.js';
import type { ExecutorConfig } from './env.js';

/** Path of the v1 executor endpoint. */
export const EXECUTOR_PATH = '/api/v1/executor';

/** Options of {@link createExecutorClient}. */
export interface ExecutorClientOptions {
  readonly config: ExecutorConfig;
  readonly transport?: Transport;
  readonly clock?: Clock;
  readonly random?: Random;
  readonly randomBytes?: RandomBytes;
  readonly requestTimeoutMs?: number;
}

/** Why the executor should exit. */
export type ExitReason = 'not-checkpointing' | 'recovery-timeout' | 'fatal' | 'closed';

/** What the event iterable yields; after `Exit` it ends. */
export type ExecutorItem =
  | { readonly _tag: 'Event'; readonly event: ExecutorEvent }
  | { readonly _tag: 'BadEvent'; readonly error: MesosError }
  | { readonly _tag: 'Disconnected'; readonly error: MesosError; readonly retryInMs: number }
  | { readonly _tag: 'Exit'; readonly reason: ExitReason; readonly error?: MesosError };

/** A running executor client. */
export interface ExecutorClient {
  /** Subscribe and stream events; iterate once. */
  readonly events: () => AsyncIterable<ExecutorItem>;
  /** Build, remember (until ACKNOWLEDGED) and send a status update. */
  readonly update: (input: StatusInput) => Promise<E.Either<MesosError, TaskStatus>>;
  /** Send bytes to the scheduler. */
  readonly message: (data: Uint8Array) => Promise<E.Either<MesosError, void>>;
  /** Tasks launched whose updates the agent has not acknowledged yet. */
  readonly unacknowledgedTasks: () => readonly TaskInfo[];
  /** Updates the agent has not acknowledged yet, oldest first. */
  readonly unacknowledgedUpdates: () => readonly TaskStatus[];
  readonly close: () => void;
}

/** Create an executor client from a decoded environment. */
export const createExecutorClient = (options: ExecutorClientOptions): ExecutorClient => {
  const { config } = options;
  const transport = options.transport ?? gotTransport;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const randomBytes = options.randomBytes ?? ((n: number) => nodeRandomBytes(n));
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const url = `${config.agentUrl}${EXECUTOR_PATH}`;
  const auth: Record<string, string> =
    config.authToken === undefined ? {} : { authorization: `Bearer ${config.authToken}` };
  const who = { frameworkId: config.frameworkId, executorId: config.executorId };
  const sleeper = createSleeper(clock);
  const tasks = new Map<string, TaskInfo>();
  const updates = new Map<string, TaskStatus>();
  let closed = false;
  let abortCurrent: () => void = () => undefined;

  const post = async (call: ExecutorCall): Promise<E.Either<MesosError, void>> => {
    const sent = await transport.send(jsonPost(url, ExecutorCallC.encode(call), timeoutMs, auth));
    if (E.isLeft(sent)) return sent;
    return sent.right.status === 202
      ? E.right(undefined)
      : E.left(fromHttpStatus(url, sent.right.status, sent.right.body));
  };

  const track = (event: ExecutorEvent): void => {
    if (event.type === 'LAUNCH') tasks.set(event.launch.task.task_id.value, event.launch.task);
    if (event.type === 'LAUNCH_GROUP') {
      for (const task of event.launch_group.task_group.tasks ?? [])
        tasks.set(task.task_id.value, task);
    }
    if (event.type === 'ACKNOWLEDGED') {
      updates.delete(event.acknowledged.uuid);
      tasks.delete(event.acknowledged.task_id.value);
    }
  };

  /** One subscription: returns the error that ended it and whether SUBSCRIBED arrived. */
  async function* session(): AsyncGenerator<ExecutorItem, { error: MesosError; ok: boolean }> {
    const call = executorSubscribeCall(who, [...tasks.values()], [...updates.values()]);
    const opened = await transport.open(jsonPost(url, ExecutorCallC.encode(call), timeoutMs, auth));
    if (E.isLeft(opened)) return { error: opened.left, ok: false };
    const res = opened.right;
    abortCurrent = res.abort;
    try {
      if (res.status !== 200)
        return { error: fromHttpStatus(url, res.status, await readText(res.body)), ok: false };
      let ok = false;
      for await (const item of streamEvents(res.body, decodeExecutorEvent, url)) {
        if (item._tag === 'End') return { error: closed ? { _tag: 'Closed' } : item.error, ok };
        if (item._tag === 'Event') {
          if (item.event.type === 'SUBSCRIBED') ok = true;
          track(item.event);
        }
        yield item;
      }
      return { error: { _tag: 'StreamEnded', url }, ok };
    } finally {
      res.abort();
      abortCurrent = () => undefined;
    }
  }

  async function* run(): AsyncGenerator<ExecutorItem, void, undefined> {
    let disconnectedAt: number | undefined;
    while (!closed) {
      const ended = yield* session();
      if (closed) break;
      if (ended.ok) disconnectedAt = undefined;
      if (ended.error._tag === 'InvalidConfig' || ended.error._tag === 'BadRedirect') {
        yield { _tag: 'Exit', reason: 'fatal', error: ended.error };
        return;
      }
      if (!config.checkpoint) {
        yield { _tag: 'Exit', reason: 'not-checkpointing', error: ended.error };
        return;
      }
      const now = clock.now();
      disconnectedAt ??= now;
      const recoveryMs = config.recoveryTimeoutMs ?? 0;
      if (now - disconnectedAt >= recoveryMs) {
        yield { _tag: 'Exit', reason: 'recovery-timeout', error: ended.error };
        return;
      }
      const delay = Math.min(
        Math.round(random() * (config.subscriptionBackoffMaxMs ?? 0)),
        Math.max(0, disconnectedAt + recoveryMs - now),
      );
      yield { _tag: 'Disconnected', error: ended.error, retryInMs: delay };
      await sleeper.wait(delay);
    }
    yield { _tag: 'Exit', reason: 'closed' };
  }

  return {
    events: () => run(),
    update: async (input) => {
      const status = executorTaskStatus(who, input, { nowMs: clock.now(), randomBytes });
      if (status.uuid !== undefined) updates.set(status.uuid, status);
      const sent = await post(executorUpdateCall(who, status));
      return E.map(() => status)(sent);
    },
    message: (data) => post(executorMessageCall(who, data)),
    unacknowledgedTasks: () => [...tasks.values()],
    unacknowledgedUpdates: () => [...updates.values()],
    close: () => {
      closed = true;
      abortCurrent();
      sleeper.wakeAll();
    },
  };
};

import {
  createExecutorClient,
  describeError,
  type ExecutorConfig,
  type TaskID,
} from '@scaleio-framework/mesos';
import { decodeJsonData } from '@scaleio-framework/mesos';
import type { Host } from '@scaleio-framework/installers';
import { createExecutorCore, type StepUpdate } from './core.js';

/** An executor with no task for this long exits (a restarted scheduler may use a newer one). */
const IDLE_EXIT_MS = 30 * 60_000;
import { installersRunner } from './runner.js';
import { resolveDevice } from './resolve-device.js';

/** How the executor ended: the process exit code and why. */
export interface ExecutorExit {
  readonly code: number;
  readonly reason: string;
}

/**
 * Composition root of `scaleio-executor`: the Mesos executor client, the installers on this
 * node's host, and the core between them. Resolves when the executor should exit.
 */
export async function runExecutor(
  config: ExecutorConfig,
  host: Host,
  log: (msg: string, f?: Record<string, unknown>) => void,
): Promise<ExecutorExit> {
  const client = createExecutorClient({ config });
  const core = createExecutorCore({
    runner: installersRunner(host, log),
    resolve: (spec) => resolveDevice(host, spec),
    log,
    send: async (u) => {
      const r = await sendUpdate(u);
      if (r._tag === 'Left') {
        pending.push(u);
        log('status update not sent; resent after the agent is back', {
          taskId: u.taskId,
          error: describeError(r.left),
        });
      }
    },
  });
  function sendUpdate(u: StepUpdate) {
    return client.update({
      taskId: { value: u.taskId } as unknown as TaskID,
      state: u.state,
      ...(u.message === undefined ? {} : { message: u.message }),
      ...(u.data === undefined ? {} : { data: Buffer.from(JSON.stringify(u.data)) }),
    });
  }
  /** Updates the agent did not take (it was restarting): sent again after the next SUBSCRIBED. */
  const pending: StepUpdate[] = [];
  let lastActive = Date.now();
  const idleCheck = setInterval(() => {
    if (core.running().length === 0 && Date.now() - lastActive > IDLE_EXIT_MS) {
      log('idle; exiting (a newer executor serves this agent)');
      client.close();
    }
  }, 60_000);
  idleCheck.unref();
  // Updates the agent did not take are retried until it does (also between resubscriptions).
  const retry = setInterval(() => {
    void (async () => {
      for (const u of pending.splice(0)) {
        const r = await sendUpdate(u);
        if (r._tag === 'Left') pending.push(u);
      }
    })();
  }, 2000);
  retry.unref();
  for await (const item of client.events()) {
    if (item._tag === 'Event') {
      const e = item.event;
      lastActive = Date.now();
      if (e.type === 'SUBSCRIBED') {
        log('subscribed to the agent', { agent: config.agentUrl });
        for (const u of pending.splice(0)) {
          const r = await sendUpdate(u);
          if (r._tag === 'Left') pending.push(u);
        }
      } else if (e.type === 'LAUNCH')
        core.launch(e.launch.task.task_id.value, decodeJsonData(e.launch.task.data));
      else if (e.type === 'KILL') core.kill(e.kill.task_id.value);
      else if (e.type === 'SHUTDOWN') {
        log('shutdown requested');
        await core.shutdown();
        client.close();
        return { code: 0, reason: 'shutdown' };
      } else if (e.type === 'ERROR') log('agent sent ERROR', { message: e.error.message });
    } else if (item._tag === 'Disconnected')
      log('disconnected from the agent; reconnecting', {
        error: describeError(item.error),
        retryInMs: item.retryInMs,
      });
    else if (item._tag === 'BadEvent')
      log('undecodable event skipped', { error: describeError(item.error) });
    else {
      await core.shutdown();
      return {
        code: item.reason === 'closed' ? 0 : 1,
        reason: item.reason + (item.error ? `: ${describeError(item.error)}` : ''),
      };
    }
  }
  return { code: 0, reason: 'event stream ended' };
}

/** `POST /api/v1/executor` on an agent (reference §3.2-3.5). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import { every } from '../clock.js';
import { isUuidBase64 } from '../ids.js';
import { isTerminal } from '../model/framework.js';
import { ExecutorCall } from '../wire/executor-call.js';
import { acceptsJson, decodeCall, sendText, type HttpReject } from '../wire/http.js';
import { openEventStream } from '../wire/stream.js';
import { executorWithDefaults } from '../wire/defaults.js';
import { agentUpdate, lostState, sendLaunch, setAgentState, toExecutor } from './runs.js';
import { agentInfo, runKey, type AgentState, type ExecutorRun } from './state.js';

const TYPES = ['SUBSCRIBE', 'UPDATE', 'MESSAGE', 'HEARTBEAT'];

/** `validateExecutorCall`. */
export const validateExecutorCall = (call: ExecutorCall): HttpReject | undefined => {
  const bad = (m: string): HttpReject => ({
    status: 400,
    message: `Failed to validate executor::Call: ${m}`,
  });
  if (!TYPES.includes(call.type))
    return { status: 501, message: `Unsupported call type '${call.type}'` };
  if (call.type === 'SUBSCRIBE' && call.subscribe === undefined)
    return bad("Expecting 'subscribe' to be present");
  if (call.type === 'MESSAGE' && call.message === undefined)
    return bad("Expecting 'message' to be present");
  if (call.type === 'UPDATE') {
    const status = call.update?.status;
    if (status === undefined) return bad("Expecting 'update' to be present");
    if (status.uuid === undefined || !isUuidBase64(status.uuid)) return bad('Not a valid UUID');
    if (status.executor_id !== undefined && status.executor_id.value !== call.executor_id.value)
      return bad(
        "ExecutorID in Call: '" +
          call.executor_id.value +
          "' does not match ExecutorID in TaskStatus",
      );
    if (status.source !== 'SOURCE_EXECUTOR')
      return bad("Received Call from executor with TaskStatus 'source' other than SOURCE_EXECUTOR");
    if (status.state === 'TASK_STAGING')
      return bad(
        'Received TASK_STAGING from executor. Executors are not allowed to send TASK_STAGING status updates',
      );
  }
  return undefined;
};

const subscribeExecutor = (
  a: AgentState,
  run: ExecutorRun,
  call: ExecutorCall,
  res: ServerResponse,
): void => {
  const observe = (e: Record<string, unknown>): void =>
    a.ctx.observe('mesos.v1.executor.Event', e, 'sent');
  const previous = run.stream;
  run.stream = undefined;
  previous?.close();
  let stopHeartbeats = (): void => undefined;
  const stream = openEventStream(res, {}, observe, () => {
    stopHeartbeats();
    if (run.stream === stream) run.stream = undefined;
  });
  if (run.terminated) {
    stream.send({ type: 'SHUTDOWN' });
    return stream.close();
  }
  run.stream = stream;
  stopHeartbeats = every(a.ctx.clock, a.ctx.timing.executorHeartbeatMs, () =>
    stream.send({ type: 'HEARTBEAT' }),
  );
  run.subscribedSinceRestart = true;
  run.cancelTimer?.();
  run.cancelTimer = undefined;
  for (const u of call.subscribe?.unacknowledged_updates ?? []) {
    const entry = run.tasks.get(u.status.task_id.value);
    if (
      entry !== undefined &&
      a.updates.add(run.frameworkId, { ...u.status, agent_id: { value: a.id } })
    )
      setAgentState(a, run, u.status.task_id.value, u.status.state);
  }
  if (a.recovering) {
    const unacked = new Set(
      (call.subscribe?.unacknowledged_tasks ?? []).map((t) => t.task_id.value),
    );
    for (const [taskId, t] of run.tasks)
      if (t.state === 'TASK_STAGING' && t.sent && !unacked.has(taskId))
        agentUpdate(
          a,
          run,
          taskId,
          lostState(run) === 'TASK_GONE' ? 'TASK_DROPPED' : 'TASK_LOST',
          'REASON_AGENT_RESTARTED',
          'Task launched during agent restart',
        );
  }
  const framework = { failover_timeout: 0, checkpoint: false, ...run.framework };
  toExecutor(a, run, {
    type: 'SUBSCRIBED',
    subscribed: {
      executor_info: executorWithDefaults(run.info),
      framework_info: framework,
      agent_info: agentInfo(a),
      container_id: { value: run.containerId },
    },
  });
  for (const q of run.queue.splice(0)) if (q.tasks.length > 0) sendLaunch(a, run, q.tasks, q.group);
};

/** Handles one request to the executor endpoint. */
export const handleExecutorCall = async (
  a: AgentState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> => {
  const decoded = await decodeCall(req, ExecutorCall, 'Call', (json) =>
    a.ctx.observe('mesos.v1.executor.Call', json, 'received'),
  );
  if (E.isLeft(decoded)) return sendText(res, decoded.left);
  const call = decoded.right;
  const invalid = validateExecutorCall(call);
  if (invalid !== undefined) return sendText(res, invalid);
  const accepted = (): void => {
    res.writeHead(202);
    res.end();
  };
  if (call.type === 'HEARTBEAT') return accepted();
  const run = a.runs.get(runKey(call.framework_id.value, call.executor_id.value));
  // While recovering, only executors that reregistered since the restart are heard.
  if (a.recovering && call.type !== 'SUBSCRIBE' && run?.subscribedSinceRestart !== true)
    return sendText(res, { status: 503, message: 'Agent has not finished recovery' });
  if (![...a.runs.values()].some((r) => r.frameworkId === call.framework_id.value))
    return sendText(res, { status: 400, message: 'Framework cannot be found' });
  if (run === undefined || run.kind !== 'custom')
    return sendText(res, { status: 400, message: 'Executor cannot be found' });
  if (call.type === 'SUBSCRIBE') {
    if (!acceptsJson(req.headers['accept']))
      return sendText(res, { status: 406, message: 'Expecting Accept to allow application/json' });
    return subscribeExecutor(a, run, call, res);
  }
  if (run.stream === undefined)
    return sendText(res, { status: 403, message: 'Executor is not subscribed' });
  if (call.type === 'MESSAGE' && call.message !== undefined) {
    a.master.executorMessage(a.id, run.frameworkId, run.executorId, call.message.data);
    return accepted();
  }
  const status = call.update?.status;
  if (status === undefined) return accepted();
  const entry = run.tasks.get(status.task_id.value);
  if (entry !== undefined && !isTerminal(entry.state))
    setAgentState(a, run, status.task_id.value, status.state);
  a.updates.add(run.frameworkId, {
    ...status,
    agent_id: { value: a.id },
    executor_id: { value: run.executorId },
    timestamp: status.timestamp ?? a.ctx.clock.now() / 1000,
  });
  accepted();
  toExecutor(a, run, {
    type: 'ACKNOWLEDGED',
    acknowledged: { task_id: status.task_id, uuid: status.uuid },
  });
};

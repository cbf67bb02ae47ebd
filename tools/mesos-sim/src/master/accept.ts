/** ACCEPT and DECLINE (`Master::accept`, `_accept`): offer checks, operations in order, leftovers declined. */
import { frameworkTasks, sendEvent, type MasterCore } from './core.js';
import { hasCapability, type Framework, type Offer } from '../model/framework.js';
import { add, subtract, type Bag } from '../model/resources.js';
import type { ExecutorInfo, TaskInfo } from '../wire/common.js';
import type { Operation, SchedulerCall } from '../wire/scheduler-call.js';
import { addFilter } from './allocator.js';
import { masterStatus, operationErrorEvent, updateEvent } from './events.js';
import { reach } from './links.js';
import { reserve, unreserve } from './operations.js';
import { validateTask, type LaunchContext } from './validate-task.js';

type Accept = NonNullable<SchedulerCall['accept']>;

const tasksOf = (op: Operation): TaskInfo[] =>
  op.type === 'LAUNCH'
    ? (op.launch?.task_infos ?? [])
    : op.type === 'LAUNCH_GROUP'
      ? (op.launch_group?.task_group.tasks ?? [])
      : [];

/** Checks the offers of an ACCEPT (`validation::offer::validate`); returns them or why they are invalid. */
const checkOffers = (
  core: MasterCore,
  fw: Framework,
  ids: readonly string[],
): { offers: Offer[] } | { error: string } => {
  if (ids.length === 0) return { error: 'No offers specified' };
  if (new Set(ids).size !== ids.length) return { error: 'Duplicate offer ids in the call' };
  const offers: Offer[] = [];
  for (const id of ids) {
    const o = core.offers.get(id);
    if (o === undefined) return { error: `Offer ${id} is no longer valid` };
    if (o.frameworkId !== fw.id)
      return {
        error: `Offer ${id} has invalid framework ${o.frameworkId} while framework ${fw.id} is expected`,
      };
    offers.push(o);
  }
  if (new Set(offers.map((o) => o.agentId)).size > 1)
    return { error: 'Aggregated offers must belong to one single agent' };
  if (new Set(offers.map((o) => o.role)).size > 1)
    return { error: 'Aggregated offers must be allocated to the same role' };
  return { offers };
};

/** One ACCEPT as it is handled: the framework, the offers, when. */
interface Ctx {
  readonly core: MasterCore;
  readonly fw: Framework;
  readonly offerIds: readonly string[];
  readonly at: number;
}

/** Records a launch attempt in the history, before the agent hears of it. */
const record = (
  c: Ctx,
  task: TaskInfo,
  outcome: 'launched' | 'error' | 'dropped',
  reason?: string,
  message?: string,
): void => {
  const link = c.core.agents.get(task.agent_id.value);
  c.core.ctx.history.launch({
    frameworkId: c.fw.id,
    taskId: task.task_id.value,
    agentId: task.agent_id.value,
    hostname: link?.port.hostname ?? '',
    name: task.name,
    data: task.data,
    resources: task.resources ?? [],
    executorId: task.executor?.executor_id.value,
    acceptedAt: c.at,
    offerIds: c.offerIds,
    outcome,
    reason,
    message,
    delivered: false,
    agentState: undefined,
    updates: [],
  });
};

/** A task the master will not launch: its update (no uuid) and its record. */
const reject = (c: Ctx, task: TaskInfo, state: string, reason: string, message: string): void => {
  record(c, task, state === 'TASK_ERROR' ? 'error' : 'dropped', reason, message);
  sendEvent(
    c.core,
    c.fw,
    updateEvent(
      masterStatus(c.at, task.task_id.value, state, reason, message, { agent_id: task.agent_id }),
    ),
  );
};

/** An operation the master drops: logged, and OPERATION_ERROR when it asked for feedback. */
const drop = (c: Ctx, op: Operation, message: string): void => {
  c.core.ctx.log(`master: dropping ${op.type ?? 'UNKNOWN'} operation: ${message}`);
  if (op.id !== undefined) sendEvent(c.core, c.fw, operationErrorEvent(op.id.value, message));
};

/** LAUNCH or LAUNCH_GROUP on a valid offer: each task validated, then sent to the agent. */
const launch = (c: Ctx, op: Operation, role: string, agentId: string, remaining: Bag): Bag => {
  const link = c.core.agents.get(agentId);
  if (link === undefined) return remaining;
  const agent = link.port;
  const group = op.type === 'LAUNCH_GROUP';
  const groupExecutor = group ? op.launch_group?.executor : undefined;
  const known = new Set(frameworkTasks(c.core, c.fw.id).keys());
  const unreachable = new Set(c.core.unreachableTasks.get(c.fw.id)?.keys() ?? []);
  const pendingExecutors = new Map<string, ExecutorInfo>();
  let left = remaining;
  const results = tasksOf(op).map((task) => {
    const lc: LaunchContext = {
      fw: c.fw,
      agent,
      role,
      remaining: left,
      knownTaskIds: known,
      unreachableTaskIds: unreachable,
      pendingExecutors,
      operationHasId: op.id !== undefined,
    };
    const r = validateTask(lc, task, groupExecutor);
    if ('uses' in r) {
      left = subtract(left, r.uses);
      known.add(task.task_id.value);
      const exec = groupExecutor ?? task.executor;
      if (exec !== undefined) pendingExecutors.set(exec.executor_id.value, exec);
    }
    return { task, r };
  });
  const failed = results.find((x) => 'error' in x.r);
  if (failed !== undefined && 'error' in failed.r) {
    // A task group is launched whole or not at all; single tasks fail one by one.
    for (const { task, r } of results) {
      if (!group && !('error' in r)) continue;
      const msg = 'error' in r ? r.error : `Task group is invalid: ${failed.r.error}`;
      const reason = group ? 'REASON_TASK_GROUP_INVALID' : 'REASON_TASK_INVALID';
      reject(c, task, 'TASK_ERROR', reason, msg);
    }
    if (group) return remaining;
  }
  const ok = results.filter((x) => 'uses' in x.r).map((x) => x.task);
  const table = frameworkTasks(c.core, c.fw.id);
  for (const task of ok) {
    const exec = groupExecutor ?? task.executor;
    table.set(task.task_id.value, {
      frameworkId: c.fw.id,
      agentId,
      executorId: exec?.executor_id.value,
      info: task,
      state: 'TASK_STAGING',
      statusUpdateState: undefined,
      latest: undefined,
      resources: task.resources ?? [],
      statuses: [{ state: 'TASK_STAGING', timestamp: c.at / 1000 }],
      unreachableTime: undefined,
    });
    record(c, task, 'launched');
  }
  // The master sends the launch; to an agent it cannot reach now (a partition it has not
  // detected yet) the message is lost (docs/reconciliation.md).
  const to = reach(c.core, agentId);
  const fwInfo = { ...c.fw.info, id: { value: c.fw.id } };
  if (group) to?.launch(fwInfo, ok, groupExecutor, true);
  else for (const task of ok) to?.launch(fwInfo, [task], task.executor, false);
  return left;
};

/** Handles ACCEPT. */
export const accept = (core: MasterCore, fw: Framework, call: Accept): void => {
  const ids = (call.offer_ids ?? []).map((o) => o.value);
  const operations = call.operations ?? [];
  const c: Ctx = { core, fw, offerIds: ids, at: core.ctx.clock.now() };
  const checked = checkOffers(core, fw, ids);
  core.ctx.history.accept({
    at: c.at,
    frameworkId: fw.id,
    offerIds: ids,
    operations: operations.map((o) => o.type ?? 'UNKNOWN'),
    taskIds: operations.flatMap(tasksOf).map((t) => t.task_id.value),
    invalidOffers: 'error' in checked ? checked.error : undefined,
  });
  const aware = hasCapability(fw.info, 'PARTITION_AWARE');
  if ('error' in checked) {
    for (const id of ids)
      if (core.offers.get(id)?.frameworkId === fw.id) {
        core.offers.delete(id);
        core.ctx.history.offerEnded(id, 'discarded', c.at);
      }
    for (const op of operations) {
      if (op.type !== 'LAUNCH' && op.type !== 'LAUNCH_GROUP')
        drop(c, op, `Operation attempted with invalid offers: ${checked.error}`);
      for (const task of tasksOf(op)) {
        const message = `Task launched with invalid offers: ${checked.error}`;
        const state = aware ? 'TASK_DROPPED' : 'TASK_LOST';
        reject(c, task, state, 'REASON_INVALID_OFFERS', message);
      }
    }
    return;
  }
  const offers = checked.offers;
  for (const o of offers) {
    core.offers.delete(o.id);
    core.ctx.history.offerEnded(o.id, 'accepted', c.at);
  }
  const first = offers[0] as Offer;
  const link = core.agents.get(first.agentId);
  if (link === undefined || link.status !== 'registered') {
    const removed = link?.status !== 'disconnected';
    for (const task of operations.flatMap(tasksOf))
      reject(
        c,
        task,
        aware ? 'TASK_DROPPED' : 'TASK_LOST',
        removed ? 'REASON_AGENT_REMOVED' : 'REASON_AGENT_DISCONNECTED',
        removed ? 'Agent removed' : 'Agent disconnected',
      );
    return;
  }
  let remaining: Bag = offers.reduce<Bag>((b, o) => add(b, o.bag), new Map());
  for (const op of operations) {
    const launching = op.type === 'LAUNCH' || op.type === 'LAUNCH_GROUP';
    if (!launching && op.id !== undefined) {
      drop(
        c,
        op,
        `Operation on agent default resources requested feedback, but agent ${first.agentId} does not have the required AGENT_OPERATION_FEEDBACK and RESOURCE_PROVIDER capabilities`,
      );
      continue;
    }
    if (op.type === 'RESERVE' || op.type === 'UNRESERVE') {
      const r =
        op.type === 'RESERVE'
          ? reserve(fw, first.role, op.reserve?.resources ?? [], remaining, link.total)
          : unreserve(op.unreserve?.resources ?? [], remaining, link.total);
      if ('error' in r) drop(c, op, `${r.error}; on agent ${first.agentId}`);
      else {
        remaining = r.remaining;
        link.total = r.total;
      }
      continue;
    }
    if (!launching) {
      drop(c, op, 'not supported by the simulator');
      continue;
    }
    remaining = launch(c, op, first.role, first.agentId, remaining);
  }
  addFilter(core, fw, first.agentId, remaining, call.filters?.refuse_seconds);
};

/** Handles DECLINE: the offers' resources are filtered for `refuse_seconds`; unknown ids are ignored. The next allocation round re-offers what is not filtered. */
export const decline = (
  core: MasterCore,
  fw: Framework,
  call: NonNullable<SchedulerCall['decline']>,
): void => {
  for (const { value } of call.offer_ids ?? []) {
    const o = core.offers.get(value);
    if (o === undefined || o.frameworkId !== fw.id) continue;
    core.offers.delete(value);
    core.ctx.history.offerEnded(value, 'declined', core.ctx.clock.now());
    addFilter(core, fw, o.agentId, o.bag, call.filters?.refuse_seconds);
  }
};

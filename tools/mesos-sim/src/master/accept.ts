/** ACCEPT and DECLINE (`Master::accept`): offer checks, operations in order, leftovers declined. */
import { frameworkTasks, sendEvent, type MasterCore } from './core.js';
import { hasCapability, type Framework, type Offer } from '../model/framework.js';
import { add, subtract, type Bag } from '../model/resources.js';
import type { ExecutorInfo, TaskInfo } from '../wire/common.js';
import type { Operation, SchedulerCall } from '../wire/scheduler-call.js';
import { addFilter } from './allocator.js';
import { masterStatus, updateEvent } from './events.js';
import { validateTask, type LaunchContext } from './validate-task.js';

type Accept = NonNullable<SchedulerCall['accept']>;

const tasksOf = (op: Operation): TaskInfo[] =>
  op.type === 'LAUNCH'
    ? (op.launch?.task_infos ?? [])
    : op.type === 'LAUNCH_GROUP'
      ? (op.launch_group?.task_group.tasks ?? [])
      : [];

/** Checks the offers of an ACCEPT; returns them or the reason they are invalid. */
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

const reject = (
  core: MasterCore,
  fw: Framework,
  task: TaskInfo,
  state: string,
  reason: string,
  message: string,
): void =>
  sendEvent(
    core,
    fw,
    updateEvent(
      masterStatus(core.ctx.clock.now(), task.task_id.value, state, reason, message, {
        agent_id: task.agent_id,
      }),
    ),
  );

/** Handles ACCEPT. */
export const accept = (core: MasterCore, fw: Framework, call: Accept): void => {
  const ids = (call.offer_ids ?? []).map((o) => o.value);
  const operations = call.operations ?? [];
  const checked = checkOffers(core, fw, ids);
  if ('error' in checked) {
    for (const id of ids) if (core.offers.get(id)?.frameworkId === fw.id) core.offers.delete(id);
    const state = hasCapability(fw.info, 'PARTITION_AWARE') ? 'TASK_DROPPED' : 'TASK_LOST';
    for (const op of operations)
      for (const task of tasksOf(op))
        reject(
          core,
          fw,
          task,
          state,
          'REASON_INVALID_OFFERS',
          `Task launched with invalid offers: ${checked.error}`,
        );
    return;
  }
  const offers = checked.offers;
  for (const o of offers) core.offers.delete(o.id);
  const first = offers[0] as Offer;
  const agent = core.agents.get(first.agentId);
  let remaining: Bag = offers.reduce<Bag>((b, o) => add(b, o.bag), new Map());
  const known = new Set(frameworkTasks(core, fw.id).keys());
  const pendingExecutors = new Map<string, ExecutorInfo>();
  const fwInfo = { ...fw.info, id: { value: fw.id } };
  for (const op of operations) {
    if (op.type !== 'LAUNCH' && op.type !== 'LAUNCH_GROUP') {
      core.ctx.log(`master: dropping unsupported operation ${op.type ?? 'UNKNOWN'}`);
      continue;
    }
    const group = op.type === 'LAUNCH_GROUP';
    const groupExecutor = group ? op.launch_group?.executor : undefined;
    const tasks = tasksOf(op);
    if (agent === undefined || !agent.isActive()) {
      for (const task of tasks)
        reject(core, fw, task, 'TASK_LOST', 'REASON_AGENT_REMOVED', 'Agent is not available');
      continue;
    }
    const results = tasks.map((task) => {
      const c: LaunchContext = {
        fw,
        agent,
        role: first.role,
        remaining,
        knownTaskIds: known,
        pendingExecutors,
        operationHasId: op.id !== undefined,
      };
      const r = validateTask(c, task, groupExecutor);
      if ('uses' in r) {
        remaining = subtract(remaining, r.uses);
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
        reject(
          core,
          fw,
          task,
          'TASK_ERROR',
          group ? 'REASON_TASK_GROUP_INVALID' : 'REASON_TASK_INVALID',
          msg,
        );
      }
      if (group) continue;
    }
    const ok = results.filter((x) => 'uses' in x.r).map((x) => x.task);
    const table = frameworkTasks(core, fw.id);
    for (const task of ok) {
      const exec = groupExecutor ?? task.executor;
      table.set(task.task_id.value, {
        frameworkId: fw.id,
        agentId: agent.id,
        executorId: exec?.executor_id.value,
        info: task,
        state: 'TASK_STAGING',
        statusUpdateState: undefined,
        latest: undefined,
        resources: task.resources ?? [],
      });
    }
    if (group) agent.launch(fwInfo, ok, groupExecutor, true);
    else for (const task of ok) agent.launch(fwInfo, [task], task.executor, false);
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
    addFilter(core, fw, o.agentId, o.bag, call.filters?.refuse_seconds);
  }
};

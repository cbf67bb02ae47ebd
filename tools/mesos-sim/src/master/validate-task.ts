/** Task validation, in the order of `task::internal::validateTask` (reference §1.10). */
import { hasCapability } from '../model/framework.js';
import type { Framework } from '../model/framework.js';
import type { AgentPort } from '../model/ports.js';
import { add, contains, reservationOf, toBag, type Bag } from '../model/resources.js';
import type { ExecutorInfo, Resource, TaskInfo } from '../wire/common.js';

/** `validateID`: non-empty, at most 255 chars, not `.`/`..`, no control chars, `/` or `\`. */
export const validateId = (id: string): string | undefined => {
  if (id === '') return 'ID must not be empty';
  if (id.length > 255) return 'ID must not be greater than 255 characters';
  if (id === '.' || id === '..') return "'.' and '..' are disallowed for ID";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f/\\]/.test(id))
    return "ID must not contain control characters, '/' or '\\'";
  return undefined;
};

/** Canonical JSON (sorted keys) for comparing ExecutorInfos. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : x,
  );

const sameExecutor = (a: ExecutorInfo, b: ExecutorInfo, frameworkId: string): boolean =>
  canonical({ ...a, framework_id: { value: frameworkId } }) ===
  canonical({ ...b, framework_id: { value: frameworkId } });

/**
 * A task's resource must be unreserved or reserved for the offer's role, and allocated to that
 * role; the master injects the offer's `allocation_info` where the scheduler left it out
 * (`protobuf::injectAllocationInfo` in `Master::accept`).
 */
const formMatches = (fw: Framework, role: string, r: Resource): boolean => {
  const res = reservationOf(r);
  if (res !== undefined && res.role !== role) return false;
  if (hasCapability(fw.info, 'MULTI_ROLE'))
    return r.allocation_info === undefined || r.allocation_info.role === role;
  return r.allocation_info === undefined;
};

/** What a launch is checked against. */
export interface LaunchContext {
  readonly fw: Framework;
  readonly agent: AgentPort;
  readonly role: string;
  /** Offered resources not yet used by earlier operations of the same ACCEPT. */
  readonly remaining: Bag;
  /** Task ids already known for the framework (active, plus earlier tasks of this ACCEPT). */
  readonly knownTaskIds: ReadonlySet<string>;
  /** Task ids in the framework's unreachable task cache. */
  readonly unreachableTaskIds: ReadonlySet<string>;
  /** Executors already launched by earlier tasks of this ACCEPT. */
  readonly pendingExecutors: ReadonlyMap<string, ExecutorInfo>;
  readonly operationHasId: boolean;
}

/**
 * Validates one task; returns the error message or the resources it consumes
 * (its own plus its executor's when that executor is not yet running).
 */
export const validateTask = (
  c: LaunchContext,
  task: TaskInfo,
  executor: ExecutorInfo | undefined,
): { error: string } | { uses: Bag } => {
  const idError = validateId(task.task_id.value);
  if (idError !== undefined)
    return { error: `Task ID '${task.task_id.value}' is invalid: ${idError}` };
  // validation.cpp `validateUniqueTaskID`.
  if (c.knownTaskIds.has(task.task_id.value))
    return { error: `Task has duplicate ID: ${task.task_id.value}` };
  if (c.unreachableTaskIds.has(task.task_id.value))
    return { error: `Task reuses the ID of an unreachable task: ${task.task_id.value}` };
  if (task.agent_id.value !== c.agent.id)
    return {
      error: `Task uses invalid agent ${task.agent_id.value} while agent ${c.agent.id} is expected`,
    };
  const grace = task.kill_policy?.grace_period?.nanoseconds;
  if (grace !== undefined && grace < 0)
    return { error: "Task's `kill_policy.grace_period` must be non-negative" };
  const resources = task.resources ?? [];
  if (resources.length === 0) return { error: 'Task uses no resources' };
  if (!resources.every((r) => formMatches(c.fw, c.role, r)))
    return {
      error: `Task resources must be allocated to role '${c.role}' in the form the offer used`,
    };
  if (executor === undefined && (task.command === undefined) === (task.executor === undefined))
    return {
      error: 'Task should have at least one (but not both) of CommandInfo or ExecutorInfo present',
    };
  if (executor !== undefined && task.executor !== undefined)
    return { error: "'TaskInfo.executor' must not be set in a task group" };
  if (
    executor !== undefined &&
    (executor.type ?? 'CUSTOM') === 'DEFAULT' &&
    task.command === undefined
  )
    return { error: "A task of a task group run by the DEFAULT executor must have 'command'" };
  if (c.operationHasId) return { error: 'The `id` field cannot be set on LAUNCH operations' };
  const exec = executor ?? task.executor;
  let uses = toBag(resources);
  if (exec !== undefined) {
    const type = exec.type ?? 'CUSTOM';
    if (executor === undefined && type !== 'CUSTOM')
      return { error: "'ExecutorInfo.type' must be 'CUSTOM' for a LAUNCH" };
    if (type === 'CUSTOM' && exec.command === undefined)
      return { error: "'ExecutorInfo.command' must be set for a custom executor" };
    if (exec.framework_id !== undefined && exec.framework_id.value !== c.fw.id)
      return { error: "ExecutorInfo has an invalid FrameworkID (must match the task's framework)" };
    const existing =
      c.agent.executorInfo(c.fw.id, exec.executor_id.value) ??
      c.pendingExecutors.get(exec.executor_id.value);
    if (existing !== undefined && !sameExecutor(existing, exec, c.fw.id))
      return {
        error: 'ExecutorInfo is not compatible with existing ExecutorInfo with same ExecutorID',
      };
    if (existing === undefined) {
      if (!(exec.resources ?? []).every((r) => formMatches(c.fw, c.role, r)))
        return {
          error: `Executor resources must be allocated to role '${c.role}' in the form the offer used`,
        };
      uses = add(uses, exec.resources ?? []);
    }
  }
  if (!contains(c.remaining, uses))
    return { error: 'Total resources required by task and its executor is more than available' };
  return { uses };
};

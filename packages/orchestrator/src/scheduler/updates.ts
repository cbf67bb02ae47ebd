/** Status updates: move the step (or answer the probe), then acknowledge. */
import { applyStepEvent, parseTaskId, recordDevices } from '../step-events.js';
import { DeployStepResult, ResolveDeviceResult } from '../task-data.js';
import type { DeployState } from '../state.js';
import { logLine, type Action, type StatusInput } from './io.js';
import type { SchedulerModel } from './model.js';
import type { SchedulerSettings } from './settings.js';
import { taskOutcome } from './task-states.js';

const ack = (u: StatusInput): Action[] =>
  u.uuid !== undefined && u.agentId !== undefined
    ? [{ _tag: 'acknowledge', agentId: u.agentId, taskId: u.taskId, uuid: u.uuid }]
    : [];

/** A probe's update: answered when it ends. */
const probeUpdate = (m: SchedulerModel, u: StatusInput) => {
  const probe = m.runningProbes.get(u.taskId);
  const outcome = taskOutcome(u.state);
  if (probe === undefined || outcome === undefined) return { model: m, actions: ack(u) };
  const running = new Map(m.runningProbes);
  running.delete(u.taskId);
  const decoded = outcome === 'finished' ? ResolveDeviceResult.decode(u.data) : undefined;
  const answer: Action = {
    _tag: 'probeAnswered',
    id: probe.id,
    outcome:
      decoded === undefined
        ? { ok: false, error: `${u.state}: ${u.message ?? 'no message'}` }
        : decoded._tag === 'Right'
          ? { ok: true, path: decoded.right.path }
          : { ok: false, error: 'probe answered without a path' },
  };
  return { model: { ...m, runningProbes: running }, actions: [answer, ...ack(u)] };
};

/**
 * Handles one status update. A deploy step's terminal update moves the step (finish, fail with
 * its reason, or lost); updates of older attempts and of unknown tasks are only acknowledged.
 * When the new state cannot be saved the update is not acknowledged (Mesos sends it again).
 */
export function onUpdate(
  m: SchedulerModel,
  u: StatusInput,
  settings: SchedulerSettings,
  now: number,
): { model: SchedulerModel; actions: Action[] } {
  if (m.runningProbes.has(u.taskId)) return probeUpdate(m, u);
  const id = parseTaskId(u.taskId);
  const node = id && m.deploy.nodes[id.agentId];
  const step = id && node?.steps[id.step];
  const outcome = taskOutcome(u.state);
  if (!id || !node || !step || step.status !== 'running' || step.taskId !== u.taskId || !outcome)
    return { model: m, actions: ack(u) };
  const reason = `${u.state}: ${u.message ?? 'no message'}`;
  const at = { agentId: id.agentId, step: id.step, now };
  const spec = settings.spec;
  let deploy: DeployState = m.deploy;
  let line: Action;
  if (outcome === 'finished') {
    const result = u.data === undefined ? undefined : DeployStepResult.decode(u.data);
    if (result && result._tag === 'Right' && result.right.devices)
      deploy = recordDevices(deploy, id.agentId, result.right.devices);
    deploy = applyStepEvent(deploy, spec, { ...at, event: 'finish' });
    line = logLine('info', 'step finished', { agentId: id.agentId, step: id.step });
  } else if (outcome === 'failed') {
    deploy = applyStepEvent(deploy, spec, { ...at, event: 'fail', reason });
    line = logLine('warn', 'step failed', {
      agentId: id.agentId,
      step: id.step,
      reason,
      status: deploy.nodes[id.agentId]?.steps[id.step]?.status,
    });
  } else {
    deploy = applyStepEvent(deploy, spec, { ...at, event: 'lost', reason });
    line = logLine('warn', 'step lost; it will be launched again under the same task id', {
      agentId: id.agentId,
      step: id.step,
      reason,
    });
  }
  return { model: { ...m, deploy }, actions: [line, ...ack(u)] };
}

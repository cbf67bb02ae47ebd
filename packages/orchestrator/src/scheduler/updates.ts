/** Status updates: move the step (or answer the probe), then acknowledge. */
import {
  applyStepEvent,
  parseTaskId,
  recordDevices,
  recordGatewayCertificate,
} from '../step-events.js';
import { stepFailureReason } from '../resources.js';
import { DeployStepResult, ResolveDeviceResult } from '../task-data.js';
import type { DeployState } from '../state.js';
import { logLine, type Action, type StatusInput } from './io.js';
import type { SchedulerModel } from './model.js';
import { answered } from './reconcile.js';
import { killedByUs } from './launch-timeout.js';
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
  const over = outcome !== undefined && outcome !== 'alive' && outcome !== 'unreachable';
  if (probe === undefined || !over) return { model: m, actions: ack(u) };
  const running = new Map(m.runningProbes);
  running.delete(u.taskId);
  const failed = { ok: false as const, error: `${u.state}: ${u.message ?? 'no message'}` };
  let answer: Action;
  if (probe.spec.kind === 'upgrade' || probe.spec.kind === 'membership') {
    const r = outcome === 'finished' ? DeployStepResult.decode(u.data) : undefined;
    answer = {
      _tag: 'probeAnswered',
      id: probe.id,
      outcome:
        r === undefined
          ? failed
          : r._tag === 'Right'
            ? { ok: true, path: '', result: r.right }
            : { ok: false, error: 'upgrade task answered without its result' },
    };
  } else {
    const decoded = outcome === 'finished' ? ResolveDeviceResult.decode(u.data) : undefined;
    answer = {
      _tag: 'probeAnswered',
      id: probe.id,
      outcome:
        decoded === undefined
          ? failed
          : decoded._tag === 'Right'
            ? { ok: true, path: decoded.right.path }
            : { ok: false, error: 'probe answered without a path' },
    };
  }
  return { model: { ...m, runningProbes: running }, actions: [answer, ...ack(u)] };
};

/**
 * Handles one status update. A deploy step's update moves the step: finish; fail with its reason;
 * lost (launched again under a new id); gone (lost, and the node's agent is gone for good);
 * unreachable (partitioned: kept running, nothing relaunched) and heard of again. Updates of
 * older tasks and of unknown tasks are only acknowledged; updates without a uuid (made by the
 * master) are never acknowledged. When the new state cannot be saved the update is not
 * acknowledged (Mesos sends it again).
 */
export function onUpdate(
  m: SchedulerModel,
  u: StatusInput,
  settings: SchedulerSettings,
  now: number,
): { model: SchedulerModel; actions: Action[] } {
  if (m.runningProbes.has(u.taskId)) return probeUpdate(m, u);
  const heard = answered(m, u.taskId);
  const id = parseTaskId(u.taskId);
  const node = id && heard.deploy.nodes[id.agentId];
  const step = id && node?.steps[id.step];
  // A TASK_KILLED answering our KILL of a task stuck staging: a lost launch, no attempt used.
  const outcome =
    u.state === 'TASK_KILLED' && killedByUs(m, u.taskId) ? 'lost' : taskOutcome(u.state, u.reason);
  if (!id || !node || !step || step.status !== 'running' || step.taskId !== u.taskId || !outcome)
    return { model: heard, actions: ack(u) };
  const reason = stepFailureReason(settings.spec, id.step, u);
  const at = { agentId: id.agentId, step: id.step, now };
  const fields = { agentId: id.agentId, host: node.hostname, step: id.step };
  const spec = settings.spec;
  let deploy: DeployState = heard.deploy;
  const lines: Action[] = [];
  switch (outcome) {
    case 'finished': {
      const result = u.data === undefined ? undefined : DeployStepResult.decode(u.data);
      if (result && result._tag === 'Right' && result.right.devices)
        deploy = recordDevices(deploy, id.agentId, result.right.devices);
      if (result && result._tag === 'Right' && result.right.gatewayCertificate)
        deploy = recordGatewayCertificate(deploy, id.agentId, result.right.gatewayCertificate);
      deploy = applyStepEvent(deploy, spec, { ...at, event: 'finish' });
      lines.push(logLine('info', 'step finished', { agentId: id.agentId, step: id.step }));
      break;
    }
    case 'failed':
      deploy = applyStepEvent(deploy, spec, { ...at, event: 'fail', reason });
      lines.push(
        logLine('warn', 'step failed', {
          agentId: id.agentId,
          step: id.step,
          reason,
          status: deploy.nodes[id.agentId]?.steps[id.step]?.status,
        }),
      );
      break;
    case 'lost':
    case 'gone':
      deploy = applyStepEvent(deploy, spec, { ...at, event: 'lost', reason });
      if (outcome === 'gone') deploy = markGone(deploy, id.agentId, now);
      lines.push(
        outcome === 'gone'
          ? logLine('warn', 'agent gone; its node is lost', { ...fields, reason })
          : logLine('warn', 'step lost; it will be launched again under a new task id', {
              agentId: id.agentId,
              step: id.step,
              reason,
            }),
      );
      break;
    case 'unreachable':
      if (step.unreachableSince === undefined)
        lines.push(
          logLine('warn', 'agent unreachable; its step waits for it', { ...fields, reason }),
        );
      deploy = applyStepEvent(deploy, spec, { ...at, event: 'unreachable' });
      break;
    case 'alive':
      if (step.unreachableSince === undefined) break;
      deploy = applyStepEvent(deploy, spec, { ...at, event: 'reachable' });
      lines.push(logLine('info', 'agent reachable again', fields));
      break;
  }
  return { model: { ...heard, deploy }, actions: [...lines, ...ack(u)] };
}

/** The node marked gone (its agent will not come back). */
const markGone = (s: DeployState, agentId: string, now: number): DeployState => {
  const n = s.nodes[agentId];
  return n === undefined || n.goneAt !== undefined
    ? s
    : { ...s, nodes: { ...s.nodes, [agentId]: { ...n, goneAt: now } } };
};

/** SUBSCRIBE, disconnection with `failover_timeout`, failover to a new connection, and removal. */
import type { ServerResponse } from 'node:http';
import { every } from '../clock.js';
import { uuidText } from '../ids.js';
import { frameworkRoles, hasCapability, type Framework } from '../model/framework.js';
import type { FrameworkInfo } from '../wire/common.js';
import type { SchedulerCall } from '../wire/scheduler-call.js';
import { openEventStream } from '../wire/stream.js';
import { removeOffers } from './allocator.js';
import { masterInfo, type MasterCore } from './core.js';
import { reach } from './links.js';
import { errorEvent, heartbeatEvent, subscribedEvent } from './events.js';

/** Per-instance switches that affect subscriptions. */
export interface StreamFaults {
  /** While true, no HEARTBEAT is sent. */
  stallHeartbeats: boolean;
}

const refusal = (info: FrameworkInfo): string | undefined => {
  const multi = hasCapability(info, 'MULTI_ROLE');
  if (!multi && info.roles !== undefined && info.roles.length > 0)
    return "'FrameworkInfo.roles' is set but the MULTI_ROLE capability is not";
  if (multi && info.role !== undefined)
    return "'FrameworkInfo.role' must not be set with the MULTI_ROLE capability";
  const roles = multi ? (info.roles ?? []) : [info.role ?? '*'];
  if (new Set(roles).size !== roles.length) return "'FrameworkInfo.roles' contains duplicate roles";
  for (const r of roles) {
    if (r === '*') continue;
    const bad =
      r === '' ||
      r.startsWith('/') ||
      r.endsWith('/') ||
      r.includes('//') ||
      r.split('/').some((c) => c === '.' || c === '..' || c === '*' || c.startsWith('-')) ||
      /\s/.test(r);
    if (bad) return `Role '${r}' is invalid`;
  }
  const ft = info.failover_timeout;
  if (ft !== undefined && (!Number.isFinite(ft) || ft < 0)) return 'Invalid failover_timeout';
  return undefined;
};

/** Removes a framework for good: kills its executors and tasks, drops its offers, closes its stream. */
export const removeFramework = (core: MasterCore, fw: Framework): void => {
  fw.cancelFailover?.();
  const sub = fw.subscription;
  fw.subscription = undefined;
  sub?.stopHeartbeats();
  sub?.stream.close();
  removeOffers(core, (o) => o.frameworkId === fw.id, false);
  // Agents the master cannot reach now shut the framework down when they reregister.
  for (const id of core.agents.keys()) reach(core, id)?.shutdownFramework(fw.id);
  core.tasks.delete(fw.id);
  core.unreachableTasks.delete(fw.id);
  core.frameworks.delete(fw.id);
  core.removedFrameworks.add(fw.id);
};

/** The subscription connection ended: rescind offers and start the failover timer. */
export const disconnect = (core: MasterCore, fw: Framework, streamId: string): void => {
  if (fw.subscription?.streamId !== streamId) return;
  fw.subscription.stopHeartbeats();
  fw.subscription = undefined;
  removeOffers(core, (o) => o.frameworkId === fw.id, false);
  const timeoutMs = (fw.info.failover_timeout ?? 0) * 1000;
  fw.cancelFailover?.();
  fw.cancelFailover = core.ctx.clock.setTimer(timeoutMs, () => {
    if (fw.subscription === undefined && core.frameworks.get(fw.id) === fw)
      removeFramework(core, fw);
  });
};

/** Handles SUBSCRIBE on `res` (already checked at the HTTP level); the answer is always a 200 stream. */
export const subscribe = (
  core: MasterCore,
  call: NonNullable<SchedulerCall['subscribe']>,
  res: ServerResponse,
  faults: StreamFaults,
): void => {
  const info = call.framework_info;
  const streamId = uuidText();
  const observe = (e: Record<string, unknown>): void =>
    core.ctx.observe('mesos.v1.scheduler.Event', e, 'sent');
  const requestedId = info.id?.value;
  const known = requestedId !== undefined ? core.frameworks.get(requestedId) : undefined;
  const unknownSuppressed = (call.suppressed_roles ?? []).find(
    (r) => !frameworkRoles(info).includes(r),
  );
  const refused =
    requestedId !== undefined && core.removedFrameworks.has(requestedId)
      ? 'Framework has been removed'
      : known !== undefined && known.info.principal !== info.principal
        ? `Changing framework's principal is not allowed`
        : unknownSuppressed !== undefined
          ? `Suppressed role '${unknownSuppressed}' is not contained in the list of roles`
          : refusal(info);
  if (refused !== undefined) {
    const s = openEventStream(res, { 'Mesos-Stream-Id': streamId }, observe, () => undefined);
    s.send(errorEvent(refused));
    s.close();
    return;
  }
  let fw = known;
  if (fw === undefined) {
    const id = requestedId ?? `${core.masterId}-${String(core.seq.framework++).padStart(4, '0')}`;
    fw = {
      id,
      info: { ...info, id: { value: id } },
      subscription: undefined,
      suppressed: new Set(),
      filters: new Map(),
      cancelFailover: undefined,
    };
    core.frameworks.set(id, fw);
  } else {
    // preserveImmutableFields: user and checkpoint cannot change on resubscribe.
    fw.info = {
      ...info,
      id: { value: fw.id },
      user: fw.info.user,
      ...(fw.info.checkpoint !== undefined ? { checkpoint: fw.info.checkpoint } : {}),
    };
    fw.cancelFailover?.();
    fw.cancelFailover = undefined;
    const old = fw.subscription;
    fw.subscription = undefined;
    if (old !== undefined) {
      old.stopHeartbeats();
      old.stream.send(errorEvent('Framework failed over'));
      old.stream.close();
    }
    removeOffers(core, (o) => o.frameworkId === fw?.id, false);
  }
  const framework = fw;
  framework.suppressed = new Set(call.suppressed_roles ?? []);
  const stream = openEventStream(res, { 'Mesos-Stream-Id': streamId }, observe, () =>
    disconnect(core, framework, streamId),
  );
  const beat = (): void => {
    if (!faults.stallHeartbeats) stream.send(heartbeatEvent());
  };
  const stopHeartbeats = every(core.ctx.clock, core.ctx.timing.heartbeatMs, beat);
  framework.subscription = { streamId, stream, stopHeartbeats };
  stream.send(subscribedEvent(framework.id, core.ctx.timing.heartbeatMs / 1000, masterInfo(core)));
  beat();
  for (const id of core.agents.keys()) reach(core, id)?.resumeUpdates(framework.id);
  core.allocate();
};

/**
 * UPDATE_FRAMEWORK (synchronous): `user`, `principal` and `checkpoint` cannot change (400);
 * roles, capabilities, name, failover_timeout and suppressed roles can. Returns the HTTP answer.
 */
export const updateFramework = (
  core: MasterCore,
  fw: Framework,
  u: NonNullable<SchedulerCall['update_framework']>,
): { status: number; message: string } => {
  const info = u.framework_info;
  const changed = (['user', 'principal', 'checkpoint'] as const).filter(
    (k) => (info[k] ?? undefined) !== (fw.info[k] ?? undefined),
  );
  if (changed.length > 0)
    return { status: 400, message: `Updating 'FrameworkInfo.${changed[0] ?? ''}' is unsupported` };
  const refused = refusal(info);
  if (refused !== undefined) return { status: 400, message: refused };
  fw.info = { ...info, id: { value: fw.id } };
  fw.suppressed = new Set(u.suppressed_roles ?? []);
  removeOffers(
    core,
    (o) => o.frameworkId === fw.id && !frameworkRoles(info).includes(o.role),
    true,
  );
  core.allocate();
  return { status: 200, message: '' };
};

/**
 * The Mesos channel: performs the core's Mesos actions through the scheduler client, and keeps
 * the offers it was shown (to build tasks from their resources) until they are used, declined or
 * rescinded.
 */
import {
  acceptCall,
  acknowledgeCall,
  declineCall,
  describeError,
  killCall,
  launchOperation,
  reconcileCall,
  reviveCall,
  suppressCall,
  type FrameworkID,
  type MesosError,
  type Offer,
  type OfferID,
  type SchedulerCall,
} from '@scaleio-framework/mesos';
import type { AgentFacts, OfferInput } from '@scaleio-framework/orchestrator';
import type { Either } from 'fp-ts/lib/Either.js';
import type { MesosPort, PortResult } from '../core/ports.js';
import { explainExecutorExit, type AgentAddress } from './sandbox.js';
import { agentID, offerInputOf, stepTaskInfo, taskID, type TaskSettings } from './task-info.js';

/** Sends one call; the Mesos client does the IO. */
export type CallFn = (call: SchedulerCall) => Promise<Either<MesosError, unknown>>;

/** The Mesos port over the scheduler client, plus the offer bookkeeping the event loop feeds. */
export function mesosChannel(deps: {
  call: CallFn;
  frameworkId: () => FrameworkID | undefined;
  settings: TaskSettings;
}) {
  const offers = new Map<string, Offer>();
  /** Each agent's facts from its latest offer: unchanged facts are handed on as the same object. */
  const facts = new Map<string, AgentFacts>();
  /** Where each agent listens, from its latest offer (`Offer.url.address`). */
  const agents = new Map<string, AgentAddress>();
  const send = async (build: (f: FrameworkID) => SchedulerCall): Promise<PortResult> => {
    const f = deps.frameworkId();
    if (f === undefined) return { ok: false, error: 'not subscribed' };
    const r = await deps.call(build(f));
    return r._tag === 'Right' ? { ok: true } : { ok: false, error: describeError(r.left) };
  };
  const port: MesosPort = {
    async launch(offerId, task) {
      const offer = offers.get(offerId);
      if (!offer) return { ok: false, error: `offer ${offerId} is gone` };
      offers.delete(offerId);
      const built = stepTaskInfo(task, offer, deps.settings);
      // The core decided the fit from the same totals; an offer whose resources cannot be carved
      // anyway is handed back to the core, which declines it with its own refuse seconds.
      if ('shortfall' in built) return { ok: false, error: built.shortfall, offerUnused: true };
      return send((f) => acceptCall(f, [offer.id], [launchOperation([built.task])]));
    },
    decline: (ids, refuseSeconds) => {
      const known = ids
        .map((id) => offers.get(id)?.id)
        .filter((x): x is OfferID => x !== undefined);
      for (const id of ids) offers.delete(id);
      return known.length === 0
        ? Promise.resolve({ ok: true })
        : send((f) => declineCall(f, known, refuseSeconds));
    },
    suppress: () => send((f) => suppressCall(f, [deps.settings.role])),
    revive: () => send((f) => reviveCall(f, [deps.settings.role])),
    acknowledge: (agentId, taskId, uuid) =>
      send((f) => acknowledgeCall(f, agentID(agentId), taskID(taskId), uuid)),
    kill: (agentId, taskId) =>
      send((f) => killCall(f, taskID(taskId), { agentId: agentID(agentId) })),
    reconcile: (tasks) =>
      send((f) =>
        reconcileCall(
          f,
          tasks.map((t) => ({
            taskId: taskID(t.taskId),
            agentId: agentID(t.agentId),
          })),
        ),
      ),
  };
  return {
    port,
    /** Records offers and returns them as the core's inputs. */
    offered(list: readonly Offer[]): OfferInput[] {
      for (const o of list) {
        offers.set(o.id.value, o);
        const a = o.url?.address;
        if (a?.ip === undefined || a.port === undefined) continue;
        const known = agents.get(o.agent_id.value);
        if (known?.ip !== a.ip || known.port !== a.port)
          agents.set(o.agent_id.value, { ip: a.ip, port: a.port });
      }
      return list.map((o) => {
        const previous = facts.get(o.agent_id.value);
        const input = offerInputOf(o, deps.settings, previous);
        if (input.agent !== previous) facts.set(o.agent_id.value, input.agent);
        return input;
      });
    },
    /** Forgets a rescinded offer. */
    rescinded(offerId: string) {
      offers.delete(offerId);
    },
    /** A status update's message with the stderr of its executor when that ended it. */
    explainExit: explainExecutorExit({
      agentAddress: (id) => agents.get(id),
      frameworkId: () => deps.frameworkId()?.value,
    }),
  };
}

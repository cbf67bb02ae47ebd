/**
 * The shell of lost MDM member replacement: each round takes the tick's observation (the MDM
 * cluster as the gateway reported it, `./observe.ts`), asks the pure `decideMembership` what to do,
 * saves the ledger before every effect (the intent: a restarted scheduler resumes each entry at its
 * stage), and runs each effect as a task on a node's executor (the scheduler core's `probe`): the
 * MDM package on the spare, `scli` membership commands on the primary. Results come back as ledger
 * events. The operator approves entries (mode `approval`) and retries failed ones.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import {
  decideMembership,
  emptyMembershipLedger,
  membershipEvent,
  membershipTask,
  MembershipLedger,
  type AgentFacts,
  type AgentId,
  type DeployState,
  type MdmClusterView,
  type MembershipAction,
  type MembershipSettings,
  type MembershipTaskSpec,
  type SchedulerSettings,
} from '@scaleio-framework/orchestrator';
import type { MdmCluster } from '@scaleio-framework/scaleio';
import { describeStateError, document, type StateStore } from '@scaleio-framework/state';
import type { Log } from '../core/ports.js';
import type { ProbeOutcome } from '../core/shell.js';
import type { MembershipObservation } from './observe.js';

/** The state key of the membership ledger. */
export const membershipKey = 'scaleio-membership';

/** The cluster view of a gateway's `MdmCluster` (first IP of each member). */
export const clusterViewOf = (c: MdmCluster): MdmClusterView | undefined => {
  const ip = (n: { ips?: readonly string[] | null | undefined }) => n.ips?.[0] ?? '';
  if (c.master === undefined) return undefined;
  // A member the MDM reports not `Normal` (`Disconnected`: the 2.6 capture of a degraded cluster,
  // reference scaleio-api.md §6.1).
  const down = [...(c.slaves ?? []), ...(c.tieBreakers ?? [])].filter(
    (n) => n.status !== undefined && n.status !== null && n.status !== 'Normal',
  );
  return {
    disconnectedIps: down.map(ip),
    masterIp: ip(c.master),
    slaveIps: (c.slaves ?? []).map(ip),
    tieBreakerIps: (c.tieBreakers ?? []).map(ip),
    standbys: (c.standbyMDMs ?? []).map((n) => ({
      ip: ip(n),
      role: n.role === 'TieBreaker' ? ('TieBreaker' as const) : ('Manager' as const),
    })),
  };
};

/** Dependencies of {@link createReplacer}. */
export interface ReplacerDeps {
  readonly store: StateStore;
  readonly settings: MembershipSettings;
  readonly agents: () => ReadonlyMap<AgentId, AgentFacts>;
  readonly scheduler: () => SchedulerSettings;
  /** Runs a task on an agent's executor (the scheduler core's `probe`). */
  readonly runTask: (
    agentId: AgentId,
    spec: MembershipTaskSpec,
    signal: AbortSignal,
  ) => Promise<ProbeOutcome>;
  readonly taskTimeoutMs: number;
  readonly log: Log;
  readonly now: () => number;
  /** Called with the ledger after every change (status, history). */
  readonly observe?: (l: MembershipLedger) => void;
}

/** An operator action's outcome. */
export type ReplacerActionOutcome =
  { readonly ok: true } | { readonly ok: false; readonly error: string };

/** Lost member replacement of one scheduler. */
export function createReplacer(d: ReplacerDeps) {
  const doc = document(d.store, { key: membershipKey, codec: MembershipLedger, schemaVersion: 1 });
  let ledger: MembershipLedger | undefined;
  const inFlight = new Set<string>();
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <A>(f: () => Promise<A>): Promise<A> => {
    const p = chain.then(f, f);
    chain = p.catch(() => undefined);
    return p;
  };
  let said = '';
  const once = (msg: string, fields: Record<string, unknown>) => {
    const key = `${msg} ${JSON.stringify(fields)}`;
    if (key !== said) d.log.warn(msg, fields);
    said = key;
  };

  const load = async (): Promise<MembershipLedger | undefined> => {
    if (ledger !== undefined) return ledger;
    const r = await doc.read();
    if (isLeft(r)) {
      once('membership ledger unreadable; replacement waits', {
        error: describeStateError(r.left),
      });
      return undefined;
    }
    ledger = r.right?.value ?? emptyMembershipLedger();
    d.observe?.(ledger);
    return ledger;
  };

  /** Saves first, then adopts: the intent is on disk before its effect. */
  const save = async (next: MembershipLedger): Promise<boolean> => {
    if (next === ledger) return true;
    const w = await doc.update(() => next);
    if (isLeft(w)) {
      once('membership ledger not saved; the step waits', { error: describeStateError(w.left) });
      return false;
    }
    ledger = next;
    d.observe?.(next);
    return true;
  };

  /** The task of an action, in the background; its result is recorded through the chain. */
  const launch = (a: MembershipAction, key: string, deploy: DeployState) => {
    const task = membershipTask(deploy, d.scheduler(), a);
    if (task === undefined) return;
    inFlight.add(key);
    const what = a._tag === 'installMdm' ? `install ${a.role} MDM` : a.command.op;
    const host = a._tag === 'installMdm' ? a.spare.hostname : a.primary.hostname;
    d.log.info('membership step started', { entry: a.entryId, step: what, host });
    void d
      .runTask(task.agentId as AgentId, task.spec, AbortSignal.timeout(d.taskTimeoutMs))
      .then((o) =>
        serial(async () => {
          inFlight.delete(key);
          const l = await load();
          if (l === undefined) return;
          const next = membershipEvent(
            l,
            a.entryId,
            o.ok ? 'applied' : 'fail',
            d.settings,
            d.now(),
            o.ok ? `${what} on ${host}` : `${what} on ${host}: ${o.error}`,
          );
          await save(next);
          (o.ok ? d.log.info : d.log.warn)(
            o.ok ? 'membership step done' : 'membership step failed',
            { entry: a.entryId, step: what, host, ...(o.ok ? {} : { error: o.error }) },
          );
        }),
      );
  };

  /** One round from the tick's observation: decide, save, perform. */
  const round = (seen: Pick<MembershipObservation, 'atMs' | 'deploy' | 'cluster'>) =>
    serial(async () => {
      const l = await load();
      if (l === undefined) return;
      const c = seen.cluster;
      const view = isLeft(c) ? undefined : clusterViewOf(c.right);
      if (isLeft(c)) once('membership waits: the MDM cluster cannot be read', { error: c.left });
      const r = decideMembership(
        l,
        seen.deploy,
        d.agents(),
        view,
        d.scheduler().spec,
        d.settings,
        seen.atMs,
      );
      for (const n of r.notes) once(n, {});
      if (!(await save(r.ledger))) return;
      for (const a of r.actions) {
        const stage = r.ledger.entries.find((e) => e.id === a.entryId)?.stage ?? '';
        const key = `${a.entryId}/${stage}`;
        if (!inFlight.has(key)) launch(a, key, seen.deploy);
      }
    });

  const operator = (id: string, event: 'approve' | 'retry') =>
    serial(async (): Promise<ReplacerActionOutcome> => {
      const l = await load();
      if (l === undefined) return { ok: false, error: 'the membership ledger cannot be read' };
      const e = l.entries.find((x) => x.id === id);
      if (e === undefined) return { ok: false, error: `no replacement ${id}` };
      const next = membershipEvent(l, id, event, d.settings, d.now(), `operator ${event}`);
      if (next === l)
        return { ok: false, error: `replacement ${id} is ${e.stage}: ${event} does not apply` };
      return (await save(next))
        ? { ok: true }
        : { ok: false, error: 'the membership ledger could not be saved' };
    });

  return {
    /** One round (on a timer) from the tick's observation. */
    round,
    /** Operator: let a replacement waiting for approval go ahead. */
    approve: (id: string) => operator(id, 'approve'),
    /** Operator: try a failed replacement again. */
    retry: (id: string) => operator(id, 'retry'),
    /** The ledger as last read or saved. */
    ledger: (): MembershipLedger | undefined => ledger,
  };
}

/** The lost member replacement of one scheduler. */
export type Replacer = ReturnType<typeof createReplacer>;

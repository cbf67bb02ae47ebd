/**
 * The rolling upgrade's shell: each round reads the system through the gateway, asks the pure
 * `decideUpgrade` what to do, saves the state before every effect (the intent), and performs it —
 * an upgrade task on a node's executor (in the background: the next rounds see it running), SDS
 * maintenance through the gateway. A configured version the gateway does not show everywhere
 * starts a plan; the operator pauses and resumes it.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import {
  applyUpgradeEvent,
  decideUpgrade,
  deployComplete,
  gatewayVersionOf,
  outdated,
  pauseUpgrade,
  recoverUpgrade,
  startUpgrade,
  upgradePlan,
  upgradeTaskSpec,
  UpgradeState,
  type AgentId,
  type DeployState,
  type SchedulerSettings,
  type UpgradeStepDef,
  type UpgradeTaskSpec,
} from '@scaleio-framework/orchestrator';
import { describeStateError, document, type StateStore } from '@scaleio-framework/state';
import type { Log } from '../core/ports.js';
import type { ProbeOutcome } from '../core/shell.js';
import type { UpgradeGateway } from './facts.js';
import { upgradeView, type UpgradeView } from './view.js';

/** The state key of the upgrade. */
export const upgradeKey = 'scaleio-upgrade';

/** Dependencies of {@link createUpgrader}. */
export interface UpgraderDeps {
  readonly store: StateStore;
  /** The package version configured now (the upgrade's target). */
  readonly target: string;
  readonly mode: 'full' | 'existing';
  readonly deploy: () => DeployState;
  readonly settings: () => SchedulerSettings;
  /** The gateway once it answers; undefined before. */
  readonly gateway: () => UpgradeGateway | undefined;
  /** Runs an upgrade task on the agent's executor (the scheduler core's `probe`). */
  readonly runTask: (
    agentId: AgentId,
    spec: UpgradeTaskSpec,
    signal: AbortSignal,
  ) => Promise<ProbeOutcome>;
  readonly log: Log;
  readonly now: () => number;
  /** How long an applied step may take to show healthy at the target version. */
  readonly verifyTimeoutMs: number;
  /** How long one node's task may run. */
  readonly taskTimeoutMs: number;
  /** Called with the view after every round and change (status, dashboard, metrics). */
  readonly observe?: (v: UpgradeView | undefined) => void;
}

/** An operator action's outcome. */
export type UpgradeActionOutcome =
  { readonly ok: true } | { readonly ok: false; readonly error: string };

/** The rolling upgrade of one scheduler. */
export function createUpgrader(d: UpgraderDeps) {
  const doc = document(d.store, { key: upgradeKey, codec: UpgradeState, schemaVersion: 1 });
  let current: UpgradeState | undefined;
  let loaded = false;
  let reason = '';
  /** The last decision was `stopped` (a failed step, everything around it cleaned up). */
  let stopped = false;
  let said = '';
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <A>(f: () => Promise<A>): Promise<A> => {
    const p = chain.then(f, f);
    chain = p.catch(() => undefined);
    return p;
  };
  const plan = (): UpgradeStepDef[] => upgradePlan(d.deploy(), d.mode);
  const publish = () => d.observe?.(current && upgradeView(current, plan(), reason, stopped));
  /** Logs a line once per distinct text (a round repeats its reason every few seconds). */
  const once = (level: 'info' | 'warn', msg: string, fields: Record<string, unknown>) => {
    const key = `${msg} ${JSON.stringify(fields)}`;
    if (key === said) return;
    said = key;
    d.log[level](msg, fields);
  };

  /** Saves first, then adopts: the intent is on disk before its effect. */
  const save = async (next: UpgradeState): Promise<boolean> => {
    const w = await doc.update(() => next);
    if (isLeft(w)) {
      once('warn', 'upgrade state not saved; the step waits', {
        error: describeStateError(w.left),
      });
      return false;
    }
    current = next;
    publish();
    return true;
  };

  const load = async (): Promise<boolean> => {
    if (loaded) return true;
    const r = await doc.read();
    if (isLeft(r)) {
      once('warn', 'upgrade state unreadable; the upgrade waits', {
        error: describeStateError(r.left),
      });
      return false;
    }
    loaded = true;
    const saved = r.right?.value;
    current = saved === undefined ? undefined : recoverUpgrade(saved, d.now());
    if (saved !== undefined && current !== saved && current !== undefined) await save(current);
    return true;
  };

  /** The task of a step, in the background; its end is recorded through the serial chain. */
  const launch = (step: UpgradeStepDef, spec: UpgradeTaskSpec) => {
    const started = d.now();
    void d.runTask(step.agentId, spec, AbortSignal.timeout(d.taskTimeoutMs)).then((o) =>
      serial(async () => {
        if (current === undefined) return;
        const ok = o.ok;
        const next = applyUpgradeEvent(current, step.id, ok ? 'applied' : 'fail', d.now(), {
          ...(ok ? { reported: o.result?.versions ?? {} } : { error: o.error }),
        });
        if (!(await save(next))) return;
        (ok ? d.log.info : d.log.warn)(ok ? 'upgrade task done' : 'upgrade task failed', {
          step: step.id,
          host: step.hostname,
          ms: d.now() - started,
          ...(ok ? { versions: o.result?.versions ?? {} } : { error: o.error }),
        });
      }),
    );
  };

  /** One pass: read, decide, perform; a maintenance change is followed by a fresh read. */
  const pass = async (): Promise<void> => {
    if (!(await load())) return;
    const deploy = d.deploy();
    const g = d.gateway();
    if (!deployComplete(deploy) || g === undefined) return;
    for (let i = 0; i < 8; i++) {
      const f = await g.facts();
      if (isLeft(f)) {
        reason = `reading the system: ${f.left}`;
        once('warn', 'upgrade waits: the system cannot be read', { error: f.left });
        return publish();
      }
      if (current === undefined || current.target !== d.target) {
        const old = outdated(f.right, d.target);
        if (old.length === 0) return publish();
        const steps = plan();
        const from = f.right.mdms.find((m) => m.role === 'master')?.version ?? old[0] ?? '?';
        if (!(await save(startUpgrade(steps, d.target, from, d.now())))) return;
        d.log.info('rolling upgrade started', {
          from,
          to: d.target,
          reported: gatewayVersionOf(d.target),
          steps: steps.length,
          outdated: old.length,
        });
      }
      const state = current as UpgradeState;
      const r = decideUpgrade(
        state,
        plan(),
        f.right,
        { target: d.target, verifyTimeoutMs: d.verifyTimeoutMs },
        d.now(),
      );
      if (r.state !== state && !(await save(r.state))) return;
      const a = r.action;
      stopped = a._tag === 'stopped';
      switch (a._tag) {
        case 'wait':
          reason = a.reason;
          return publish();
        case 'finished':
          reason = '';
          once('info', 'rolling upgrade finished', { to: d.target });
          return publish();
        case 'stopped':
          reason = `stopped at ${a.step.id} (${a.step.hostname}): ${a.error}`;
          once('warn', 'rolling upgrade stopped; resume it when the node is fixed', {
            step: a.step.id,
            host: a.step.hostname,
            error: a.error,
          });
          return publish();
        case 'maintenance': {
          const id = f.right.sdsIds[a.step.ip];
          const m =
            id === undefined
              ? { _tag: 'Left' as const, left: `no SDS with IP ${a.step.ip}` }
              : await g.maintenance(id, a.enter);
          if (isLeft(m)) {
            reason = `${a.enter ? 'entering' : 'leaving'} maintenance on ${a.step.ip}: ${m.left}`;
            once('warn', 'SDS maintenance mode refused; tried again next round', {
              host: a.step.hostname,
              error: m.left,
            });
            return publish();
          }
          d.log.info(a.enter ? 'SDS entered maintenance mode' : 'SDS left maintenance mode', {
            host: a.step.hostname,
          });
          continue;
        }
        case 'run': {
          const spec = upgradeTaskSpec(deploy, d.settings(), a.step);
          const now = d.now();
          if (spec === undefined) {
            await save(
              applyUpgradeEvent(
                applyUpgradeEvent(state, a.step.id, 'start', now),
                a.step.id,
                'fail',
                now,
                {
                  error: `node ${a.step.agentId} is not in the deploy state`,
                },
              ),
            );
            continue;
          }
          if (!(await save(applyUpgradeEvent(r.state, a.step.id, 'start', now)))) return;
          d.log.info('upgrade step started', { step: a.step.id, host: a.step.hostname });
          reason = `${a.step.id} is running`;
          launch(a.step, spec);
          return publish();
        }
      }
    }
  };

  const operator = (paused: boolean) =>
    serial(async (): Promise<UpgradeActionOutcome> => {
      if (!(await load())) return { ok: false, error: 'the upgrade state cannot be read' };
      if (current === undefined || current.finishedAt !== undefined)
        return { ok: false, error: 'no rolling upgrade is in progress' };
      if (!(await save(pauseUpgrade(current, paused, d.now()))))
        return { ok: false, error: 'the upgrade state could not be saved' };
      d.log.info(paused ? 'rolling upgrade paused' : 'rolling upgrade resumed', {});
      return { ok: true };
    });

  return {
    /** One round (on a timer). */
    round: () => serial(pass),
    /** Operator: no further node starts (one under way finishes). */
    pause: () => operator(true),
    /** Operator: continue, retrying the step that stopped the plan. */
    resume: () => operator(false),
    /** The persisted upgrade as the status shows it, or undefined when none ever ran. */
    view: (): UpgradeView | undefined => current && upgradeView(current, plan(), reason, stopped),
  };
}

/** The rolling upgrade's interface. */
export type Upgrader = ReturnType<typeof createUpgrader>;

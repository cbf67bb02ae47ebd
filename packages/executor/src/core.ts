import type * as t from 'io-ts';
import {
  ResolveDeviceSpec,
  DeployStepSpec,
  type ResolveDeviceResult,
  type DeployStepResult,
} from '@scaleio-framework/orchestrator';

/**
 * Where a step spec did not decode and what was expected there: paths and type names only, never
 * a value (the spec may carry the admin password; a message goes to Mesos and the scheduler log).
 */
export const decodeProblems = (errors: t.Errors): string =>
  errors
    .slice(0, 3)
    .map((e) => {
      const path = e.context
        .map((c) => c.key)
        .filter((k) => k !== '' && !/^\d+$/.test(k))
        .join('.');
      return `${path === '' ? '(the spec)' : path}: expected ${e.context.at(-1)?.type.name ?? '?'}`;
    })
    .join('; ');

/** Outcome of running one step on this node. */
export type StepOutcome =
  | { readonly ok: true; readonly result: DeployStepResult }
  | { readonly ok: false; readonly error: string };

/** Runs one install step on this node (the installers package behind it). */
export interface StepRunner {
  run(spec: DeployStepSpec, signal: AbortSignal): Promise<StepOutcome>;
}

/** A status update the executor sends (the Mesos adapter adds uuid, timestamps, ids). */
export interface StepUpdate {
  readonly taskId: string;
  readonly state: 'TASK_RUNNING' | 'TASK_FINISHED' | 'TASK_FAILED' | 'TASK_KILLED' | 'TASK_ERROR';
  readonly message?: string;
  /** JSON for `TaskStatus.data`. */
  readonly data?: DeployStepResult | ResolveDeviceResult;
}

/** Dependencies of the executor core. */
export interface ExecutorDeps {
  readonly runner: StepRunner;
  /** Device-resolution probes (capacity healing); absent: such tasks fail with a message. */
  readonly resolve?: (
    spec: ResolveDeviceSpec,
  ) => Promise<{ ok: true; path: string } | { ok: false; error: string }>;
  readonly send: (u: StepUpdate) => Promise<void>;
  readonly log: (msg: string, fields?: Record<string, unknown>) => void;
}

/**
 * The executor's core: a LAUNCH carries a step spec in `TaskInfo.data`; the step runs on this
 * node and its result goes back in `TaskStatus.data`. Steps of one node run one at a time (the
 * scheduler launches them so); KILL aborts the step and reports TASK_KILLED; SHUTDOWN kills all.
 * A spec that does not decode is answered with TASK_ERROR naming what was wrong.
 */
export function createExecutorCore(deps: ExecutorDeps) {
  const running = new Map<string, AbortController>();
  const finished = new Set<string>();
  const active = new Set<Promise<void>>();

  const launch = (taskId: string, data: unknown): void => {
    if (running.has(taskId) || finished.has(taskId)) return; // a relaunch of a known task
    if (ResolveDeviceSpec.is(data)) return probe(taskId, data);
    const decoded = DeployStepSpec.decode(data);
    if (decoded._tag === 'Left') {
      const why = decodeProblems(decoded.left);
      finished.add(taskId);
      void deps.send({
        taskId,
        state: 'TASK_ERROR',
        message: `bad step spec in TaskInfo.data: ${why}`,
      });
      return;
    }
    const spec = decoded.right;
    const ctl = new AbortController();
    running.set(taskId, ctl);
    const p = (async () => {
      await deps.send({ taskId, state: 'TASK_RUNNING', message: `running ${spec.step}` });
      deps.log('step started', { taskId, step: spec.step });
      let outcome: StepOutcome;
      try {
        outcome = await deps.runner.run(spec, ctl.signal);
      } catch (e) {
        outcome = { ok: false, error: `step crashed: ${(e as Error).message}` };
      }
      running.delete(taskId);
      finished.add(taskId);
      if (ctl.signal.aborted) {
        await deps.send({ taskId, state: 'TASK_KILLED', message: `${spec.step} killed` });
      } else if (outcome.ok) {
        deps.log('step finished', { taskId, step: spec.step });
        await deps.send({
          taskId,
          state: 'TASK_FINISHED',
          message: `${spec.step} done`,
          data: outcome.result,
        });
      } else {
        deps.log('step failed', { taskId, step: spec.step, error: outcome.error });
        await deps.send({ taskId, state: 'TASK_FAILED', message: outcome.error });
      }
    })();
    active.add(p);
    void p.finally(() => active.delete(p));
  };

  const probe = (taskId: string, spec: ResolveDeviceSpec): void => {
    running.set(taskId, new AbortController());
    const p = (async () => {
      await deps.send({ taskId, state: 'TASK_RUNNING', message: `resolving ${spec.volumeId}` });
      const r = deps.resolve
        ? await deps.resolve(spec).catch((e: Error) => ({ ok: false as const, error: e.message }))
        : { ok: false as const, error: 'this executor cannot resolve devices' };
      running.delete(taskId);
      finished.add(taskId);
      deps.log(r.ok ? 'device resolved' : 'device not resolved', {
        taskId,
        volume: spec.volumeId,
        ...(r.ok ? { path: r.path } : { error: r.error }),
      });
      await deps.send(
        r.ok
          ? {
              taskId,
              state: 'TASK_FINISHED',
              message: r.path,
              data: { kind: 'resolve-device', path: r.path },
            }
          : { taskId, state: 'TASK_FAILED', message: r.error },
      );
    })();
    active.add(p);
    void p.finally(() => active.delete(p));
  };

  return {
    /** A LAUNCH event: `data` is the decoded JSON of `TaskInfo.data`. */
    launch,
    /** A KILL event. Unknown or finished tasks: TASK_KILLED is still reported, as Mesos expects. */
    kill: (taskId: string) => {
      const ctl = running.get(taskId);
      if (ctl) ctl.abort();
      else if (!finished.has(taskId)) {
        finished.add(taskId);
        void deps.send({ taskId, state: 'TASK_KILLED', message: 'killed before it started' });
      }
    },
    /** A SHUTDOWN event: abort every step and wait for their last updates. */
    shutdown: async () => {
      for (const c of running.values()) c.abort();
      await Promise.allSettled([...active]);
    },
    /** Waits for every step in flight (tests, graceful exit). */
    idle: async () => {
      await Promise.allSettled([...active]);
    },
    /** Task ids still running. */
    running: () => [...running.keys()],
  };
}

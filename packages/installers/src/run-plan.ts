/**
 * Runs a {@link Plan} on a {@link Host}: for each step, check; when pending, apply its actions and
 * check again. Stops at the first failure with a {@link StepError}. A finished plan applies
 * nothing when run again; a plan stopped half-way finishes when run again.
 */
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import type { HostError } from './errors.js';
import { requireSuccess, type Host } from './host.js';
import type { Action, Plan, InstallStep } from './plan.js';
import { redact, type Secret } from './secret.js';
import { verifyFile } from './verify.js';

/** Why a plan stopped. `cause` is the host error, or absent when a check blocked or did not pass. */
export interface StepError {
  readonly _tag: 'StepError';
  readonly component: string;
  readonly stepId: string;
  readonly phase: 'check' | 'apply' | 'verify';
  readonly cause?: HostError;
  /** A clear message naming the step, secrets redacted. */
  readonly message: string;
}

/** What happened to one step. */
export interface StepReport {
  readonly component: string;
  readonly stepId: string;
  readonly description: string;
  readonly outcome: 'already-done' | 'applied' | 'would-apply' | 'failed' | 'blocked';
  readonly detail: string;
  readonly durationMs: number;
}

/** The result of {@link runPlan}. */
export interface PlanReport {
  readonly planId: string;
  readonly ok: boolean;
  readonly steps: readonly StepReport[];
  /** Number of steps applied in this run. */
  readonly applied: number;
  readonly error?: StepError;
}

/** Options of {@link runPlan}. */
export interface RunPlanOptions {
  /** Check only; report `would-apply` for pending steps and apply nothing. */
  readonly checkOnly?: boolean;
  /** Injected clock in milliseconds (default `Date.now`). */
  readonly now?: () => number;
  /** Called after each step with its (redacted) report. */
  readonly onStep?: (r: StepReport) => void;
  /** Stops before the next step when aborted (executor KILL/SHUTDOWN). */
  readonly signal?: AbortSignal;
}

/** Runs one action on the host. */
export const applyAction = async (host: Host, a: Action): Promise<Either<HostError, void>> => {
  switch (a.kind) {
    case 'run': {
      const req = {
        argv: a.argv,
        ...(a.env === undefined ? {} : { env: a.env }),
        ...(a.stdin === undefined ? {} : { stdin: a.stdin }),
        ...(a.timeoutMs === undefined ? {} : { timeoutMs: a.timeoutMs }),
      };
      const r = requireSuccess(await host.run(req), a.accept ?? [0]);
      if (isLeft(r)) return r;
      if (a.expect !== undefined && !a.expect.test(r.right.stdout + r.right.stderr)) {
        const out = (r.right.stdout + r.right.stderr).trim().split('\n').slice(-3).join('\n');
        return left({
          _tag: 'CommandFailed',
          commandLine: r.right.commandLine,
          exitCode: r.right.exitCode,
          output: out,
          message: `\`${r.right.commandLine}\` did not report success (expected /${a.expect.source}/): ${out}`,
        });
      }
      return right(undefined);
    }
    case 'write':
      return host.writeFile(a.path, a.content, { mode: a.mode });
    case 'edit': {
      const old = await host.readFile(a.path);
      if (isLeft(old)) return old;
      const next = a.edit(old.right);
      if (isLeft(next)) return left({ _tag: 'InvalidInput', message: `${a.path}: ${next.left}` });
      if (next.right === old.right) return right(undefined);
      return host.writeFile(a.path, next.right, { mode: a.mode });
    }
    case 'download': {
      const r = await host.download({
        url: a.url,
        dest: a.dest,
        ...(a.sha256 === undefined ? {} : { sha256: a.sha256 }),
        ...(a.mode === undefined ? {} : { mode: a.mode }),
        ...(a.ca === undefined ? {} : { ca: a.ca }),
      });
      return isLeft(r) ? r : right(undefined);
    }
    case 'verify':
      return verifyFile(host, a);
    case 'remove':
      return host.remove(a.path);
    case 'service': {
      const r = await host.service(a.init, a.action, a.name, a.format);
      if (isLeft(r)) return r;
      if (a.action === 'status' && !r.right)
        return left({
          _tag: 'CommandFailed',
          commandLine: `status ${a.name}`,
          exitCode: 3,
          output: '',
          message: `service ${a.name} is not running`,
        });
      return right(undefined);
    }
    case 'custom':
      return a.exec(host);
  }
};

/** A copy of the error with every string field redacted. */
const redactError = (e: HostError, secrets: readonly Secret[]): HostError =>
  Object.fromEntries(
    Object.entries(e).map(([k, v]) => [k, typeof v === 'string' ? redact(v, secrets) : v]),
  ) as unknown as HostError;

const stepError = (
  component: string,
  step: InstallStep,
  phase: StepError['phase'],
  what: string,
  secrets: readonly Secret[],
  cause?: HostError,
): StepError => ({
  _tag: 'StepError',
  component,
  stepId: step.id,
  phase,
  ...(cause === undefined ? {} : { cause: redactError(cause, secrets) }),
  message: redact(`step ${step.id} (${step.description}) failed at ${phase}: ${what}`, secrets),
});

/** Applies a step's actions in order, stopping at the first error (no check before or after). */
export const applyStep = async (
  host: Host,
  step: InstallStep,
): Promise<Either<HostError, void>> => {
  for (const action of step.actions) {
    const r = await applyAction(host, action);
    if (isLeft(r)) return r;
  }
  return right(undefined);
};

/**
 * Runs `f`, turning an unexpected exception (a bug in a custom step) into an `InvalidInput`, so
 * that the runner reports a step error instead of crashing the executor.
 */
const guard = async <A>(f: () => Promise<Either<HostError, A>>): Promise<Either<HostError, A>> => {
  try {
    return await f();
  } catch (e) {
    return left({
      _tag: 'InvalidInput',
      message: `unexpected error: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
};

/** Runs the plan; never throws. */
export const runPlan = async (
  plan: Plan,
  host: Host,
  opts: RunPlanOptions = {},
): Promise<PlanReport> => {
  const now = opts.now ?? Date.now;
  const steps: StepReport[] = [];
  let applied = 0;
  const record = (r: StepReport): void => {
    const clean = { ...r, detail: redact(r.detail, plan.secrets) };
    steps.push(clean);
    opts.onStep?.(clean);
  };
  const fail = (error: StepError): PlanReport => ({
    planId: plan.id,
    ok: false,
    steps,
    applied,
    error,
  });
  for (const component of plan.components) {
    for (const step of component.steps) {
      if (opts.signal?.aborted === true)
        return fail({
          _tag: 'StepError',
          component: component.name,
          stepId: step.id,
          phase: 'check',
          message: `plan ${plan.id} aborted before step ${step.id}`,
        });
      const started = now();
      const base = { component: component.name, stepId: step.id, description: step.description };
      const checked = await guard(() => step.check(host));
      if (isLeft(checked)) {
        const e = stepError(
          component.name,
          step,
          'check',
          checked.left.message,
          plan.secrets,
          checked.left,
        );
        record({ ...base, outcome: 'failed', detail: e.message, durationMs: now() - started });
        return fail(e);
      }
      const c = checked.right;
      if (c._tag === 'done') {
        record({ ...base, outcome: 'already-done', detail: c.detail, durationMs: now() - started });
        continue;
      }
      if (c._tag === 'blocked') {
        const e = stepError(component.name, step, 'check', `blocked: ${c.reason}`, plan.secrets);
        record({ ...base, outcome: 'blocked', detail: c.reason, durationMs: now() - started });
        return fail(e);
      }
      if (opts.checkOnly === true) {
        record({ ...base, outcome: 'would-apply', detail: c.detail, durationMs: now() - started });
        continue;
      }
      for (const action of step.actions) {
        const r = await guard(() => applyAction(host, action));
        if (isLeft(r)) {
          const e = stepError(component.name, step, 'apply', r.left.message, plan.secrets, r.left);
          record({ ...base, outcome: 'failed', detail: e.message, durationMs: now() - started });
          return fail(e);
        }
      }
      const verify = await guard(() => step.check(host));
      if (isLeft(verify) || verify.right._tag !== 'done') {
        const what = isLeft(verify)
          ? verify.left.message
          : `applied, but the check still says: ${verify.right._tag === 'blocked' ? verify.right.reason : verify.right.detail}`;
        const e = stepError(
          component.name,
          step,
          'verify',
          what,
          plan.secrets,
          isLeft(verify) ? verify.left : undefined,
        );
        record({ ...base, outcome: 'failed', detail: e.message, durationMs: now() - started });
        return fail(e);
      }
      applied++;
      record({
        ...base,
        outcome: 'applied',
        detail: verify.right.detail,
        durationMs: now() - started,
      });
    }
  }
  return { planId: plan.id, ok: true, steps, applied };
};

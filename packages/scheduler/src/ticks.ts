/**
 * One scheduler of periodic work with injected time: every job has its period; a single timer
 * waits for the earliest one due; a job whose previous run has not finished is skipped (never
 * two runs of one job at once). Jobs may be gated (`when`: e.g. only while subscribed).
 */

import type { Clock } from '@scaleio-framework/mesos';

/** A periodic job. */
export interface TickJob {
  readonly name: string;
  readonly everyMs: number;
  readonly run: () => unknown;
  /** Runs only while this says yes (checked when due). */
  readonly when?: () => boolean;
}

/** The running ticks. */
export interface Ticks {
  /** Stops the timer; runs in flight finish on their own. */
  stop(): void;
  /** Runs of each job so far (started), by name. */
  runs(): Readonly<Record<string, number>>;
}

/** Node's own timers, unref'd so that they never keep a process alive. */
export const systemTimers: Clock = {
  now: () => Date.now(),
  setTimer: (ms, f) => {
    const h = setTimeout(f, ms).unref();
    return () => clearTimeout(h);
  },
};

/** What a job's failure is reported to (a job never kills the process). */
export type TickErrorSink = (job: string, error: unknown) => void;

/** Longest period a job may have: Node's timers fire at once beyond 2^31-1 ms. */
export const MAX_TICK_MS = 2 ** 31 - 1;

/**
 * Starts the jobs; each first runs one period after the start. A job that throws or rejects —
 * or whose `when` throws — is reported to `onError` and runs again at its next period; an
 * `onError` that throws is ignored. Nothing a job does reaches the timer, so no job can end the
 * process. A job whose period is not a whole number of ms in [1, 2^31-1] (a longer timer would
 * fire at once, in a hot loop) is reported to `onError` and never run; the configuration checks
 * periods before this.
 */
export function startTicks(
  jobs: readonly TickJob[],
  clock: Clock = systemTimers,
  onError: TickErrorSink = () => undefined,
): Ticks {
  const report = (job: string, e: unknown): void => {
    try {
      onError(job, e);
    } catch {
      // the reporter failed too: the job still runs again at its next period
    }
  };
  const due = (j: TickJob): boolean => {
    try {
      return j.when === undefined || j.when();
    } catch (e) {
      report(j.name, e);
      return false;
    }
  };
  const valid = (j: TickJob) =>
    Number.isInteger(j.everyMs) && j.everyMs >= 1 && j.everyMs <= MAX_TICK_MS;
  for (const j of jobs.filter((x) => !valid(x)))
    report(j.name, new RangeError(`period ${j.everyMs} ms is not 1..${MAX_TICK_MS}: never run`));
  const start = clock.now();
  const state = jobs
    .filter(valid)
    .map((j) => ({ job: j, due: start + j.everyMs, busy: false, runs: 0 }));
  let cancel: (() => void) | undefined;
  let stopped = false;

  const fire = (): void => {
    if (stopped) return;
    const now = clock.now();
    for (const s of state) {
      if (s.due > now) continue;
      // Next period from now: a late timer does not queue up missed runs.
      s.due = now + s.job.everyMs;
      if (s.busy || !due(s.job)) continue;
      s.busy = true;
      s.runs += 1;
      void Promise.resolve()
        .then(() => s.job.run())
        .catch((e: unknown) => report(s.job.name, e))
        .finally(() => (s.busy = false));
    }
    arm();
  };
  const arm = (): void => {
    if (stopped || state.length === 0) return;
    const next = Math.min(...state.map((s) => s.due));
    cancel = clock.setTimer(Math.max(0, next - clock.now()), fire);
  };
  arm();
  return {
    stop: () => {
      stopped = true;
      cancel?.();
    },
    runs: () => Object.fromEntries(state.map((s) => [s.job.name, s.runs])),
  };
}

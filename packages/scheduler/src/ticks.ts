/**
 * One scheduler of periodic work with injected time: every job has its period; a single timer
 * waits for the earliest one due; a job whose previous run has not finished is skipped (never
 * two runs of one job at once). Jobs may be gated (`when`: e.g. only while subscribed).
 */

/** The timer functions the ticks run on (`globalThis`'s by default; a manual clock in tests). */
export interface TimerClock {
  now(): number;
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

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
export const systemTimers: TimerClock = {
  now: () => Date.now(),
  setTimeout: (f, ms) => setTimeout(f, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Starts the jobs; each first runs one period after the start. */
export function startTicks(jobs: readonly TickJob[], clock: TimerClock = systemTimers): Ticks {
  const start = clock.now();
  const state = jobs.map((j) => ({ job: j, due: start + j.everyMs, busy: false, runs: 0 }));
  let handle: unknown;
  let stopped = false;

  const fire = (): void => {
    if (stopped) return;
    const now = clock.now();
    for (const s of state) {
      if (s.due > now) continue;
      // Next period from now: a late timer does not queue up missed runs.
      s.due = now + s.job.everyMs;
      if (s.busy || (s.job.when !== undefined && !s.job.when())) continue;
      s.busy = true;
      s.runs += 1;
      void Promise.resolve()
        .then(() => s.job.run())
        .catch(() => undefined)
        .finally(() => (s.busy = false));
    }
    arm();
  };
  const arm = (): void => {
    if (stopped || state.length === 0) return;
    const next = Math.min(...state.map((s) => s.due));
    handle = clock.setTimeout(fire, Math.max(0, next - clock.now()));
  };
  arm();
  return {
    stop: () => {
      stopped = true;
      if (handle !== undefined) clock.clearTimeout(handle);
    },
    runs: () => Object.fromEntries(state.map((s) => [s.job.name, s.runs])),
  };
}

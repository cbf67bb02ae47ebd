/**
 * The one manual clock of the workspace: time that moves only when a test says so, with timers
 * that fire in due order. Structurally it is a `Clock` of `@scaleio-framework/mesos` and of the
 * simulators (`now`, `setTimer`), and its `now` is a plain `() => number` for everything that
 * takes one.
 *
 * @module
 */

/** The default start: 2023-11-14T22:13:20Z, a round epoch-ms number far from any edge. */
export const MANUAL_CLOCK_START = 1_700_000_000_000;

/** A clock that only moves when told to. Every member is a plain function (safe to pass alone). */
export interface ManualClock {
  /** The current time in epoch milliseconds. */
  readonly now: () => number;
  /** Runs `fn` once when the clock reaches `now() + ms` (negative `ms` counts as 0); returns its cancel. */
  readonly setTimer: (ms: number, fn: () => void) => () => void;
  /**
   * Moves the clock forward by `ms`, firing every timer that falls due on the way in due order
   * (earlier-set first on a tie); the clock stands at each timer's due time while it runs, so a
   * timer set by a timer fires in the same call when it is due by the end.
   */
  readonly advance: (ms: number) => void;
  /** Sets the time to `ms` (fires nothing, in either direction). */
  readonly set: (ms: number) => void;
  /** How many timers are waiting. */
  readonly pending: () => number;
  /**
   * Waits (real time, at most `timeoutMs`, default 5 s) until a timer is pending, then moves the
   * clock to the earliest one's due time and fires it. Resolves with how far the clock moved; rejects
   * when no timer was set in time.
   */
  readonly fireNext: (timeoutMs?: number) => Promise<number>;
}

interface Timer {
  readonly at: number;
  readonly fn: () => void;
}

/** Creates a {@link ManualClock} that starts at `start` (epoch ms, default {@link MANUAL_CLOCK_START}). */
export const manualClock = (start = MANUAL_CLOCK_START): ManualClock => {
  let now = start;
  let seq = 0;
  const timers = new Map<number, Timer>();
  const waiting = new Set<() => void>();

  const earliest = (until: number): [number, Timer] | undefined => {
    let next: [number, Timer] | undefined;
    for (const e of timers)
      if (e[1].at <= until && (next === undefined || e[1].at < next[1].at)) next = e;
    return next;
  };
  const fire = ([id, timer]: [number, Timer]): void => {
    timers.delete(id);
    now = Math.max(now, timer.at);
    timer.fn();
  };
  /** Resolves once a timer is set (looking only after its setter has run on), or rejects at `deadline`. */
  const timerSet = (deadline: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(guard);
        waiting.delete(done);
        setImmediate(resolve);
      };
      const guard = setTimeout(
        () => {
          waiting.delete(done);
          reject(new Error('no timer was set'));
        },
        Math.max(0, deadline - Date.now()),
      );
      waiting.add(done);
    });

  return {
    now: () => now,
    setTimer: (ms, fn) => {
      const id = (seq += 1);
      timers.set(id, { at: now + Math.max(0, ms), fn });
      for (const w of [...waiting]) w();
      return () => void timers.delete(id);
    },
    advance: (ms) => {
      const until = now + ms;
      for (let next = earliest(until); next !== undefined; next = earliest(until)) fire(next);
      now = until;
    },
    set: (ms) => {
      now = ms;
    },
    pending: () => timers.size,
    fireNext: async (timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (timers.size === 0) await timerSet(deadline);
      const next = earliest(Number.POSITIVE_INFINITY);
      if (next === undefined) throw new Error('no timer was set');
      const waited = next[1].at - now;
      fire(next);
      return waited;
    },
  };
};

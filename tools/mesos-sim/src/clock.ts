/** Time as the simulator sees it: injected so tests can use short or manual time. */
export interface Clock {
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Runs `fn` once after `ms`; returns a function that cancels it. */
  readonly setTimer: (ms: number, fn: () => void) => () => void;
}

/** The real clock (Date.now and setTimeout); timers do not keep the process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (ms, fn) => {
    const h = setTimeout(fn, Math.max(0, ms));
    h.unref();
    return () => clearTimeout(h);
  },
};

/** A clock that only moves when told: `advance(ms)` fires every timer that falls due, in order. */
export interface ManualClock extends Clock {
  readonly advance: (ms: number) => void;
}

/** Creates a {@link ManualClock} starting at `start` ms. */
export const manualClock = (start = 1_700_000_000_000): ManualClock => {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const setTimer = (ms: number, fn: () => void): (() => void) => {
    const id = seq++;
    timers.set(id, { at: now + Math.max(0, ms), fn });
    return () => timers.delete(id);
  };
  const advance = (ms: number): void => {
    const until = now + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of timers)
        if (e[1].at <= until && (next === undefined || e[1].at < next[1].at)) next = e;
      if (next === undefined) break;
      timers.delete(next[0]);
      now = Math.max(now, next[1].at);
      next[1].fn();
    }
    now = until;
  };
  return { now: () => now, setTimer, advance };
};

/** Calls `fn` every `ms` on `clock` until the returned function is called. */
export const every = (clock: Clock, ms: number, fn: () => void): (() => void) => {
  let cancel = (): void => undefined;
  let stopped = false;
  const arm = (): void => {
    cancel = clock.setTimer(ms, () => {
      if (stopped) return;
      arm();
      fn();
    });
  };
  arm();
  return () => {
    stopped = true;
    cancel();
  };
};

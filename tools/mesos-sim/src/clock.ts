/**
 * Time as the simulator sees it: injected so tests can use short or manual time. The `Clock`
 * shape is the Mesos client's own; the manual clock is the workspace's one (testkit).
 */
import type { Clock } from '@scaleio-framework/mesos';

export type { Clock } from '@scaleio-framework/mesos';
export { manualClock, type ManualClock } from '@scaleio-framework/testkit';

/** The real clock (Date.now and setTimeout); its timers do not keep the process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (ms, fn) => {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return () => clearTimeout(timer);
  },
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

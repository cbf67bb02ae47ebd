/** A hand-driven clock for tests: inject `now` into the simulator, then `advance`. */
export interface ManualClock {
  readonly now: () => number;
  readonly advance: (ms: number) => void;
}

/** A clock that starts at `start` (epoch ms) and moves only when told. */
export const manualClock = (start = Date.UTC(2026, 10, 25, 12, 0, 0)): ManualClock => {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
};

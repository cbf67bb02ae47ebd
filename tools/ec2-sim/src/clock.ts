import { manualClock as testkitClock, type ManualClock } from '@scaleio-framework/testkit';

export type { ManualClock } from '@scaleio-framework/testkit';

/** Where the simulator's manual clock starts by default: 2026-11-25T12:00:00Z. */
export const EC2_SIM_EPOCH = Date.UTC(2026, 10, 25, 12, 0, 0);

/**
 * A hand-driven clock for tests (the workspace's one, testkit): inject its `now` into the
 * simulator, then `advance`. Starts at `start` (epoch ms, default {@link EC2_SIM_EPOCH}).
 */
export const manualClock = (start = EC2_SIM_EPOCH): ManualClock => testkitClock(start);

/**
 * The launch option of `scaleio-scheduler` (the orchestrator's `scheduler/launch-timeout.ts`):
 * how long a launched task may stay TASK_STAGING before it is killed and, once known not to run,
 * launched again under a new task id. The scheduler app spreads it into its option table.
 *
 * @module
 */
import { DEFAULT_LAUNCH_TIMEOUT_MS } from '@scaleio-framework/orchestrator';
import { TimerSecondsFromInput } from './codecs.js';
import { option as o } from './load.js';

/** The launch options (an option table's rows). */
export const launchOptions = {
  launchTimeout: o(
    TimerSecondsFromInput,
    String(DEFAULT_LAUNCH_TIMEOUT_MS / 1000),
    'mesos',
    "Seconds a launched task may stay TASK_STAGING (its launch lost, say) before it is killed and, once known not to run, launched again under a new task id. Keep it above the master's health-check window (75 s by default) and the agents' executor_registration_timeout.",
  ),
};

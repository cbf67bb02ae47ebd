/**
 * The persisted upgrade: its target, whether the operator paused it, and each step's progress,
 * moved only through {@link upgradeTransition} (one table).
 */
import * as t from 'io-ts';

/** Status of one upgrade step. */
export const UpgradeStepStatus = t.keyof({
  pending: null,
  /** Its apply is under way (the node's task, the ownership switch). */
  running: null,
  /** Applied; waiting for the system to show it healthy at the new version. */
  verifying: null,
  done: null,
  failed: null,
});
/** Status of one upgrade step. */
export type UpgradeStepStatus = t.TypeOf<typeof UpgradeStepStatus>;

/**
 * What happens to a step:
 * - `start`: its apply began; `applied`: the apply finished;
 * - `verified`: the system shows the step's component healthy at the target version (also from
 *   `pending`: the check found it already done, nothing applied);
 * - `fail`: the apply failed or verification timed out; `lost`: the apply vanished (the
 *   scheduler restarted during it, its task was lost) — it runs again, no attempt used;
 * - `retry`: the operator resumed a stopped plan.
 */
export type UpgradeEvent = 'start' | 'applied' | 'verified' | 'fail' | 'lost' | 'retry';

/** The one transition table; a missing entry: the event does not apply (ignored). */
const table: Readonly<Record<UpgradeStepStatus, Partial<Record<UpgradeEvent, UpgradeStepStatus>>>> =
  {
    pending: { start: 'running', verified: 'done' },
    running: { applied: 'verifying', fail: 'failed', lost: 'pending' },
    verifying: { verified: 'done', fail: 'failed', lost: 'pending' },
    done: {},
    failed: { retry: 'pending' },
  };

/** The next status, or `undefined` when the event does not apply. */
export const upgradeTransition = (
  from: UpgradeStepStatus,
  e: UpgradeEvent,
): UpgradeStepStatus | undefined => table[from][e];

/** One step's progress. */
export const UpgradeStepState = t.intersection([
  t.type({ status: UpgradeStepStatus, attempts: t.number }),
  t.partial({
    startedAt: t.number,
    appliedAt: t.number,
    finishedAt: t.number,
    lastError: t.string,
    /** Versions the node's task reported (the LIA's, which the gateway does not show). */
    reported: t.record(t.string, t.string),
  }),
]);
/** One step's progress. */
export type UpgradeStepState = t.TypeOf<typeof UpgradeStepState>;

/** The persisted upgrade. */
export const UpgradeState = t.intersection([
  t.type({
    schemaVersion: t.literal(1),
    /** The package version upgraded to (`2.0-13000.211`). */
    target: t.string,
    /** The version the gateway reported when the upgrade started (`R2_0.10000.0`). */
    from: t.string,
    startedAt: t.number,
    paused: t.boolean,
    /** Step ids in plan order, fixed when the upgrade started. */
    order: t.array(t.string),
    steps: t.record(t.string, UpgradeStepState),
  }),
  t.partial({ finishedAt: t.number }),
]);
/** The persisted upgrade. */
export type UpgradeState = t.TypeOf<typeof UpgradeState>;

/** Applies an event to one step (ignored when it does not apply). */
export function applyUpgradeEvent(
  s: UpgradeState,
  stepId: string,
  e: UpgradeEvent,
  now: number,
  detail: { error?: string; reported?: Readonly<Record<string, string>> } = {},
): UpgradeState {
  const cur = s.steps[stepId];
  if (cur === undefined) return s;
  const to = upgradeTransition(cur.status, e);
  if (to === undefined) return s;
  const next: UpgradeStepState = {
    ...cur,
    status: to,
    ...(e === 'start' ? { startedAt: now, attempts: cur.attempts + 1 } : {}),
    ...(e === 'applied' ? { appliedAt: now } : {}),
    ...(to === 'done' ? { finishedAt: now } : {}),
    ...(detail.error === undefined ? {} : { lastError: detail.error }),
    ...(detail.reported === undefined ? {} : { reported: { ...detail.reported } }),
  };
  return { ...s, steps: { ...s.steps, [stepId]: next } };
}

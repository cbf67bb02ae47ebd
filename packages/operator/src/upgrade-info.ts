/**
 * The rolling upgrade in the status document: target and source versions, its state (`running`,
 * `paused`, `stopped` by a failed step, `finished`), what it waits for, and every step in plan
 * order with its status. Copied field by field (an input carrying more shows nothing more).
 */
import * as t from 'io-ts';

/**
 * One upgrade step as the scheduler reports it: the single definition (the scheduler's
 * `UpgradeStepView` is this type).
 */
export const UpgradeStepInfo = t.readonly(
  t.intersection([
    t.type({
      id: t.string,
      phase: t.string,
      host: t.string,
      status: t.string,
      attempts: t.number,
    }),
    t.partial({ startedAt: t.number, finishedAt: t.number, lastError: t.string }),
  ]),
  'UpgradeStepInfo',
);
/** One upgrade step as the scheduler reports it. */
export type UpgradeStepInfo = t.TypeOf<typeof UpgradeStepInfo>;

/**
 * Where the upgrade is: `running`, `paused`, `stopped` (a failed step stopped the plan, the
 * cluster left healthy: its SDS out of maintenance), `finished`.
 */
export const UpgradeRunState = t.keyof(
  { running: null, paused: null, stopped: null, finished: null },
  'UpgradeRunState',
);
/** Where the upgrade is. */
export type UpgradeRunState = t.TypeOf<typeof UpgradeRunState>;

/**
 * The rolling upgrade as the scheduler reports it (`reason`: what it waits for now, '' when
 * nothing): the single definition (the scheduler's `UpgradeView` is this type).
 */
export const UpgradeInfo = t.readonly(
  t.intersection([
    t.type({
      target: t.string,
      from: t.string,
      state: UpgradeRunState,
      reason: t.string,
      startedAt: t.number,
      done: t.number,
      total: t.number,
      steps: t.readonlyArray(UpgradeStepInfo),
    }),
    t.partial({ finishedAt: t.number }),
  ]),
  'UpgradeInfo',
);
/** The rolling upgrade as the scheduler reports it. */
export type UpgradeInfo = t.TypeOf<typeof UpgradeInfo>;

/** The upgrade section of the status (null when no upgrade ever ran). */
export const upgradeStatusView = (u: UpgradeInfo | undefined) =>
  u === undefined
    ? null
    : {
        target: u.target,
        from: u.from,
        state: u.state,
        reason: u.reason === '' ? null : u.reason,
        startedAtMs: u.startedAt,
        finishedAtMs: u.finishedAt ?? null,
        done: u.done,
        total: u.total,
        steps: u.steps.map((s) => ({
          id: s.id,
          phase: s.phase,
          host: s.host,
          status: s.status,
          attempts: s.attempts,
          startedAtMs: s.startedAt ?? null,
          finishedAtMs: s.finishedAt ?? null,
          lastError: s.lastError ?? null,
        })),
      };

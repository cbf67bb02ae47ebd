/**
 * The rolling upgrade in the status document: target and source versions, its state (`running`,
 * `paused`, `stopped` by a failed step, `finished`), what it waits for, and every step in plan
 * order with its status. Copied field by field (an input carrying more shows nothing more).
 */

/** One upgrade step as the scheduler reports it. */
export interface UpgradeStepInfo {
  readonly id: string;
  readonly phase: string;
  readonly host: string;
  readonly status: string;
  readonly attempts: number;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  readonly lastError?: string;
}

/** The rolling upgrade as the scheduler reports it. */
export interface UpgradeInfo {
  readonly target: string;
  readonly from: string;
  readonly state: string;
  readonly reason: string;
  readonly startedAt: number;
  readonly finishedAt?: number;
  readonly done: number;
  readonly total: number;
  readonly steps: readonly UpgradeStepInfo[];
}

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

/**
 * The scheduler's healing glue: the round (tick, then a leak report when due), what the status
 * says about an entry, and which healer events are warnings.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { IdempotencyKey, NodeId } from '@scaleio-framework/capacity';
import type { HealerStatus, HealingEntry } from '@scaleio-framework/healing';
import { entryReason, withStage } from '@scaleio-framework/healing';
import { healingStatusInputs } from '@scaleio-framework/operator';
import { healingRound, logHealingEvent, type Log } from '../src/index.js';

const entry: HealingEntry = {
  id: 'exp-1',
  seq: 1,
  expansion: 1,
  pool: 'pd1/sp1',
  poolId: 'p1',
  protectionDomainId: 'd1',
  node: 'i-1' as NodeId,
  sizeGiB: 100,
  atMs: 1,
  updatedAtMs: 1,
  stage: 'intent',
  state: 'inProgress',
  dryRun: false,
  attempts: 0,
  decision: 'pd1/sp1: 31% ≥ 30% for 1 samples; add 100 GiB as 1 volume(s) on i-1',
  key: 'k-1' as IdempotencyKey,
};

const recordingLog = () => {
  const lines: Array<[string, string, Record<string, unknown>]> = [];
  const log: Log = {
    info: (m, f = {}) => void lines.push(['info', m, f]),
    warn: (m, f = {}) => void lines.push(['warn', m, f]),
    error: (m, f = {}) => void lines.push(['error', m, f]),
  };
  return { log, lines };
};

test('a leak report on the first round, when the in-flight entries finish, and every N rounds', async () => {
  const inFlightPerRound = [1, 1, 0, 0, 0, 0, 0, 1, 0];
  let round = 0;
  let reports = 0;
  const reportedAt: number[] = [];
  const healer = {
    tick: () => {
      round += 1;
      return Promise.resolve();
    },
    status: () =>
      ({
        inFlight: Array.from({ length: inFlightPerRound[round - 1] ?? 0 }, () => entry),
      }) as unknown as HealerStatus,
    reportLeaks: () => {
      reports += 1;
      reportedAt.push(round);
      return Promise.resolve(
        reports === 2
          ? { ok: false as const, error: 'listOwned: Throttled', retryable: true }
          : { ok: true as const, value: [] },
      );
    },
  };
  const { log, lines } = recordingLog();
  const r = healingRound(healer, log, 5);
  for (let i = 0; i < inFlightPerRound.length; i++) await r();
  // Round 1 (first), 3 (in-flight finished), 6 (every 5), 9 (finished again).
  assert.equal(reportedAt, [1, 3, 6, 9]);
  assert.equal(
    lines.map(([level, m]) => `${level} ${m}`),
    ['warn healing: leak report failed'],
  );
});

test('the status shows why an entry failed or was rolled back, not its decision', () => {
  const failed = withStage(entry, 'rolledBack', 5, {
    reason: 'created failed: attach: AttachmentLimit: no slot',
    lastError: 'attach: AttachmentLimit: no slot',
  });
  assert.is(entryReason(failed), 'created failed: attach: AttachmentLimit: no slot');
  assert.is(
    entryReason(withStage(entry, 'failed', 5, { reason: 'pool did not grow' })),
    'pool did not grow',
  );
  assert.is(entryReason(entry), entry.decision);
  const retrying = {
    ...withStage(entry, 'created', 5),
    attempts: 1,
    lastError: 'attach: Throttled',
  };
  assert.is(entryReason(retrying), `${entry.decision} (created, attempt 1: attach: Throttled)`);
  assert.is(entryReason(withStage(entry, 'verified', 5, { reason: 'grown' })), entry.decision);
  const view = healingStatusInputs(
    {
      pools: [],
      inFlight: [],
      awaitingApproval: [],
      recent: [failed],
      paused: false,
      approval: false,
      dryRun: false,
    } as unknown as HealerStatus,
    { triggerPercent: 30, clearPercent: 25 },
  );
  assert.equal(
    view.ledger.map((e) => [e.state, e.reason]),
    [['rolledBack', 'created failed: attach: AttachmentLimit: no slot']],
  );
});

test('failures, errors and leaks found are warnings; the rest is info, with pool and entry', () => {
  const { log, lines } = recordingLog();
  logHealingEvent(log, { atMs: 1, kind: 'stage', pool: 'pd1/sp1', entry: 'exp-1', message: 'a' });
  logHealingEvent(log, { atMs: 1, kind: 'failed', entry: 'exp-1', message: 'b' });
  logHealingEvent(log, { atMs: 1, kind: 'error', message: 'c' });
  logHealingEvent(log, { atMs: 1, kind: 'leaks', message: 'd', details: { leaked: 0 } });
  logHealingEvent(log, { atMs: 1, kind: 'leaks', message: 'e', details: { leaked: 2 } });
  assert.equal(lines, [
    ['info', 'healing: a', { healing: 'stage', pool: 'pd1/sp1', entry: 'exp-1' }],
    ['warn', 'healing: b', { healing: 'failed', entry: 'exp-1' }],
    ['warn', 'healing: c', { healing: 'error' }],
    ['info', 'healing: d', { healing: 'leaks' }],
    ['warn', 'healing: e', { healing: 'leaks' }],
  ]);
});

test.run();

// A restarted scheduler that has not yet seen the agent of an attached volume waits for it
// instead of spending the stage's attempts (and rolling back a good volume); past the grace
// period the attempts count again.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { IdempotencyKey, NodeId, VolumeId } from '@scaleio-framework/capacity';
import { NOT_READY_GRACE_MS, type HealingEntry } from '@scaleio-framework/healing';
import {
  advanceEntry,
  entryEffects,
  type HealerPorts,
  type ResolveResult,
  type StageContext,
} from '../src/index.js';
import { healingConfig } from './healing-harness.js';

const attached = (atMs: number): HealingEntry => ({
  id: 'exp-1',
  seq: 1,
  expansion: 1,
  pool: 'pd1/sp1',
  poolId: 'sp1',
  protectionDomainId: 'pd1',
  node: 'i-0abc' as NodeId,
  sizeGiB: 100,
  atMs,
  updatedAtMs: atMs,
  stage: 'attached',
  state: 'inProgress',
  dryRun: false,
  attempts: 0,
  key: 'k-1' as IdempotencyKey,
  volume: 'vol-1' as VolumeId,
  deviceName: '/dev/xvdf',
  guestPaths: ['/dev/xvdf'],
});

const context = (now: () => number, answer: () => ResolveResult) => {
  const stored: HealingEntry[] = [];
  const ports = { resolver: { resolve: async () => answer() } } as unknown as HealerPorts;
  const cx: StageContext = {
    now,
    perform: entryEffects(ports),
    config: healingConfig({ enabled: true, policy: { triggerPercent: 80, clearPercent: 70 } }),
    persist: async (e) => {
      stored.push(e);
      return { ok: true, value: e };
    },
    emit: () => undefined,
    samples: () => [],
  };
  return { cx, stored };
};

const notReady: ResolveResult = {
  ok: false,
  error: 'no agent known for instance i-0abc',
  retryable: true,
  notReady: true,
};

test('an unknown agent: the entry waits, no attempt used, nothing rolled back', async () => {
  let t = 1_000_000;
  const { cx, stored } = context(
    () => t,
    () => notReady,
  );
  let e = attached(t);
  for (let i = 0; i < 20; i++) {
    t += 10_000; // 20 ticks, still within the grace period
    e = await advanceEntry(e, cx);
  }
  assert.is(e.stage, 'attached');
  assert.is(e.attempts, 0);
  assert.is(stored.length, 0, 'nothing written while waiting');
});

test('past the grace period an unknown agent counts as a failed attempt', async () => {
  let t = 1_000_000;
  const { cx } = context(
    () => t,
    () => notReady,
  );
  t += NOT_READY_GRACE_MS + 1;
  const e = await advanceEntry(attached(1_000_000), cx);
  assert.is(e.attempts, 1);
  assert.match(e.lastError ?? '', /no agent known/);
});

test('a resolver error that is not notReady still counts at once', async () => {
  const t = 1_000_000;
  const { cx } = context(
    () => t,
    () => ({ ok: false, error: 'not the new disk', retryable: true }),
  );
  const e = await advanceEntry(attached(t), cx);
  assert.is(e.attempts, 1);
});

test.run();

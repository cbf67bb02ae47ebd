import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isRight } from 'fp-ts/lib/Either.js';
import {
  defaultPolicyConfig,
  deriveIdempotencyKey,
  IdempotencyKey,
  ProviderError,
  isRetryable,
  providerError,
  resolvePolicyConfig,
  findLeaks,
  nextSeq,
  type ClusterId,
  type LedgerEntry,
  type NodeId,
  type Volume,
} from '../src/index.js';

test('policy config: absent means the documented defaults', () => {
  const r = resolvePolicyConfig(undefined);
  assert.ok(isRight(r));
  if (isRight(r)) assert.equal(r.right, defaultPolicyConfig);
});

test('policy config: given fields override, a partial step keeps the default unit', () => {
  const r = resolvePolicyConfig({ triggerPercent: 90, step: { value: 10 }, dryRun: true });
  assert.ok(isRight(r));
  if (isRight(r)) {
    assert.is(r.right.triggerPercent, 90);
    assert.equal(r.right.step, { unit: 'percent', value: 10 });
    assert.is(r.right.dryRun, true);
    assert.is(r.right.clearPercent, defaultPolicyConfig.clearPercent);
  }
});

test('policy config: bad values are clear errors, one per problem', () => {
  const bad = resolvePolicyConfig({
    triggerPercent: 150,
    consecutiveSamples: 0.5,
    step: { unit: 'tb' },
  });
  assert.is(bad._tag, 'Left');
  if (bad._tag === 'Left') {
    const text = bad.left.join('\n');
    assert.match(text, /triggerPercent/);
    assert.match(text, /consecutiveSamples/);
    assert.match(text, /unit/);
  }
  const cross = resolvePolicyConfig({
    triggerPercent: 60,
    clearPercent: 70,
    minStepGiB: 10,
    maxStepGiB: 5,
  });
  assert.is(cross._tag, 'Left');
  if (cross._tag === 'Left') {
    assert.is(cross.left.length, 2);
    assert.match(cross.left[0] ?? '', /clearPercent \(70\) must be below triggerPercent \(60\)/);
  }
  assert.is(resolvePolicyConfig('yes')._tag, 'Left');
  assert.is(resolvePolicyConfig({ step: { unit: 'percent', value: 300 } })._tag, 'Left');
});

test('policy config: unknown fields are errors, not silently dropped', () => {
  const r = resolvePolicyConfig({ triggerPercnt: 90, step: { unit: 'gib', valu: 5 } });
  assert.is(r._tag, 'Left');
  if (r._tag === 'Left') {
    assert.equal(r.left.length, 2);
    assert.match(r.left[0] ?? '', /unknown field triggerPercnt/);
    assert.match(r.left[1] ?? '', /unknown field step\.valu/);
  }
});

test('ledger: leaks are owned volumes no live entry accounts for; sequence numbers grow', () => {
  const vol = (id: string, key?: string): Volume => ({
    id: id as Volume['id'],
    node: 'i-1' as NodeId,
    zone: 'z',
    sizeGiB: 100 as Volume['sizeGiB'],
    volumeType: 'ssd',
    encrypted: true,
    state: 'attached',
    tags: {},
    ...(key === undefined ? {} : { key: key as IdempotencyKey }),
  });
  const e = (seq: number, over: Partial<LedgerEntry>): LedgerEntry => ({
    seq,
    pool: 'p',
    node: 'i-1' as NodeId,
    sizeGiB: 100,
    atMs: 0,
    state: 'completed',
    dryRun: false,
    ...over,
  });
  const ledger = [
    e(1, { volume: 'v-1' as Volume['id'] }),
    e(2, { key: 'k-2' as IdempotencyKey }),
    e(5, { volume: 'v-3' as Volume['id'], state: 'rolledBack' }),
  ];
  const owned = [vol('v-1'), vol('v-2', 'k-2'), vol('v-3'), vol('v-4', 'k-4')];
  assert.equal(
    findLeaks(owned, ledger).map((v) => v.id),
    ['v-3', 'v-4'],
  );
  assert.is(nextSeq(ledger), 6);
  assert.is(nextSeq([]), 1);
});

test('idempotency keys are deterministic, distinct and valid tokens', () => {
  const parts = { cluster: 'c1' as ClusterId, pool: 'pd/sp', node: 'i-1' as NodeId, seq: 7 };
  const a = deriveIdempotencyKey(parts);
  assert.is(deriveIdempotencyKey(parts), a);
  assert.ok(IdempotencyKey.is(a));
  assert.ok(a.length <= 64);
  assert.is.not(deriveIdempotencyKey({ ...parts, seq: 8 }), a);
  assert.is.not(deriveIdempotencyKey({ ...parts, attempt: 1 }), a);
  assert.is(deriveIdempotencyKey({ ...parts, attempt: 0 }), a);
  assert.not.ok(IdempotencyKey.is('Upper-Case'));
  assert.not.ok(IdempotencyKey.is('x'.repeat(64)));
});

test('provider errors: constructors satisfy the codec; only transient ones are retryable', () => {
  const all = [
    providerError.notFound('volume', 'v'),
    providerError.idempotencyMismatch('k', 'm'),
    providerError.alreadyExists('v', 'm'),
    providerError.limitExceeded('attachments', 'm'),
    providerError.throttled('m'),
    providerError.invalidArgument('m'),
    providerError.zoneMismatch('a', 'b'),
    providerError.incorrectState('v', 'attached', 'm'),
    providerError.timeout('v', 'm'),
    providerError.unauthorized('m'),
    providerError.unavailable('m'),
  ];
  for (const e of all) assert.ok(ProviderError.is(e), e._tag);
  assert.equal(
    all.filter(isRetryable).map((e) => e._tag),
    ['Throttled', 'Timeout', 'Unavailable'],
  );
});

test.run();

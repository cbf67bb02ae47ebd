/** The healing configuration codec: defaults, every field, unknown fields, cross-field rules. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultPolicyConfig } from '@scaleio-framework/capacity';
import { healingDefaults, resolveHealingConfig } from '../src/index.js';

test('absent configuration: documented defaults, off, encrypted gp3', () => {
  const r = resolveHealingConfig(undefined);
  assert.equal(r, { _tag: 'Right', right: { ...healingDefaults, policy: defaultPolicyConfig } });
  if (r._tag === 'Right') {
    assert.is(r.right.enabled, false);
    assert.equal(r.right.volume, { volumeType: 'gp3', encrypted: true });
  }
});

test('every field is read', () => {
  const r = resolveHealingConfig({
    enabled: true,
    approval: true,
    policy: {
      dryRun: true,
      triggerPercent: 85,
      clearPercent: 60,
      cooldownMinutes: 5,
      dailyBudgetGiB: 500,
    },
    volume: {
      volumeType: 'io2',
      iops: 6000,
      throughputMiBps: 250,
      encrypted: true,
      kmsKeyId: 'alias/k',
    },
    tags: { team: 'storage' },
    maxSamplesPerPool: 10,
    stepAttempts: 2,
    verifySamples: 4,
    eventLimit: 50,
  });
  assert.is(r._tag, 'Right');
  if (r._tag !== 'Right') return;
  assert.is(r.right.approval, true);
  assert.is(r.right.policy.dryRun, true);
  assert.is(r.right.policy.triggerPercent, 85);
  assert.is(r.right.policy.consecutiveSamples, defaultPolicyConfig.consecutiveSamples);
  assert.equal(r.right.volume, {
    volumeType: 'io2',
    iops: 6000,
    throughputMiBps: 250,
    encrypted: true,
    kmsKeyId: 'alias/k',
  });
  assert.equal(r.right.tags, { team: 'storage' });
  assert.is(r.right.verifySamples, 4);
});

test('bad input is a list of clear messages, never a crash', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ enabeld: true }, /unknown field enabeld/],
    [{ volume: { iopz: 3 } }, /unknown field volume\.iopz/],
    [
      { policy: { triggerPercent: 50, clearPercent: 60 } },
      /policy: clearPercent \(60\) must be below/,
    ],
    [{ policy: { trigerPercent: 50 } }, /policy: unknown field trigerPercent/],
    [{ stepAttempts: 0 }, /stepAttempts/],
    [{ volume: { iops: -1 } }, /iops/],
    [{ volume: { encrypted: false, kmsKeyId: 'k' } }, /kmsKeyId needs volume\.encrypted/],
    ['yes', /\(root\): expected/],
  ];
  for (const [input, re] of cases) {
    const r = resolveHealingConfig(input);
    assert.is(r._tag, 'Left', JSON.stringify(input));
    if (r._tag === 'Left') assert.match(r.left.join('\n'), re);
  }
});

test.run();

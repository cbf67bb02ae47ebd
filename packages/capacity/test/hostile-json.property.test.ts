// The expansion policy decoder fed hostile but valid JSON (testkit `hostileJson`) and arbitrary
// JSON: a policy or clear messages — never a throw, never a polluted Object.prototype.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { anyJson, assertUnpolluted } from '@scaleio-framework/testkit';
import { resolvePolicyConfig } from '../src/index.js';

test('policies: a config or messages', () => {
  const policy = { triggerPercent: 80, clearPercent: 70, samples: 3, cooldownMinutes: 30 };
  fc.assert(
    fc.property(anyJson(policy), (text) => {
      const r = resolvePolicyConfig(JSON.parse(text) as unknown);
      assertUnpolluted();
      if (r._tag === 'Left') assert.ok(r.left.length > 0);
    }),
    { numRuns: 200 },
  );
});

test.run();

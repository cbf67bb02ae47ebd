// The healing policy decoder (the `--healing-config` file's content, after YAML/JSON parsing) fed
// hostile but valid JSON (testkit `hostileJson`) and arbitrary JSON: a config or a list of clear
// messages — never a throw, never a polluted Object.prototype.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { anyJson, assertUnpolluted } from '@scaleio-framework/testkit';
import { resolveHealingConfig } from '../src/index.js';

test('healing policies: a config or messages', () => {
  const policy = {
    enabled: true,
    dryRun: false,
    policy: { triggerPercent: 80, clearPercent: 70, samples: 3, cooldownMinutes: 30 },
    volume: { type: 'gp3', iops: 3000, encrypted: true },
    tags: { team: 'storage' },
  };
  fc.assert(
    fc.property(anyJson(policy), (text) => {
      const r = resolveHealingConfig(JSON.parse(text) as unknown);
      assertUnpolluted();
      if (r._tag === 'Left') {
        assert.ok(r.left.length > 0);
        for (const m of r.left) assert.ok(m.length < 2000, 'a message, not the input');
      }
    }),
    { numRuns: 200 },
  );
});

test.run();

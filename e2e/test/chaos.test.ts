// Seeded chaos (issue 18): a few fixed seeds, each a schedule of scheduler kills, master
// failovers, agent restarts and partitions and gateway outages during a deploy and a healing
// round, judged from the simulators' own records (src/chaos/invariants.ts). Many more seeds run
// from `npm run chaos -w e2e -- --seeds 1..50`; a failing seed is run again with `--seed N`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runChaos } from '../src/chaos/runner.js';
import { chaosSchedule, formatEvent } from '../src/chaos/schedule.js';

/**
 * Seeds chosen to cover every fault kind between them, in both rounds (see the first test), and
 * short enough together for CI.
 */
const SEEDS = [1, 14] as const;

test('the CI seeds cover every fault kind, with deploy and healing faults', () => {
  const events = SEEDS.flatMap((s) => chaosSchedule(s).events);
  for (const kind of [
    'scheduler-kill',
    'master-failover',
    'agent-restart',
    'agent-partition',
    'gateway-outage',
  ])
    assert.ok(
      events.some((e) => e.kind === kind),
      `${kind} in ${events.map(formatEvent).join('; ')}`,
    );
});

for (const seed of SEEDS)
  test(`chaos seed ${seed}: the deploy and the healing round end whole, nothing twice, nothing leaked`, async () => {
    const r = await runChaos(seed, { timeoutMs: 180_000 });
    console.log(`  seed ${seed}: ${r.seconds.toFixed(1)} s, ${r.events.length} faults`);
    assert.equal(
      r.violations,
      [],
      `seed ${seed} (npm run chaos -w e2e -- --seed ${seed}):\n${r.log.join('\n')}`,
    );
  });

test.run();

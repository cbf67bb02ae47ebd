import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import {
  decideExpansion,
  defaultPolicyConfig,
  countsAgainstCaps,
  type LedgerEntry,
  type NodeId,
  type PolicyConfig,
  type PolicyNode,
} from '../src/index.js';

const min = 60_000;
const NOW = Date.UTC(2026, 10, 25, 12);

const arbConfig = fc.record({
  triggerPercent: fc.integer({ min: 50, max: 95 }),
  consecutiveSamples: fc.integer({ min: 1, max: 4 }),
  minVolumeGiB: fc.integer({ min: 1, max: 200 }),
  volumeSpan: fc.integer({ min: 0, max: 2000 }),
  maxNodesPerExpansion: fc.integer({ min: 1, max: 5 }),
  maxVolumesPerNode: fc.integer({ min: 1, max: 6 }),
  maxGiBPerNode: fc.integer({ min: 0, max: 5000 }),
  maxTotalGiB: fc.integer({ min: 0, max: 20000 }),
  dailyBudgetGiB: fc.integer({ min: 0, max: 5000 }),
  attachmentReserve: fc.integer({ min: 0, max: 2 }),
  stepGiB: fc.integer({ min: 1, max: 5000 }),
  dryRun: fc.boolean(),
});

const arbNodes = fc.uniqueArray(
  fc.record({
    id: fc.integer({ min: 1, max: 9 }),
    faultSet: fc.option(fc.constantFrom('A', 'B', 'C'), { nil: undefined }),
    attachments: fc.integer({ min: 0, max: 30 }),
    maxAttachments: fc.integer({ min: 1, max: 30 }),
  }),
  { selector: (n) => n.id, maxLength: 7 },
);

const arbLedger = fc.array(
  fc.record({
    node: fc.integer({ min: 1, max: 9 }),
    sizeGiB: fc.integer({ min: 1, max: 2000 }),
    ageMin: fc.integer({ min: 31, max: 4000 }),
    state: fc.constantFrom('completed', 'failed', 'rolledBack'),
    dryRun: fc.boolean(),
    pool: fc.constantFrom('pd/sp', 'pd/other'),
  }),
  { maxLength: 12 },
);

test('policy invariants: an Expand never breaks a cap, a limit or the spread rules', () => {
  fc.assert(
    fc.property(
      arbConfig,
      arbNodes,
      arbLedger,
      fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 90, max: 100 })),
      (cf, ns, ls, pct) => {
        const config: PolicyConfig = {
          ...defaultPolicyConfig,
          triggerPercent: cf.triggerPercent,
          clearPercent: cf.triggerPercent - 10,
          consecutiveSamples: cf.consecutiveSamples,
          minVolumeGiB: cf.minVolumeGiB,
          maxVolumeGiB: cf.minVolumeGiB + cf.volumeSpan,
          maxNodesPerExpansion: cf.maxNodesPerExpansion,
          maxVolumesPerNode: cf.maxVolumesPerNode,
          maxGiBPerNode: cf.maxGiBPerNode,
          maxTotalGiB: cf.maxTotalGiB,
          dailyBudgetGiB: cf.dailyBudgetGiB,
          attachmentReserve: cf.attachmentReserve,
          step: { unit: 'gib', value: cf.stepGiB },
          dryRun: cf.dryRun,
        };
        const nodes: PolicyNode[] = ns.map((n) => ({
          node: `n${n.id}` as NodeId,
          attachments: n.attachments,
          maxAttachments: n.maxAttachments,
          ...(n.faultSet === undefined ? {} : { faultSet: n.faultSet }),
        }));
        const ledger: LedgerEntry[] = ls.map((l, i) => ({
          seq: i + 1,
          pool: l.pool,
          node: `n${l.node}` as NodeId,
          sizeGiB: l.sizeGiB,
          atMs: NOW - l.ageMin * min - 60 * min,
          state: l.state,
          dryRun: l.dryRun,
        }));
        const samples = [0, 1, 2, 3, 4].map((i) => ({
          atMs: NOW - (4 - i) * min,
          usedGiB: pct * 10,
          capacityGiB: 1000,
        }));
        const d = decideExpansion({ pool: 'pd/sp', samples, config, ledger, nodes, nowMs: NOW });
        assert.ok(d.reason.length > 0);
        if (d._tag !== 'Expand') return;
        const real = ledger.filter(countsAgainstCaps);
        const spent = real.reduce((a, e) => a + e.sizeGiB, 0);
        const today = real
          .filter((e) => e.atMs > NOW - 24 * 60 * min)
          .reduce((a, e) => a + e.sizeGiB, 0);
        assert.ok(d.volumes.length >= 1 && d.volumes.length <= config.maxNodesPerExpansion);
        assert.is(
          d.totalGiB,
          d.volumes.reduce((a, v) => a + v.sizeGiB, 0),
        );
        assert.ok(spent + d.totalGiB <= config.maxTotalGiB, 'total cap');
        assert.ok(today + d.totalGiB <= config.dailyBudgetGiB, 'daily budget');
        assert.is(
          new Set(d.volumes.map((v) => v.node)).size,
          d.volumes.length,
          'one volume per node',
        );
        assert.is(d.dryRun, config.dryRun);
        for (const v of d.volumes) {
          const n = nodes.find((x) => x.node === v.node);
          assert.ok(n !== undefined, 'a known node');
          if (n === undefined) continue;
          assert.ok(
            v.sizeGiB >= config.minVolumeGiB && v.sizeGiB <= config.maxVolumeGiB,
            `size ${v.sizeGiB}`,
          );
          assert.ok(
            n.attachments + config.attachmentReserve + 1 <= n.maxAttachments,
            'a free slot beyond the reserve',
          );
          const mine = real.filter((e) => e.node === v.node);
          assert.ok(mine.length + 1 <= config.maxVolumesPerNode, 'per-node volume cap');
          assert.ok(
            mine.reduce((a, e) => a + e.sizeGiB, 0) + v.sizeGiB <= config.maxGiBPerNode,
            'per-node GiB cap',
          );
        }
        // Spread: one volume per group (fault set, or a node without one) before any group gets a second.
        const groupOf = (n: PolicyNode): string =>
          n.faultSet === undefined ? `node:${n.node}` : `fs:${n.faultSet}`;
        const eligibleGroups = new Set(
          nodes
            .filter((n) => {
              const mine = real.filter((e) => e.node === n.node);
              return (
                n.attachments + config.attachmentReserve + 1 <= n.maxAttachments &&
                mine.length < config.maxVolumesPerNode &&
                mine.reduce((a, e) => a + e.sizeGiB, 0) + config.minVolumeGiB <=
                  config.maxGiBPerNode
              );
            })
            .map(groupOf),
        );
        const usedGroups = new Set(
          d.volumes.map((v) => groupOf(nodes.find((n) => n.node === v.node) as PolicyNode)),
        );
        assert.is(
          usedGroups.size,
          Math.min(d.volumes.length, eligibleGroups.size),
          'spread over groups first',
        );
        // Over the trigger with enough samples is the only way to expand here.
        assert.ok(pct >= config.triggerPercent - 10, 'no expansion below the clear threshold');
      },
    ),
    { numRuns: 3000, seed: 20261125 },
  );
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emptyDeployState } from '@scaleio-framework/orchestrator';
import { emptyStatusInputs, STATUS_LIMITS, statusView } from '../src/status.js';
import {
  demoFacts,
  demoInputs,
  demoSamples,
  demoState,
  demoTime,
  percentFull,
  SECRETS,
} from './http-fixture.js';

test('the status document holds the framework, nodes, system, pools, ledger and events', () => {
  const s = statusView(demoState(), demoFacts, demoTime(30), demoInputs());
  assert.is(s.framework.id, 'fw-2026-0001');
  assert.is(s.framework.master, 'http://master.example:5050');
  assert.is(s.framework.uptimeSeconds, 30 * 60);
  assert.is(s.nodes.length, 5);
  const byHost = Object.fromEntries(s.nodes.map((n) => [n.hostname, n]));
  assert.equal(
    s.nodes.map((n) => n.role),
    ['primary', 'secondary', 'tiebreaker', 'storage', 'storage'],
  );
  assert.is(byHost['node-0.example']?.faultSet, 'fs_r0');
  assert.is(byHost['node-1.example']?.status, 'running');
  assert.is(byHost['node-1.example']?.step, 'sds');
  assert.is(byHost['node-3.example']?.status, 'failed');
  assert.match(
    byHost['node-3.example']?.lastError ?? '',
    /^install failed: mdm --password \[secret\]$/,
  );
  assert.equal(s.deploy.failedNodes, ['node-3.example']);
  assert.is(s.system?.mdmCluster.mode, 'ThreeNodes');
  assert.is(s.system?.mdmCluster.state, 'ClusteredNormal');
  assert.equal(
    s.system?.mdmCluster.members.map((m) => m.zone),
    ['zone-a', 'zone-b', 'zone-c'],
  );
  assert.equal(
    s.system?.mdmCluster.members.map((m) => m.role),
    ['primary', 'secondary', 'tiebreaker'],
  );
  const pool = s.pools[0];
  const last = demoSamples().at(-1)!;
  assert.is(pool?.key, 'default/default');
  assert.is(pool?.percentFull, percentFull(last));
  assert.is(pool?.capacity?.usableKb, last.maxCapacityInKb - last.spareCapacityInKb);
  assert.is(pool?.capacity?.inUseKb, last.capacityInUseInKb);
  assert.equal(pool?.thresholds, { triggerPercent: 80, clearPercent: 70 });
  assert.is(s.ledger.total, 1);
  assert.is(s.ledger.entries[0]?.volume, 'vol-0abc');
  assert.equal(
    s.events.map((e) => e.kind),
    ['expansion', 'step-failed', 'subscribed'],
  );
});

test('percent full is in use / (max - spare)', () => {
  const s = { atMs: 0, capacityInUseInKb: 300, maxCapacityInKb: 1100, spareCapacityInKb: 100 };
  assert.is(percentFull(s), 30);
  assert.is(percentFull({ ...s, maxCapacityInKb: 100 }), 100);
  assert.is(
    percentFull({ ...s, capacityInUseInKb: 0, maxCapacityInKb: 0, spareCapacityInKb: 0 }),
    0,
  );
});

test('no planted secret appears anywhere in the status JSON', () => {
  const json = JSON.stringify(statusView(demoState(), demoFacts, demoTime(30), demoInputs()));
  for (const v of Object.values(SECRETS)) assert.not.ok(json.includes(v), `leaked ${v}`);
  assert.ok(json.includes('[secret]'), 'the scrubbed texts are still there, redacted');
  // the extra fields on the inputs are not copied at all
  assert.not.ok(json.includes('secretAccessKey'));
  assert.not.ok(/"password"|"token"/.test(json));
});

test('without extra inputs the status has empty parts', () => {
  const s = statusView(emptyDeployState(), demoFacts, demoTime(0));
  assert.equal([s.nodes, s.pools, s.ledger.entries, s.events, s.system], [[], [], [], [], null]);
  assert.equal(s.healing, {
    ...emptyStatusInputs.healing,
    pools: [],
    leaks: null,
    totals: null,
    lastError: null,
  });
});

test('the healing section says which cap blocked each pool, the leak check and each stage', () => {
  const inputs = demoInputs();
  const blocked = {
    protectionDomain: 'default',
    pool: 'default',
    decision: 'Blocked',
    why: 'dailyBudget',
    reason: 'the 200 GiB budget of the last 24 h is spent',
    blockedBy: 'dailyBudget',
  };
  const s = statusView(demoState(), demoFacts, demoTime(30), {
    ...inputs,
    healing: {
      enabled: true,
      paused: false,
      approvalMode: false,
      dryRun: false,
      pools: [blocked],
      leaks: { checkedAtMs: 1234, volumes: ['vol-0leak'] },
      totals: { volumes: 2, addedGiB: 200, last24hGiB: 200, failed: 0, rolledBack: 1 },
      lastError: `attach failed with ${SECRETS.password}`,
    },
    ledger: inputs.ledger.map((e) => ({ ...e, stage: 'attached' })),
  });
  assert.equal(s.healing.pools, [{ ...blocked, shrink: null }]);
  assert.equal(s.healing.leaks, { checkedAtMs: 1234, volumes: ['vol-0leak'] });
  assert.is(s.healing.totals?.rolledBack, 1);
  assert.is(s.ledger.entries[0]?.stage, 'attached');
  assert.not.match(JSON.stringify(s), SECRETS.password);
  assert.match(s.healing.lastError ?? '', /\[secret\]/);
});

test('ledger and events are capped, newest first', () => {
  const base = demoInputs();
  const ledger = Array.from({ length: 150 }, (_, i) => ({ ...base.ledger[0]!, seq: i, atMs: i }));
  const events = Array.from({ length: 80 }, (_, i) => ({ ...base.events[0]!, atMs: i }));
  const s = statusView(demoState(), demoFacts, 0, { ...base, ledger, events });
  assert.is(s.ledger.total, 150);
  assert.is(s.ledger.entries.length, STATUS_LIMITS.ledger);
  assert.is(s.ledger.entries[0]?.seq, 149);
  assert.is(s.events.length, STATUS_LIMITS.events);
  assert.is(s.events[0]?.atMs, 79);
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exposedValue as valueOf } from '@scaleio-framework/testkit';
import { createMetrics } from '../src/metrics.js';
import { demoInputs, demoSamples, demoState, observeDemo, SECRETS } from './http-fixture.js';

test('every metric of the operator surface is recorded and scraped', async () => {
  const m = createMetrics({ build: { version: '1.2.3', revision: 'abc1234' } });
  observeDemo(m, {
    decision: 'Blocked',
    why: 'dailyBudget',
    reason: 'spent',
    blockedBy: 'dailyBudget',
  });
  m.recordStep('sds', 'finished', 2.5);
  m.recordStep('sds', 'failed', 0.7);
  m.recordStep('sds', 'failed', 0.3);
  m.recordSubscribed(true);
  m.recordSubscribed(false);
  m.recordSubscribed(true, true);
  m.recordOffers(10, 7);
  m.recordOffers(3, 0);
  m.recordExpansion('verified');
  m.recordExpansion('verified');
  m.recordExpansion('rolled_back');
  m.recordEc2Call('CreateVolume', 0.2, { ok: true });
  m.recordEc2Call('AttachVolume', 1.2, { ok: false, code: 'Throttled' });
  m.recordGatewayCall('querySelectedStatistics', 0.03, { ok: true });
  m.recordGatewayCall('addSds', 0.4, { ok: false, code: 'Unauthorized' });
  m.recordTurn([0.5, 2, 40], { ms: 4, ok: true });
  m.recordTurn([0], { ms: 2, ok: false });
  m.recordTurn([3]);
  const { body, contentType } = await m.render();
  assert.match(contentType, 'text/plain');
  const v = (s: string) => valueOf(body, s);
  assert.is(v('scaleio_framework_build_info{version="1.2.3",revision="abc1234"}'), 1);
  assert.is(v('scaleio_framework_leader'), 1);
  assert.is(v('scaleio_nodes{phase="sds",status="failed"}'), 1);
  assert.is(v('scaleio_nodes{phase="sds",status="running"}'), 1);
  assert.is(v('scaleio_nodes{phase="prerequisites",status="pending"}'), 1);
  assert.is(v('scaleio_step_duration_seconds_count{step="sds",outcome="failed"}'), 2);
  assert.is(v('scaleio_step_duration_seconds_sum{step="sds",outcome="finished"}'), 2.5);
  assert.is(v('scaleio_mesos_subscribed'), 1);
  assert.is(v('scaleio_mesos_resubscriptions_total'), 1);
  assert.is(v('scaleio_offers_received_total'), 13);
  assert.is(v('scaleio_offers_declined_total'), 7);
  assert.is(v('scaleio_mdm_cluster_state{mode="ThreeNodes",state="ClusteredNormal"}'), 1);
  assert.is(v('scaleio_mdm_members{role="secondary",status="Normal"}'), 1);
  const last = demoSamples().at(-1)!;
  const pool = 'protection_domain="default",pool="default"';
  assert.is(v(`scaleio_pool_capacity_bytes{${pool},kind="in_use"}`), last.capacityInUseInKb * 1024);
  assert.is(v(`scaleio_pool_capacity_bytes{${pool},kind="total"}`), last.maxCapacityInKb * 1024);
  assert.is(
    v(`scaleio_pool_capacity_bytes{${pool},kind="usable"}`),
    (last.maxCapacityInKb - last.spareCapacityInKb) * 1024,
  );
  const usage = v(`scaleio_pool_usage_ratio{${pool}}`) ?? NaN;
  assert.ok(usage > 0.655 && usage < 0.657, `usage ratio ${usage}`);
  assert.is(v(`scaleio_pool_threshold_ratio{${pool},threshold="trigger"}`), 0.8);
  assert.is(v(`scaleio_pool_threshold_ratio{${pool},threshold="clear"}`), 0.7);
  assert.is(v(`scaleio_healing_decision{${pool},decision="Blocked",why="dailyBudget"}`), 1);
  assert.is(v('scaleio_expansions_total{outcome="verified"}'), 2);
  assert.is(v('scaleio_expansions_total{outcome="rolled_back"}'), 1);
  assert.is(v('scaleio_expansions_total{outcome="dry_run"}'), 0);
  assert.is(v('scaleio_ec2_call_seconds_count{operation="AttachVolume",outcome="Throttled"}'), 1);
  assert.is(v('scaleio_ec2_call_seconds_count{operation="CreateVolume",outcome="ok"}'), 1);
  assert.is(
    v('scaleio_gateway_call_seconds_count{operation="querySelectedStatistics",outcome="ok"}'),
    1,
  );
  assert.is(v('scaleio_gateway_call_seconds_count{operation="addSds",outcome="Unauthorized"}'), 1);
  assert.is(v('scaleio_turn_events_count'), 3);
  assert.is(v('scaleio_turn_events_sum'), 5);
  assert.is(v('scaleio_event_wait_seconds_count'), 5);
  assert.is(v('scaleio_event_wait_seconds_bucket{le="0.01"}'), 4);
  assert.is(v('scaleio_state_save_seconds_count{outcome="ok"}'), 1);
  assert.is(v('scaleio_state_save_seconds_sum{outcome="ok"}'), 0.004);
  assert.is(v('scaleio_state_save_seconds_count{outcome="error"}'), 1);
  assert.not.match(body, /percent/);
  for (const s of Object.values(SECRETS)) assert.not.ok(body.includes(s));
});

test('a fresh registry: build info, leader 0, not subscribed, expansions at 0 for every outcome', async () => {
  const { body } = await createMetrics().render();
  assert.match(body, 'scaleio_framework_build_info{version="0.0.0-dev",revision="unknown"} 1');
  assert.match(body, /^scaleio_framework_leader 0$/m);
  assert.match(body, /^scaleio_mesos_subscribed 0$/m);
  for (const o of ['verified', 'rolled_back', 'failed', 'dry_run', 'declined'])
    assert.match(body, `scaleio_expansions_total{outcome="${o}"} 0`);
});

test('gauges follow the state: a node that moves on leaves its old phase', async () => {
  const m = createMetrics();
  m.observeState(demoState());
  m.observePools(demoInputs().pools);
  m.observeSystem(demoInputs().system);
  m.observeState({ ...demoState(), nodes: {} });
  m.observePools([]);
  m.observeSystem(undefined);
  const { body } = await m.render();
  assert.not.match(body, /^scaleio_nodes\{/m);
  assert.not.match(body, /^scaleio_pool_usage_ratio\{/m);
  assert.not.match(body, /^scaleio_mdm_cluster_state\{/m);
});

test('process metrics are opt-in', async () => {
  assert.not.match((await createMetrics().render()).body, 'process_cpu');
  assert.match((await createMetrics({ processMetrics: true }).render()).body, 'process_cpu');
});

test.run();

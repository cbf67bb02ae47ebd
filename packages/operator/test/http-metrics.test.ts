import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMetrics } from '../src/metrics.js';
import { demoInputs, demoSamples, demoState, SECRETS } from './http-fixture.js';

/** The value of one sample line of the exposition, or undefined. */
const valueOf = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

test('every metric of the operator surface is recorded and scraped', async () => {
  const m = createMetrics();
  m.observeState(demoState());
  m.observePools(demoInputs().pools);
  m.recordStep('sds', 'finished', 2.5);
  m.recordStep('sds', 'failed', 0.7);
  m.recordStep('sds', 'failed', 0.3);
  m.recordSubscribed(true);
  m.recordSubscribed(false);
  m.recordSubscribed(true, true);
  m.recordOffers(10, 7);
  m.recordOffers(3, 0);
  m.recordExpansion('completed');
  m.recordExpansion('completed');
  m.recordExpansion('failed');
  m.recordEc2Call('CreateVolume', 0.2, { ok: true });
  m.recordEc2Call('AttachVolume', 1.2, { ok: false, code: 'Throttled' });
  m.recordGatewayCall('querySelectedStatistics', 0.03, { ok: true });
  m.recordGatewayCall('addSds', 0.4, { ok: false, code: 'Unauthorized' });
  const { body, contentType } = await m.render();
  assert.match(contentType, 'text/plain');
  const v = (s: string) => valueOf(body, s);
  assert.is(v('scaleio_nodes{phase="sds",status="failed"}'), 1);
  assert.is(v('scaleio_nodes{phase="sds",status="running"}'), 1);
  assert.is(v('scaleio_nodes{phase="prerequisites",status="pending"}'), 1);
  assert.is(v('scaleio_step_duration_seconds_count{step="sds",outcome="failed"}'), 2);
  assert.is(v('scaleio_step_duration_seconds_sum{step="sds",outcome="finished"}'), 2.5);
  assert.is(v('scaleio_step_failures_total{step="sds"}'), 2);
  assert.is(v('scaleio_mesos_subscribed'), 1);
  assert.is(v('scaleio_mesos_resubscriptions_total'), 1);
  assert.is(v('scaleio_offers_received_total'), 13);
  assert.is(v('scaleio_offers_declined_total'), 7);
  const last = demoSamples().at(-1)!;
  const pool = 'protection_domain="default",pool="default"';
  assert.is(v(`scaleio_pool_capacity_bytes{${pool},kind="in_use"}`), last.capacityInUseInKb * 1024);
  assert.is(
    v(`scaleio_pool_capacity_bytes{${pool},kind="usable"}`),
    (last.maxCapacityInKb - last.spareCapacityInKb) * 1024,
  );
  assert.is(v(`scaleio_pool_percent_full{${pool}}`), 65.6);
  assert.is(v(`scaleio_pool_threshold_percent{${pool},threshold="trigger"}`), 80);
  assert.is(v('scaleio_expansions_total{outcome="completed"}'), 2);
  assert.is(v('scaleio_expansions_total{outcome="failed"}'), 1);
  assert.is(v('scaleio_ec2_call_seconds_count{operation="AttachVolume",outcome="error"}'), 1);
  assert.is(v('scaleio_ec2_call_errors_total{operation="AttachVolume",code="Throttled"}'), 1);
  assert.is(
    v('scaleio_ec2_call_errors_total{operation="CreateVolume",code="Throttled"}'),
    undefined,
  );
  assert.is(
    v('scaleio_gateway_call_seconds_count{operation="querySelectedStatistics",outcome="ok"}'),
    1,
  );
  assert.is(v('scaleio_gateway_call_errors_total{operation="addSds",code="Unauthorized"}'), 1);
  for (const s of Object.values(SECRETS)) assert.not.ok(body.includes(s));
});

test('gauges follow the state: a node that moves on leaves its old phase', async () => {
  const m = createMetrics();
  m.observeState(demoState());
  m.observePools([]);
  m.observeState({ ...demoState(), nodes: {} });
  const { body } = await m.render();
  assert.not.match(body, /^scaleio_nodes\{/m);
  assert.not.match(body, /^scaleio_pool_percent_full\{/m);
});

test('process metrics are opt-in', async () => {
  assert.not.match((await createMetrics().render()).body, 'process_cpu');
  assert.match((await createMetrics({ processMetrics: true }).render()).body, 'process_cpu');
});

test.run();

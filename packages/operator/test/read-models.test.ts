/**
 * The read models fed by observations: step durations from the deploy states the core decides,
 * expansion outcomes from the healer's statuses, the system and its MDM cluster from the gateway,
 * leadership, and healing as configured (pools shown against the policy's thresholds while
 * healing is off).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exposedValue as valueOf } from '@scaleio-framework/testkit';
import { right } from 'fp-ts/lib/Either.js';
import {
  applyStepEvent,
  defaultClusterSpec,
  type AgentId,
  type DeployState,
  type DeployStep,
} from '@scaleio-framework/orchestrator';
import {
  figuresFromKb,
  type HealerStatus,
  type HealingEntry,
  type PoolStat,
} from '@scaleio-framework/healing';
import type { MdmCluster, System } from '@scaleio-framework/scaleio';
import { createReadModels } from '../src/read-models.js';
import { readSystemInfo, systemInfoOf } from '../src/system-view.js';
import { createMetrics } from '../src/metrics.js';
import { demoState } from './http-fixture.js';

const scrape = async (models: ReturnType<typeof createReadModels>) =>
  (await models.metrics.render()).body;

const A = 'agent-4' as AgentId;
const step = (
  s: DeployState,
  name: string,
  event: 'start' | 'finish' | 'fail' | 'lost',
  now: number,
) =>
  applyStepEvent(s, defaultClusterSpec, {
    agentId: A,
    step: name as DeployStep,
    event,
    now,
    ...(event === 'fail' ? { reason: 'exit 1' } : {}),
  });

test('step durations: from start to end, by outcome; also across a restart', async () => {
  const models = createReadModels();
  let s = demoState();
  models.observeDeploy(s);
  s = step(s, 'prereqs', 'start', 1_000);
  models.observeDeploy(s);
  models.observeDeploy(s); // the same state again: nothing ends twice
  s = step(s, 'prereqs', 'fail', 4_000);
  models.observeDeploy(s);
  s = step(s, 'prereqs', 'start', 5_000);
  models.observeDeploy(s);
  s = step(s, 'prereqs', 'lost', 5_500);
  models.observeDeploy(s);
  s = step(s, 'prereqs', 'start', 6_000);
  models.observeDeploy(s);
  s = step(s, 'prereqs', 'finish', 8_500);
  models.observeDeploy(s);
  const body = await scrape(models);
  const l = (outcome: string) => `step="prereqs",outcome="${outcome}"`;
  assert.is(valueOf(body, `scaleio_step_duration_seconds_sum{${l('failed')}}`), 3);
  assert.is(valueOf(body, `scaleio_step_duration_seconds_sum{${l('lost')}}`), 0.5);
  assert.is(valueOf(body, `scaleio_step_duration_seconds_sum{${l('finished')}}`), 2.5);
  assert.is(valueOf(body, `scaleio_step_duration_seconds_count{${l('finished')}}`), 1);

  // a restarted process that first sees the step running reads its start from the state
  const later = createReadModels();
  let t = step(s, 'sds', 'start', 9_000);
  later.observeDeploy(t);
  t = step(t, 'sds', 'finish', 12_000);
  later.observeDeploy(t);
  assert.is(
    valueOf(
      await scrape(later),
      'scaleio_step_duration_seconds_sum{step="sds",outcome="finished"}',
    ),
    3,
  );
});

const entry = (id: string, stage: HealingEntry['stage'], updatedAtMs: number): HealingEntry =>
  ({ id, stage, updatedAtMs, state: 'inProgress' }) as unknown as HealingEntry;
const healer = (entries: HealingEntry[]): HealerStatus => ({
  enabled: true,
  paused: false,
  dryRun: false,
  approval: false,
  pools: [],
  inFlight: entries.filter((e) => e.stage === 'intent' || e.stage === 'attached'),
  awaitingApproval: [],
  recent: entries.filter((e) => e.stage !== 'intent' && e.stage !== 'attached'),
  totals: {
    volumes: 0,
    addedGiB: 0,
    last24hGiB: 0,
    failed: 0,
    rolledBack: 0,
    removed: 0,
    removedGiB: 0,
  },
  leaks: null,
  lastError: null,
  events: [],
});

test('expansion outcomes: each entry counts once when final; final before the start does not', async () => {
  const models = createReadModels({ startedAtMs: 10_000 });
  const th = { triggerPercent: 80, clearPercent: 70 };
  models.observeHealer(
    healer([entry('exp-1', 'verified', 5_000), entry('exp-2', 'intent', 11_000)]),
    th,
  );
  models.observeHealer(
    healer([entry('exp-1', 'verified', 5_000), entry('exp-2', 'attached', 12_000)]),
    th,
  );
  models.observeHealer(
    healer([
      entry('exp-1', 'verified', 5_000),
      entry('exp-2', 'verified', 13_000),
      entry('exp-3', 'dryRun', 13_000),
    ]),
    th,
  );
  models.observeHealer(
    healer([entry('exp-2', 'verified', 13_000), entry('exp-3', 'dryRun', 13_000)]),
    th,
  );
  const body = await scrape(models);
  assert.is(valueOf(body, 'scaleio_expansions_total{outcome="verified"}'), 1);
  assert.is(valueOf(body, 'scaleio_expansions_total{outcome="dry_run"}'), 1);
  assert.is(valueOf(body, 'scaleio_expansions_total{outcome="failed"}'), 0);
});

const system: System = { id: 'sys1' as System['id'], name: 'scaleio', systemVersionName: 'R2_0' };
const cluster: MdmCluster = {
  id: '5302483491453710272',
  clusterMode: 'ThreeNodes',
  clusterState: 'ClusteredNormal',
  master: { id: 'm1' as never, name: 'mdm1', ips: ['10.0.0.1'], role: 'Manager', status: 'Normal' },
  slaves: [{ id: 'm2' as never, ips: ['10.0.0.2'], role: 'Manager', status: 'Normal' }],
  tieBreakers: [{ id: 'm3' as never, name: 'tb', ips: ['10.0.0.3'], status: 'Normal' }],
};
const zones: Record<string, string> = { '10.0.0.1': 'a', '10.0.0.2': 'b', '10.0.0.3': 'c' };

test('the system read from the gateway: members with roles and zones, in status and metrics', async () => {
  const info = await readSystemInfo(
    {
      run: () => Promise.resolve(right([system])) as never,
      mdmCluster: () => Promise.resolve(right(cluster)),
    },
    (ip) => zones[ip],
  );
  assert.equal(
    info,
    systemInfoOf(system, cluster, (ip) => zones[ip]),
  );
  assert.equal(
    info?.members.map((m) => [m.name, m.role, m.zone, m.status]),
    [
      ['mdm1', 'primary', 'a', 'Normal'],
      ['m2', 'secondary', 'b', 'Normal'],
      ['tb', 'tiebreaker', 'c', 'Normal'],
    ],
  );
  const models = createReadModels();
  models.observeSystem(info);
  assert.is(models.statusInputs().system?.mdmClusterState, 'ClusteredNormal');
  const body = await scrape(models);
  assert.is(
    valueOf(body, 'scaleio_mdm_cluster_state{mode="ThreeNodes",state="ClusteredNormal"}'),
    1,
  );
  assert.is(valueOf(body, 'scaleio_mdm_members{role="tiebreaker",status="Normal"}'), 1);
  const errors: string[] = [];
  const none = await readSystemInfo(
    {
      run: () => Promise.resolve({ _tag: 'Left', left: { _tag: 'Unauthorized' } }) as never,
      mdmCluster: () => Promise.resolve(right(cluster)),
    },
    undefined,
    (kind) => errors.push(kind),
  );
  assert.is(none, undefined);
  assert.equal(errors, ['Unauthorized']);
});

test('healing as configured: off, with the policy thresholds on sampled pools; leadership', async () => {
  const models = createReadModels({
    metrics: createMetrics(),
    healing: { enabled: false, thresholds: { triggerPercent: 85, clearPercent: 75 } },
  });
  const stat: PoolStat = {
    pool: { key: 'pd/sp', id: 'sp', name: 'sp', protectionDomain: 'pd', protectionDomainId: 'pd' },
    figures: figuresFromKb({
      capacityInUseInKb: 0,
      maxCapacityInKb: 1000 * 2 ** 20,
      spareCapacityInKb: 100 * 2 ** 20,
    }),
    nodes: [],
  };
  models.observePoolStats([stat], 1_000);
  const i = models.statusInputs();
  assert.is(i.healing.enabled, false);
  assert.equal(
    i.pools.map((p) => [p.triggerPercent, p.clearPercent]),
    [[85, 75]],
  );
  models.observeLeader(true);
  const body = await scrape(models);
  assert.is(valueOf(body, 'scaleio_framework_leader'), 1);
  assert.is(
    valueOf(
      body,
      'scaleio_pool_threshold_ratio{protection_domain="pd",pool="sp",threshold="trigger"}',
    ),
    0.85,
  );
  assert.is(valueOf(body, 'scaleio_pool_usage_ratio{protection_domain="pd",pool="sp"}'), 0);
});

test.run();

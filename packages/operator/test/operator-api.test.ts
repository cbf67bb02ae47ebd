/**
 * The operator API over a live scheduler: read models fed by observations, handlers that only
 * read. Pool samples observed, then `GET /metrics` alone shows the pool gauges (before, they were
 * refreshed only inside `GET /api/v1/status`), and reading the status twice changes nothing.
 */
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exposedValue as valueOf } from '@scaleio-framework/testkit';
import { figuresFromKb, type HealerStatus, type PoolStat } from '@scaleio-framework/healing';
import type { AgentId } from '@scaleio-framework/orchestrator';
import { createReadModels } from '../src/read-models.js';
import {
  notStarted,
  operatorApi,
  type HealerActions,
  type LiveScheduler,
} from '../src/operator-api.js';
import { Secret } from '../src/secret.js';
import { startHttpServer } from '../src/server.js';
import { demoState, demoTime, SECRETS } from './http-fixture.js';

const TOKEN = new Secret(SECRETS.token);
const kb = {
  capacityInUseInKb: 54 * 2 ** 20,
  maxCapacityInKb: 300 * 2 ** 20,
  spareCapacityInKb: 30 * 2 ** 20,
};
const stat: PoolStat = {
  pool: {
    key: 'pd1/sp1',
    id: 'sp1',
    name: 'sp1',
    protectionDomain: 'pd1',
    protectionDomainId: 'pd1',
  },
  figures: figuresFromKb(kb),
  nodes: [],
};
const POOL = 'protection_domain="pd1",pool="sp1"';

/** A scheduler that leads, with the demo's deploy state; the healer as given. */
const leading = (healer?: HealerActions): LiveScheduler => ({
  ...notStarted(),
  leader: true,
  subscribed: true,
  core: {
    state: demoState,
    suppressed: () => false,
    retryNode: (id) => Promise.resolve(id === ('agent-3' as AgentId)),
  },
  client: { frameworkId: () => ({ value: 'fw-1' }), leader: () => 'http://m:5050' },
  ...(healer === undefined ? {} : { healer }),
});

const serve = async (live: LiveScheduler, models = createReadModels()) => {
  const server = await startHttpServer(
    operatorApi(live, {
      models,
      secrets: [TOKEN],
      operatorToken: TOKEN,
      startedAt: demoTime(0),
      now: () => demoTime(30),
      executorFile: undefined,
    }),
    '127.0.0.1',
    0,
  );
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = async (path: string) => (await fetch(`${base}${path}`)).text();
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRETS.token}` },
      body: JSON.stringify(body),
    });
    return [r.status, await r.json()] as const;
  };
  return {
    models,
    url: base,
    get,
    post,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
};

test('pools sampled: GET /metrics alone shows the pool gauges; the status twice changes nothing', async () => {
  const s = await serve(leading());
  try {
    s.models.observeDeploy(demoState());
    s.models.observePoolStats([stat], demoTime(29));
    const metrics = await s.get('/metrics');
    assert.is(valueOf(metrics, `scaleio_pool_usage_ratio{${POOL}}`), 0.2);
    assert.is(valueOf(metrics, `scaleio_pool_capacity_bytes{${POOL},kind="spare"}`), 30 * 2 ** 30);
    assert.is(valueOf(metrics, `scaleio_pool_capacity_bytes{${POOL},kind="total"}`), 300 * 2 ** 30);
    assert.is(valueOf(metrics, 'scaleio_nodes{phase="sds",status="failed"}'), 1);
    const history = await s.get('/api/v1/history');
    const first = await s.get('/api/v1/status');
    const second = await s.get('/api/v1/status');
    assert.is(second, first);
    assert.is(await s.get('/metrics'), metrics);
    assert.is(await s.get('/api/v1/history'), history);
    const pool = (
      JSON.parse(first) as { pools: { key: string; capacity: Record<string, number> }[] }
    ).pools[0];
    assert.is(pool?.key, 'pd1/sp1');
    assert.equal(pool?.capacity, {
      maxKb: kb.maxCapacityInKb,
      spareKb: kb.spareCapacityInKb,
      usableKb: kb.maxCapacityInKb - kb.spareCapacityInKb,
      inUseKb: kb.capacityInUseInKb,
      freeKb: kb.maxCapacityInKb - kb.spareCapacityInKb - kb.capacityInUseInKb,
    });
  } finally {
    await s.close();
  }
});

test("the healer's status observed: pools with thresholds, ledger and healing section", async () => {
  const s = await serve(leading());
  try {
    const status: HealerStatus = {
      enabled: true,
      paused: true,
      dryRun: false,
      approval: false,
      pools: [
        {
          pool: 'pd1/sp1',
          poolId: 'sp1',
          protectionDomain: 'pd1',
          name: 'sp1',
          percentFull: 20,
          ...stat.figures,
          sampledAtMs: demoTime(29),
          samples: 3,
          nodes: 1,
          decision: null,
          blockedBy: null,
          shrink: null,
        },
      ],
      inFlight: [],
      awaitingApproval: [],
      recent: [],
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
    };
    s.models.observeHealer(status, { triggerPercent: 80, clearPercent: 70 });
    const metrics = await s.get('/metrics');
    assert.is(valueOf(metrics, `scaleio_pool_threshold_ratio{${POOL},threshold="trigger"}`), 0.8);
    assert.is(valueOf(metrics, `scaleio_pool_usage_ratio{${POOL}}`), 0.2);
    const doc = JSON.parse(await s.get('/api/v1/status')) as {
      pools: { key: string; thresholds: unknown }[];
      healing: { paused: boolean };
    };
    assert.equal(
      doc.pools.map((p) => [p.key, p.thresholds]),
      [['pd1/sp1', { triggerPercent: 80, clearPercent: 70 }]],
    );
    assert.is(doc.healing.paused, true);
  } finally {
    await s.close();
  }
});

test('actions over the live view: healing off, healing on, retry a node, not leading', async () => {
  const calls: string[] = [];
  const healer: HealerActions = {
    approve: (id) =>
      Promise.resolve(id === 'exp-1' ? { ok: true } : { ok: false, error: `no entry ${id}` }),
    decline: () => Promise.resolve({ ok: true }),
    pause: () => (calls.push('pause'), Promise.resolve({ ok: true })),
    resume: () => Promise.resolve({ ok: true }),
    drain: (id) =>
      Promise.resolve(id === 'exp-1' ? { ok: true } : { ok: false, error: `no entry ${id}` }),
  };
  const off = await serve(leading());
  try {
    assert.equal(await off.post('/api/v1/actions/healing-pause', {}), [
      409,
      { error: 'capacity healing is not enabled (--healing-enabled)' },
    ]);
    assert.equal(await off.post('/api/v1/actions/retry-node', { agentId: 'agent-3' }), [
      200,
      { retried: 'agent-3' },
    ]);
    assert.equal(await off.post('/api/v1/actions/retry-node', { agentId: 'nope' }), [
      404,
      { error: 'no node nope' },
    ]);
  } finally {
    await off.close();
  }
  const on = await serve(leading(healer));
  try {
    assert.equal(await on.post('/api/v1/actions/healing-pause', {}), [200, { ok: true }]);
    assert.equal(calls, ['pause']);
    assert.equal(await on.post('/api/v1/actions/healing-approve', { id: 'exp-1' }), [
      200,
      { ok: true },
    ]);
    assert.equal(await on.post('/api/v1/actions/healing-approve', { id: 'exp-9' }), [
      400,
      { error: 'no entry exp-9' },
    ]);
    assert.equal(await on.post('/api/v1/actions/healing-drain', { id: 'exp-1' }), [
      200,
      { ok: true },
    ]);
    assert.equal(await on.post('/api/v1/actions/healing-drain', { id: 'exp-9' }), [
      400,
      { error: 'no entry exp-9' },
    ]);
  } finally {
    await on.close();
  }
  const waiting = await serve(notStarted());
  try {
    assert.equal(JSON.parse(await waiting.get('/api/v1/status')), {
      framework: { leader: false, subscribed: false },
      nodes: [],
    });
    assert.equal(JSON.parse(await waiting.get('/health')), {
      ok: true,
      leader: false,
      subscribed: false,
    });
    assert.equal(await waiting.post('/api/v1/actions/retry-node', { agentId: 'agent-3' }), [
      503,
      { error: 'not leading' },
    ]);
  } finally {
    await waiting.close();
  }
});

test('a Mesos protocol error makes /health 503 with the reason until the next SUBSCRIBED', async () => {
  const live = leading();
  const s = await serve(live);
  const health = async () => {
    const r = await fetch(`${s.url}/health`);
    return [r.status, await r.json()] as const;
  };
  try {
    assert.equal((await health())[0], 200);
    live.subscribed = false;
    live.mesosProblem = 'Mesos protocol error: SUBSCRIBED that does not decode';
    assert.equal(await health(), [
      503,
      {
        ok: false,
        leader: true,
        subscribed: false,
        problem: 'Mesos protocol error: SUBSCRIBED that does not decode',
      },
    ]);
    live.subscribed = true;
    live.mesosProblem = undefined;
    assert.equal(await health(), [200, { ok: true, leader: true, subscribed: true }]);
  } finally {
    await s.close();
  }
});

test.run();

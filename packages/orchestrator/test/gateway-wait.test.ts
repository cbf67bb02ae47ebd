// The gateway as the core sees it: an unavailable gateway makes a node wait (never fail, never
// use an attempt, the reason shown), with a capped and spread backoff; the certificate a gateway's
// node reports is recorded, and the primary's is the one to pin.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  applyStepEvent,
  decide,
  defaultClusterSpec,
  GATEWAY_WAIT_MAX_MS,
  gatewayWaitMs,
  initialModel,
  pinnedGatewayFingerprint,
  taskIdFor,
  type DeployState,
  type SchedulerModel,
} from '../src/index.js';
import { agent, aid, testSettings } from './fixtures.js';

const settings = testSettings;

/** Three agents offered once; every step of a0 done but its running storage-objects. */
const atStorageObjects = (): SchedulerModel => {
  const as = [0, 1, 2].map((i) => agent(`a${i}`, { rack: `r${i}` }));
  let m = initialModel(undefined, settings, 0);
  m = decide(
    m,
    { _tag: 'offers', offers: as.map((a, i) => ({ offerId: `o${i}`, agent: a })) },
    settings,
    1,
  ).model;
  const n = m.deploy.nodes[aid('a0')];
  assert.ok(n);
  const steps = Object.fromEntries(
    Object.entries(n.steps).map(([k, s]) => [
      k,
      { ...s, status: k === 'storage-objects' ? ('running' as const) : ('done' as const) },
    ]),
  );
  return { ...m, deploy: { ...m.deploy, nodes: { ...m.deploy.nodes, a0: { ...n, steps } } } };
};

const down = {
  _tag: 'gatewayStepDone' as const,
  agentId: aid('a0'),
  step: 'storage-objects' as const,
  error: 'protection domain default: Gateway(http 500, rc 0): Internal Server Error',
  gatewayUnavailable: true,
};

test('an unavailable gateway: the node waits far past maxAttempts, never failed, the reason shown', () => {
  let m = atStorageObjects();
  let now = 10;
  for (let i = 1; i <= settings.spec.maxAttempts * 3; i++) {
    const d = decide(m, down, settings, now);
    const s = d.model.deploy.nodes[aid('a0')]?.steps['storage-objects'];
    assert.is(s?.status, 'delayed');
    assert.is(s?.attempts, 0, 'no attempt used');
    assert.is(s?.waits, i);
    assert.match(s?.lastError ?? '', /^waiting for the gateway: protection domain default/);
    const wait = (s?.notBefore ?? 0) - now;
    assert.ok(wait > 0 && wait <= GATEWAY_WAIT_MAX_MS, `wait ${wait}`);
    assert.ok(
      d.actions.some(
        (a) => a._tag === 'log' && a.line.msg === 'gateway unavailable; the node waits',
      ),
    );
    // Its time comes: the tick starts the gateway step again.
    now = (s?.notBefore ?? 0) + 1;
    const t = decide(d.model, { _tag: 'tick' }, settings, now);
    assert.ok(t.actions.some((a) => a._tag === 'ensureStorageObjects' && a.agentId === 'a0'));
    m = t.model;
  }
  // The gateway is back: done, and the wait count is forgotten.
  const ok = decide(m, { ...down, error: undefined, gatewayUnavailable: false }, settings, now);
  const s = ok.model.deploy.nodes[aid('a0')]?.steps['storage-objects'];
  assert.equal([s?.status, s?.waits, s?.attempts], ['done', undefined, 0]);
});

test('a refusal that is not the gateway being down still uses attempts', () => {
  const m = atStorageObjects();
  const d = decide(m, { ...down, gatewayUnavailable: false }, settings, 10);
  const s = d.model.deploy.nodes[aid('a0')]?.steps['storage-objects'];
  assert.equal([s?.status, s?.attempts], ['delayed', 1]);
  assert.not.match(s?.lastError ?? '', /waiting for the gateway/);
});

test('gateway waits: doubling from the retry base, capped, spread a little per node, pure', () => {
  const spec = { ...defaultClusterSpec, retryBaseMs: 1000 };
  const full = [1, 2, 3, 4, 5, 6].map((w) => gatewayWaitMs(w, 'a0', spec));
  for (const [i, ms] of full.entries()) {
    const ceiling = Math.min(GATEWAY_WAIT_MAX_MS, 1000 * 2 ** i);
    assert.ok(ms <= ceiling && ms >= ceiling * 0.8, `${i}: ${ms} of ${ceiling}`);
  }
  assert.equal(
    full,
    [1, 2, 3, 4, 5, 6].map((w) => gatewayWaitMs(w, 'a0', spec)),
  );
  const spread = new Set(['a0', 'a1', 'a2', 'a3'].map((a) => gatewayWaitMs(5, a, spec)));
  assert.ok(spread.size > 1, 'nodes do not retry in step');
});

test('the certificate a gateway node reports is recorded; the primary one is pinned', () => {
  const m = atStorageObjects();
  const primary = Object.values(m.deploy.nodes).find((n) => n.role === 'primary');
  assert.ok(primary);
  const taskId = taskIdFor(primary.agentId, 'gateway', 0);
  let deploy: DeployState = {
    ...m.deploy,
    nodes: {
      ...m.deploy.nodes,
      [primary.agentId]: {
        ...primary,
        steps: { ...primary.steps, gateway: { status: 'running', attempts: 0, taskId } },
      },
    },
  };
  assert.is(pinnedGatewayFingerprint(deploy), undefined, 'nothing pinned before the report');
  const sha256 = `${'AB:'.repeat(31)}CD`;
  const d = decide(
    { ...m, deploy },
    {
      _tag: 'update',
      update: {
        taskId,
        agentId: primary.agentId,
        state: 'TASK_FINISHED',
        message: undefined,
        data: {
          step: 'gateway',
          gatewayCertificate: { sha256, pem: '-----BEGIN CERTIFICATE-----' },
        },
        uuid: 'u1',
      },
    },
    settings,
    20,
  );
  deploy = d.model.deploy;
  assert.is(deploy.nodes[primary.agentId]?.steps['gateway']?.status, 'done');
  assert.is(pinnedGatewayFingerprint(deploy), sha256);
  // Other nodes' reports never change the pin.
  const other = Object.values(deploy.nodes).find((n) => n.role !== 'primary');
  assert.ok(other);
  const again = applyStepEvent(deploy, settings.spec, {
    agentId: other.agentId,
    step: 'prereqs',
    event: 'finish',
    now: 21,
  });
  assert.is(pinnedGatewayFingerprint(again), sha256);
});

test.run();

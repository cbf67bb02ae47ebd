/**
 * Acceptance: the client's token handling against the simulator's token
 * rules (lifetime, idle limit, logout, restart) and fault injection.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createClient, listObjects, type ScaleIOClient } from '@scaleio-framework/scaleio';
import { manualClock, startScaleioSim, type ScaleioSim } from '../src/index.js';

const MIN = 60_000;

const withSim = async (
  f: (
    sim: ScaleioSim,
    clock: ReturnType<typeof manualClock>,
    mk: (shareClock: boolean) => ScaleIOClient,
  ) => Promise<void>,
) => {
  const clock = manualClock();
  const sim = await startScaleioSim({
    bootstrap: true,
    clock: clock.now,
    username: 'ops',
    password: 'Planted-Pw-4411',
  });
  try {
    await f(sim, clock, (share) => {
      const c = createClient({
        baseUrl: sim.url,
        ...sim.credentials,
        timeoutMs: 10_000,
        ...(share ? { now: clock.now } : {}),
      });
      assert.ok(c._tag === 'Right');
      return c.right;
    });
  } finally {
    await sim.stop();
  }
};

test('a client on the same clock renews before the idle and lifetime limits', () =>
  withSim(async (sim, clock, mk) => {
    const c = mk(true);
    assert.ok((await c.run(listObjects('Sds')))._tag === 'Right');
    for (let i = 0; i < 60; i++) {
      clock.advance(9.6 * MIN); // beyond the 30 s safety margin of the 10 min idle limit
      const r = await c.run(listObjects('Sds'));
      assert.ok(r._tag === 'Right', `after ${(i + 1) * 9.6} min: ${JSON.stringify(r)}`);
    }
    assert.ok(sim.state().liveTokens >= 1);
  }));

test('a client on its own clock recovers from expiry with one re-login', () =>
  withSim(async (_sim, clock, mk) => {
    const c = mk(false); // wall clock: it cannot know the simulator's time moved
    assert.ok((await c.run(listObjects('Sds')))._tag === 'Right');
    clock.advance(8 * 60 * MIN + MIN);
    const r = await c.run(listObjects('Sds'));
    assert.ok(r._tag === 'Right', JSON.stringify(r));
  }));

test('a gateway restart and injected token invalidation are survived', () =>
  withSim(async (sim, _clock, mk) => {
    const c = mk(true);
    assert.ok((await c.run(listObjects('Sds')))._tag === 'Right');
    sim.restartGateway();
    assert.ok((await c.run(listObjects('Sds')))._tag === 'Right');
    sim.setFaults({ invalidateTokens: true });
    assert.ok((await c.run(listObjects('Sds')))._tag === 'Right');
  }));

test('logout ends the token on the gateway', () =>
  withSim(async (sim, _clock, mk) => {
    const c = mk(true);
    assert.ok((await c.login())._tag === 'Right');
    const before = sim.state().liveTokens;
    assert.ok((await c.logout())._tag === 'Right');
    assert.is(sim.state().liveTokens, before - 1);
  }));

test('wrong password is Auth; injected 500s are Gateway errors without secrets', () =>
  withSim(async (sim, _clock) => {
    const bad = createClient({ baseUrl: sim.url, username: 'ops', password: 'not-the-password' });
    assert.ok(bad._tag === 'Right');
    const r = await bad.right.run(listObjects('Sds'));
    assert.ok(r._tag === 'Left' && r.left._tag === 'Auth');

    // No retries here (the default client retries an idempotent call through a 500: below).
    const good = createClient({ baseUrl: sim.url, ...sim.credentials, retry: { attempts: 1 } });
    assert.ok(good._tag === 'Right');
    sim.setFaults({ errors500: { pathRegex: '^/api/types/Sds/instances$', count: 1 } });
    const e = await good.right.run(listObjects('Sds'));
    assert.ok(e._tag === 'Left' && e.left._tag === 'Gateway' && e.left.httpStatus === 500);
    assert.not.match(JSON.stringify(e), 'Planted-Pw-4411');
    assert.ok(
      (await good.right.run(listObjects('Sds')))._tag === 'Right',
      'the next call succeeds',
    );
    const retrying = createClient({ baseUrl: sim.url, ...sim.credentials, sleep: async () => {} });
    assert.ok(retrying._tag === 'Right');
    sim.setFaults({ errors500: { pathRegex: '^/api/types/Sds/instances$', count: 2 } });
    assert.ok((await retrying.right.run(listObjects('Sds')))._tag === 'Right', 'retried through');
    assert.is(sim.requests().filter((r) => r.status === 500).length, 3);
  }));

test('injected latency beyond the client timeout is a Transport error', () =>
  withSim(async (sim) => {
    const c = createClient({ baseUrl: sim.url, ...sim.credentials, timeoutMs: 250 });
    assert.ok(c._tag === 'Right');
    assert.ok((await c.right.login())._tag === 'Right');
    sim.setFaults({ latencyMs: 1500 });
    const r = await c.right.run(listObjects('Sds'));
    assert.ok(r._tag === 'Left' && r.left._tag === 'Transport', JSON.stringify(r));
    assert.is(r._tag === 'Left' && r.left._tag === 'Transport' && r.left.code, 'ETIMEDOUT');
    sim.setFaults({ latencyMs: 0 });
  }));

test.run();

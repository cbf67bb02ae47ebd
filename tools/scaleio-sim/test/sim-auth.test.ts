import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTestCert } from '@scaleio-framework/testkit';
import { manualClock, startScaleioSim, TOKEN_IDLE_MS, TOKEN_LIFETIME_MS } from '../src/index.js';
import { call, session } from './helpers/http.js';

const UNAUTHORIZED = { message: 'Unauthorized', httpStatusCode: 401, errorCode: 0 };

test('login answers the token as a JSON string; bad credentials get the real 401 body', async () => {
  const sim = await startScaleioSim({ username: 'root', password: 's3cret', bootstrap: true });
  try {
    const ok = await call(sim.url, '/api/login', { auth: 'root:s3cret' });
    assert.is(ok.status, 200);
    assert.ok(ok.text.startsWith('"'));
    const decoded = Buffer.from(ok.body as string, 'base64').toString('utf8');
    assert.match(decoded, /^root:\d+:[0-9a-f]{32}$/);
    const bad = await call(sim.url, '/api/login', { auth: 'root:wrong' });
    assert.is(bad.status, 401);
    assert.equal(bad.body, UNAUTHORIZED);
    const none = await call(sim.url, '/api/types/System/instances');
    assert.equal([none.status, none.body], [401, UNAUTHORIZED]);
  } finally {
    await sim.stop();
  }
});

test('the token is the Basic password; the user part is ignored; version takes token or password', async () => {
  const sim = await startScaleioSim({ bootstrap: true });
  try {
    const s = await session(sim.url);
    const empty = await call(sim.url, '/api/types/System/instances', { auth: `:${s.token}` });
    assert.is(empty.status, 200);
    assert.is((empty.body as unknown[]).length, 1);
    assert.equal((await call(sim.url, '/api/version', { auth: `x:${s.token}` })).body, '2.6');
    assert.equal((await call(sim.url, '/api/version', { auth: 'admin:Scaleio123' })).body, '2.6');
    assert.is((await call(sim.url, '/api/version')).status, 401);
  } finally {
    await sim.stop();
  }
});

test('idle for 10 minutes kills a token; activity keeps it alive until 8 hours', async () => {
  const clock = manualClock();
  const sim = await startScaleioSim({ clock: clock.now, bootstrap: true });
  try {
    const idle = await session(sim.url);
    const busy = await session(sim.url);
    clock.advance(TOKEN_IDLE_MS - 1000);
    assert.is((await busy.get('/api/version')).status, 200);
    clock.advance(2000);
    assert.is((await idle.get('/api/types/System/instances')).status, 401, 'idle token');
    assert.is((await busy.get('/api/types/System/instances')).status, 200, 'busy token');
    // keep the busy token in use every 9 minutes until just past 8 hours
    const start = clock.now() - TOKEN_IDLE_MS - 1000;
    while (clock.now() - start < TOKEN_LIFETIME_MS - 9 * 60_000) {
      clock.advance(9 * 60_000);
      assert.is((await busy.get('/api/version')).status, 200);
    }
    clock.advance(TOKEN_LIFETIME_MS - (clock.now() - start));
    assert.is((await busy.get('/api/version')).status, 401, 'past 8 hours');
  } finally {
    await sim.stop();
  }
});

test('logout, a gateway restart and injected invalidation end tokens', async () => {
  const sim = await startScaleioSim({ bootstrap: true });
  try {
    const a = await session(sim.url);
    assert.is((await a.get('/api/logout')).status, 200);
    assert.is((await a.get('/api/types/System/instances')).status, 401);
    const b = await session(sim.url);
    sim.restartGateway();
    assert.is((await b.get('/api/types/System/instances')).status, 401);
    const c = await session(sim.url);
    const r = await call(sim.adminUrl, '/sim/admin/faults', { body: { invalidateTokens: true } });
    assert.is(r.status, 200);
    assert.is((await c.get('/api/types/System/instances')).status, 401);
    assert.is(sim.state().liveTokens, 0);
  } finally {
    await sim.stop();
  }
});

test('serves HTTPS with a certificate made at test time', async () => {
  const { cert, key } = makeTestCert({ algorithm: 'rsa' });
  const sim = await startScaleioSim({ tls: { cert, key }, bootstrap: true });
  try {
    assert.match(sim.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const s = await session(sim.url, 'admin', 'Scaleio123', cert);
    const r = await s.get('/api/types/System/instances');
    assert.is(r.status, 200);
    let refused = false;
    await call(sim.url, '/api/version').catch(() => {
      refused = true;
    });
    assert.ok(refused, 'an untrusted certificate is refused by default');
  } finally {
    await sim.stop();
  }
});

test('fault injection: a counted number of 500s on matching paths, then latency', async () => {
  const sim = await startScaleioSim({ bootstrap: true });
  try {
    const s = await session(sim.url);
    const set = await call(sim.adminUrl, '/sim/admin/faults', {
      body: { errors500: { pathRegex: '/types/System/', count: 2 } },
    });
    assert.equal(set.body, { latencyMs: 0, pending500s: 2, outageUntilMs: 0 });
    assert.is((await s.get('/api/version')).status, 200, 'other paths unaffected');
    assert.is((await s.get('/api/types/System/instances')).status, 500);
    const second = await s.get('/api/types/System/instances');
    assert.equal(second.body, {
      message: 'Internal Server Error (injected)',
      httpStatusCode: 500,
      errorCode: 0,
    });
    assert.is((await s.get('/api/types/System/instances')).status, 200, 'count used up');
    sim.setFaults({ latencyMs: 150 });
    const t0 = Date.now();
    await s.get('/api/version');
    assert.ok(Date.now() - t0 >= 140, 'latency added');
    const bad = await call(sim.adminUrl, '/sim/admin/faults', {
      body: { errors500: { pathRegex: '(', count: 1 } },
    });
    assert.is(bad.status, 400);
  } finally {
    await sim.stop();
  }
});

test.run();

/**
 * The gateway's trust and fault surface: a self-signed certificate made per run (served on the
 * REST port, with the admin API on a plain-HTTP port of its own), the request journal, and a
 * timed outage on the simulator's clock.
 */
import { X509Certificate } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { manualClock, startScaleioSim } from '../src/index.js';
import { call } from './helpers/http.js';

test('self-signed: HTTPS with a fresh certificate per run; the admin API on plain HTTP', async () => {
  const a = await startScaleioSim({ tls: 'self-signed', bootstrap: true, password: 'Pw-trust-1' });
  const b = await startScaleioSim({ tls: 'self-signed' });
  try {
    assert.match(a.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(a.adminUrl, /^http:\/\/127\.0\.0\.1:\d+\/sim$/);
    const cert = a.certificate;
    assert.ok(cert !== undefined && b.certificate !== undefined);
    assert.is(new X509Certificate(cert.pem).fingerprint256, cert.sha256);
    assert.is.not(cert.sha256, b.certificate.sha256, 'a certificate per run');
    const served = await call(a.url, '/api/login', { auth: 'admin:Pw-trust-1', ca: cert.pem });
    assert.is(served.status, 200);
    const fromAdmin = await call(a.adminUrl, '/sim/certificate');
    assert.equal(fromAdmin.body, { pem: cert.pem, sha256: cert.sha256 });
    assert.is(
      (await call(a.adminUrl, '/api/version')).status,
      404,
      'no REST API on the admin port',
    );
    const journal = await call(a.adminUrl, '/sim/requests');
    assert.equal(
      (journal.body as { path: string; auth: string; status: number }[]).map((r) => [
        r.path,
        r.auth,
        r.status,
      ]),
      [['/api/login', 'password', 200]],
    );
  } finally {
    await a.stop();
    await b.stop();
  }
});

test('the journal tells password, token, other and no credentials apart', async () => {
  const sim = await startScaleioSim({ password: 'Pw-journal-1', bootstrap: true });
  try {
    const token = (await call(sim.url, '/api/login', { auth: 'admin:Pw-journal-1' }))
      .body as string;
    await call(sim.url, '/api/types/System/instances', { auth: `:${token}` });
    await call(sim.url, '/api/types/System/instances', { auth: 'admin:guess' });
    await call(sim.url, '/api/version');
    assert.equal(
      sim.requests().map((r) => [r.path, r.auth, r.status]),
      [
        ['/api/login', 'password', 200],
        ['/api/types/System/instances', 'token', 200],
        ['/api/types/System/instances', 'other', 401],
        ['/api/version', 'none', 401],
      ],
    );
    assert.not.ok(JSON.stringify(sim.requests()).includes('Pw-journal-1'));
  } finally {
    await sim.stop();
  }
});

test('a timed outage answers 500 to every matching request until it ends on the clock', async () => {
  const clock = manualClock();
  const sim = await startScaleioSim({ clock: clock.now, password: 'Pw-outage-1', bootstrap: true });
  try {
    const bad = sim.setFaults({ errors500: { pathRegex: '.', count: 1, forMs: 5 } });
    assert.ok(bad._tag === 'Left');
    const set = sim.setFaults({ errors500: { pathRegex: '^/api/', forMs: 60_000 } });
    assert.equal(set._tag === 'Right' ? set.right : undefined, {
      latencyMs: 0,
      pending500s: 0,
      outageUntilMs: clock.now() + 60_000,
    });
    for (let i = 0; i < 5; i++) {
      const r = await call(sim.url, '/api/login', { auth: 'admin:Pw-outage-1' });
      assert.equal([r.status, (r.body as { errorCode: number }).errorCode], [500, 0]);
      clock.advance(11_000);
    }
    clock.advance(5_001);
    assert.is((await call(sim.url, '/api/login', { auth: 'admin:Pw-outage-1' })).status, 200);
  } finally {
    await sim.stop();
  }
});

test.run();

/**
 * Acceptance: the client against the simulator over TLS, with a certificate
 * made at test time by the openssl CLI. Verification is on by default; the
 * CA option trusts the simulator; `insecure` connects and warns once.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTestCert } from '@scaleio-framework/testkit';
import {
  createClient,
  createProtectionDomain,
  findByName,
  type ClientConfig,
  type Logger,
} from '@scaleio-framework/scaleio';
import { startScaleioSim, type ScaleioSim } from '../src/index.js';

const cert = makeTestCert();

const withTlsSim = async (f: (sim: ScaleioSim) => Promise<void>) => {
  const sim = await startScaleioSim({ bootstrap: true, tls: cert });
  try {
    assert.match(sim.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    await f(sim);
  } finally {
    await sim.stop();
  }
};

const client = (sim: ScaleioSim, extra: Partial<ClientConfig>) => {
  const warnings: string[] = [];
  const logger: Logger = { warn: (m) => void warnings.push(m), debug: () => undefined };
  const c = createClient({
    baseUrl: sim.url,
    ...sim.credentials,
    logger,
    timeoutMs: 10_000,
    ...extra,
  });
  assert.ok(c._tag === 'Right');
  return { c: c.right, warnings };
};

test('TLS with the CA option: login, version, create and read back', () =>
  withTlsSim(async (sim) => {
    const { c, warnings } = client(sim, { tls: { ca: cert.cert } });
    const v = await c.connect();
    assert.ok(v._tag === 'Right', JSON.stringify(v));
    const pd = await c.run(createProtectionDomain({ name: 'pd-tls' }));
    assert.ok(pd._tag === 'Right');
    const back = await c.run(findByName('ProtectionDomain', 'pd-tls'));
    assert.ok(back._tag === 'Right' && back.right.id === pd.right);
    assert.equal(warnings, []);
  }));

test('TLS verification is on by default: the self-signed simulator is refused', () =>
  withTlsSim(async (sim) => {
    const { c } = client(sim, {});
    const r = await c.connect();
    assert.ok(r._tag === 'Left' && r.left._tag === 'Transport', JSON.stringify(r));
    assert.equal(sim.state().protectionDomains, []);
  }));

test('insecure: true connects and warns exactly once', () =>
  withTlsSim(async (sim) => {
    const { c, warnings } = client(sim, { tls: { insecure: true } });
    for (let i = 0; i < 3; i++) assert.ok((await c.connect())._tag === 'Right');
    assert.is(warnings.length, 1);
  }));

test.run();

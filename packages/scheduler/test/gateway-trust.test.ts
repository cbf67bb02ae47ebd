// The gateway channel's trust and its failures: which TLS settings a URL gets (pinned by default
// to what the deploy learnt, configured trust first, plain HTTP only when insecure), and which
// failures make a node wait (the gateway down, failing or untrusted) instead of failing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startScaleioSim } from '@scaleio-framework/scaleio-sim';
import { makeTestCert } from '@scaleio-framework/testkit';
import { fingerprintOf } from '@scaleio-framework/scaleio';
import {
  gatewayChannel,
  gatewayClients,
  tlsFor,
  type GatewayTrust,
  type Log,
} from '../src/index.js';

const FP = `${'AB:'.repeat(31)}CD`;
const LEARNT = `${'01:'.repeat(31)}EF`;

test('trust: insecure, configured pin, CA file, learnt pin, system CAs, in that order', () => {
  const https = 'https://gw.test';
  const cases: [GatewayTrust, string | undefined, string][] = [
    [{ insecure: true, fingerprint: FP }, LEARNT, 'insecure'],
    [
      { insecure: false, fingerprint: FP, ca: 'PEM' },
      LEARNT,
      `pinned ${FP} (--gateway-fingerprint)`,
    ],
    [{ insecure: false, ca: 'PEM' }, LEARNT, 'CA file'],
    [{ insecure: false }, LEARNT, `pinned ${LEARNT} (reported by the gateway's node)`],
    [{ insecure: false }, undefined, 'system CAs'],
  ];
  for (const [trust, learnt, how] of cases) {
    const t = tlsFor(https, trust, learnt);
    assert.ok(typeof t !== 'string' && t.how.startsWith(how), `${how}: ${JSON.stringify(t)}`);
  }
  const plain = tlsFor('http://gw.test', { insecure: false }, LEARNT);
  assert.ok(typeof plain === 'string' && /plain HTTP.*--gateway-insecure/.test(plain));
  assert.ok(typeof tlsFor('http://gw.test', { insecure: true }, undefined) !== 'string');
});

const recording = () => {
  const lines: { level: string; msg: string; f: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (msg: string, f: Record<string, unknown> = {}) =>
      void lines.push({ level, msg, f });
  const log: Log = { info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
};

const objects = {
  protectionDomain: 'pd1',
  faultSet: undefined,
  sdsName: 'sds-10.0.0.11',
  sdsIp: '10.0.0.11',
  pools: [{ pool: 'sp1', devices: ['/dev/sdb'] }],
};

test('pinned by what the deploy learnt: trusted, then a new certificate is refused and the node waits', async () => {
  const sim = await startScaleioSim({ tls: 'self-signed', bootstrap: true, password: 'Pw-chan-1' });
  try {
    let learnt: string | undefined = sim.certificate?.sha256;
    const { log, lines } = recording();
    const clientFor = gatewayClients({
      username: 'admin',
      password: () => 'Pw-chan-1',
      trust: { insecure: false },
      learnt: () => learnt,
      log,
    });
    const channel = gatewayChannel(clientFor, () => sim.url, Date.now);
    const ok = await channel.ensureStorageObjects(objects);
    assert.ok(ok.ok, JSON.stringify(ok));
    assert.ok(
      lines.some((l) => l.msg === 'gateway trust' && String(l.f['trust']).startsWith('pinned')),
    );
    // The deploy now pins another certificate (a gateway reinstalled elsewhere): refused, waits.
    learnt = fingerprintOf(makeTestCert().cert);
    const before = sim.requests().length;
    const refused = await channel.ensureStorageObjects(objects);
    assert.ok(!refused.ok && refused.unavailable === true);
    assert.match(!refused.ok ? refused.error : '', /not the pinned/);
    assert.is(sim.requests().length, before, 'nothing reached the gateway');
  } finally {
    await sim.stop();
  }
});

test('full mode: no client (and no request) until the node reports the certificate, unless trust is configured', async () => {
  const sim = await startScaleioSim({ tls: 'self-signed', bootstrap: true, password: 'Pw-chan-3' });
  try {
    let learnt: string | undefined = undefined;
    const { log, lines } = recording();
    const clientFor = gatewayClients({
      ...{ username: 'admin', password: () => 'Pw-chan-3', trust: { insecure: false } },
      ...{ learnt: () => learnt, awaitReported: true, log },
    });
    const early = clientFor(sim.url);
    assert.type(early, 'string');
    assert.match(String(early), /not reported yet/);
    assert.is(sim.requests().length, 0, 'nothing reached the gateway');
    assert.not.ok(
      lines.some((l) => l.msg === 'gateway trust'),
      'no client was made',
    );
    learnt = sim.certificate?.sha256;
    const ok = await gatewayChannel(clientFor, () => sim.url, Date.now).ensureStorageObjects(
      objects,
    );
    assert.ok(ok.ok, JSON.stringify(ok));
    const trusts = lines.filter((l) => l.msg === 'gateway trust').map((l) => String(l.f['trust']));
    assert.ok(trusts.length > 0 && trusts.every((t) => t.startsWith('pinned')), trusts.join('; '));
    // A configured trust needs no report.
    const configured = gatewayClients({
      ...{ username: 'admin', password: () => 'Pw-chan-3', log, awaitReported: true },
      trust: { insecure: false, fingerprint: sim.certificate?.sha256 },
    });
    assert.not.type(configured(sim.url), 'string');
  } finally {
    await sim.stop();
  }
});

test('a failing gateway makes the node wait; no URL yet or plain HTTP without insecure too', async () => {
  const sim = await startScaleioSim({ bootstrap: true, password: 'Pw-chan-2' });
  try {
    const { log } = recording();
    const clients = (insecure: boolean) =>
      gatewayClients({ username: 'admin', password: () => 'Pw-chan-2', trust: { insecure }, log });
    const plain = await gatewayChannel(
      clients(false),
      () => sim.url,
      Date.now,
    ).ensureStorageObjects(objects);
    assert.ok(!plain.ok && plain.unavailable === true && /plain HTTP/.test(plain.error));
    const none = await gatewayChannel(clients(true), () => '', Date.now).ensureStorageObjects(
      objects,
    );
    assert.ok(!none.ok && none.unavailable === true);
    sim.setFaults({ errors500: { pathRegex: '^/api/', forMs: 60_000 } });
    const down = await gatewayChannel(clients(true), () => sim.url, Date.now).ensureStorageObjects(
      objects,
    );
    assert.ok(!down.ok && down.unavailable === true, JSON.stringify(down));
    assert.not.match(!down.ok ? down.error : '', /Pw-chan-2/);
  } finally {
    await sim.stop();
  }
});

test.run();

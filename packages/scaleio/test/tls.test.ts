/**
 * TLS: verification on by default, a CA bundle option, and an explicit
 * insecure switch that is logged once as a warning. Uses an https server on
 * 127.0.0.1 with a certificate made at test time.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createClient, listObjects, type ClientConfig } from '../src/index.js';
import { recordingLogger } from './helpers/fake-gateway.js';
import { makeTestCert, type TestCert } from '@scaleio-framework/testkit';

const startHttps = async (cert: TestCert): Promise<{ url: string; server: Server }> => {
  const server = createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(req.url === '/api/login' ? JSON.stringify('tls-token-1') : '[]');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
};

const stop = (server: Server) =>
  new Promise<void>((ok) => {
    server.closeAllConnections();
    server.close(() => ok());
  });

const cert = makeTestCert();

const run = async (extra: Partial<ClientConfig>, url: string) => {
  const { lines, logger } = recordingLogger();
  const c = createClient({
    baseUrl: url,
    username: 'admin',
    password: 'pw-123456',
    logger,
    ...extra,
  });
  assert.ok(c._tag === 'Right');
  const results = [];
  for (let i = 0; i < 3; i++) results.push(await c.right.run(listObjects('Volume')));
  return { results, warnings: lines.filter((l) => l.level === 'warn') };
};

test('verification is on by default: a self-signed gateway is refused', async () => {
  const { url, server } = await startHttps(cert);
  try {
    const { results, warnings } = await run({}, url);
    const r = results[0]!;
    assert.ok(r._tag === 'Left' && r.left._tag === 'Transport');
    assert.match(
      r._tag === 'Left' && r.left._tag === 'Transport' ? r.left.code : '',
      /SELF_SIGNED|UNABLE_TO_VERIFY/,
    );
    assert.is(warnings.length, 0);
  } finally {
    await stop(server);
  }
});

test('the CA bundle option makes the same gateway trusted', async () => {
  const { url, server } = await startHttps(cert);
  try {
    const { results, warnings } = await run({ tls: { ca: cert.cert } }, url);
    assert.ok(results.every((r) => r._tag === 'Right'));
    assert.is(warnings.length, 0);
  } finally {
    await stop(server);
  }
});

test('a different CA is still refused', async () => {
  const other = makeTestCert();
  const { url, server } = await startHttps(cert);
  try {
    const { results } = await run({ tls: { ca: other.cert } }, url);
    assert.ok(results[0]?._tag === 'Left' && results[0].left._tag === 'Transport');
  } finally {
    await stop(server);
  }
});

test('insecure: true connects and warns exactly once', async () => {
  const { url, server } = await startHttps(cert);
  try {
    const { results, warnings } = await run({ tls: { insecure: true } }, url);
    assert.ok(results.every((r) => r._tag === 'Right'));
    assert.is(warnings.length, 1);
    assert.match(warnings[0]!.message, /DISABLED/);
  } finally {
    await stop(server);
  }
});

test.run();

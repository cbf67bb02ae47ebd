import { existsSync } from 'node:fs';
import { request, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTestCert, withTempDir, writeTestCert } from '../src/index.js';

const serveOnce = async (cert: { key: string; cert: string }, ca: string): Promise<string> => {
  const server = createServer(cert, (_req, res) => res.end('hello'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, ca }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
};

test('makeTestCert: a certificate for 127.0.0.1 that a client trusting it verifies', async () => {
  const c = makeTestCert();
  assert.match(c.cert, /^-----BEGIN CERTIFICATE-----/);
  assert.match(c.key, /PRIVATE KEY-----/);
  assert.is(await serveOnce(c, c.cert), 'hello');
});

test('a client that does not trust it is refused', async () => {
  const c = makeTestCert();
  let message = '';
  await serveOnce(c, makeTestCert().cert).catch((e: unknown) => (message = String(e)));
  assert.match(message, /self[- ]signed|unable to verify|signature/i);
});

test('writeTestCert keeps the files (rsa on request)', () =>
  withTempDir('testkit-tls-test-', (dir) => {
    const c = writeTestCert(dir, { algorithm: 'rsa', days: 2 });
    assert.ok(existsSync(c.certPath) && existsSync(c.keyPath));
    assert.match(c.key, /BEGIN PRIVATE KEY/);
  }));

test.run();

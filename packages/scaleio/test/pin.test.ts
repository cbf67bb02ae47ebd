/**
 * Pinned trust and retries: a gateway whose certificate is the pinned one is trusted whatever
 * signed it; any other certificate is refused before a byte of HTTP (no password, no token)
 * reaches it; idempotent calls are retried through transient failures, creates never are.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { right } from 'fp-ts/lib/Either.js';
import { makeTestCert, type TestCert } from '@scaleio-framework/testkit';
import {
  backoffMs,
  createClient,
  createProtectionDomain,
  describeError,
  fingerprintOf,
  isGatewayUnavailable,
  isTransient,
  listObjects,
  normalizeFingerprint,
  PIN_MISMATCH,
  type Send,
  type WireRequest,
} from '../src/index.js';

interface Gw {
  readonly url: string;
  readonly server: Server;
  /** Every HTTP request the server received, with whether it carried credentials. */
  readonly seen: { path: string; auth: boolean }[];
}

const startHttps = async (cert: TestCert): Promise<Gw> => {
  const seen: Gw['seen'] = [];
  const server = createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    seen.push({ path: req.url ?? '', auth: req.headers.authorization !== undefined });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(req.url === '/api/login' ? JSON.stringify('pinned-token-1') : '[]');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen };
};

const stop = (server: Server) =>
  new Promise<void>((ok) => {
    server.closeAllConnections();
    server.close(() => ok());
  });

const cert = makeTestCert();
const other = makeTestCert();
const pinOf = (c: TestCert) => fingerprintOf(c.cert) ?? '';

test('fingerprints: one canonical form, anything else refused', () => {
  const fp = pinOf(cert);
  assert.match(fp, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  assert.is(normalizeFingerprint(fp.toLowerCase()), fp);
  assert.is(normalizeFingerprint(fp.split(':').join('')), fp);
  assert.is(normalizeFingerprint(`SHA256:${fp}`), fp);
  assert.is(normalizeFingerprint('AB:CD'), undefined);
  assert.is(normalizeFingerprint(`${fp}:00`), undefined);
  assert.is(normalizeFingerprint('zz'.repeat(32)), undefined);
  assert.is(fingerprintOf('not a certificate'), undefined);
});

test('the pinned certificate is trusted although no CA signed it and its name is not checked', async () => {
  const gw = await startHttps(cert);
  try {
    const c = createClient({
      baseUrl: gw.url.replace('127.0.0.1', 'localhost'),
      username: 'admin',
      password: 'pw-pinned-1',
      tls: { fingerprint: pinOf(cert) },
    });
    assert.ok(c._tag === 'Right');
    const r = await c.right.run(listObjects('Volume'));
    assert.ok(r._tag === 'Right', r._tag === 'Left' ? describeError(r.left) : '');
    assert.equal(
      gw.seen.map((s) => s.path),
      ['/api/login', '/api/types/Volume/instances'],
    );
  } finally {
    await stop(gw.server);
  }
});

test('another certificate is refused before any request reaches it, and never retried', async () => {
  const gw = await startHttps(other);
  try {
    let sleeps = 0;
    const c = createClient({
      baseUrl: gw.url,
      username: 'admin',
      password: 'pw-pinned-2',
      tls: { fingerprint: pinOf(cert) },
      sleep: async () => void sleeps++,
    });
    assert.ok(c._tag === 'Right');
    const r = await c.right.run(listObjects('Volume'));
    assert.ok(r._tag === 'Left' && r.left._tag === 'Transport');
    assert.is(r._tag === 'Left' && r.left._tag === 'Transport' ? r.left.code : '', PIN_MISMATCH);
    const text = r._tag === 'Left' ? describeError(r.left) : '';
    assert.ok(text.includes(pinOf(other)) && text.includes(pinOf(cert)), text);
    assert.not.match(text, /pw-pinned-2/);
    assert.ok(r._tag === 'Left' && isGatewayUnavailable(r.left) && !isTransient(r.left));
    assert.is(gw.seen.length, 0, 'no HTTP request reached the impostor');
    assert.is(sleeps, 0);
  } finally {
    await stop(gw.server);
  }
});

/** A transport that answers from a script, recording what was sent. */
const scripted = (answers: ((req: WireRequest) => { status: number; body: string })[]) => {
  const sent: string[] = [];
  const send: Send = async (req) => {
    sent.push(`${req.method} ${req.path}`);
    if (req.path === '/api/login') return right({ status: 200, bodyText: '"tok"' });
    const next = answers.shift();
    if (next === undefined) return right({ status: 200, bodyText: '[]' });
    const a = next(req);
    return right({ status: a.status, bodyText: a.body });
  };
  return { send, sent };
};

const down = () => ({
  status: 500,
  body: JSON.stringify({ message: 'Internal Server Error', httpStatusCode: 500, errorCode: 0 }),
});

test('a GET is retried through 500s with capped, jittered waits; a create is not', async () => {
  const waits: number[] = [];
  const { send, sent } = scripted([down, down]);
  const c = createClient({
    baseUrl: 'https://gw.test',
    username: 'admin',
    password: 'pw-retry-1',
    send,
    random: () => 0.5,
    sleep: async (ms) => void waits.push(ms),
    retry: { attempts: 4, baseMs: 100, maxMs: 150 },
  });
  assert.ok(c._tag === 'Right');
  const r = await c.right.run(listObjects('Volume'));
  assert.ok(r._tag === 'Right');
  assert.equal(waits, [75, 113]);
  assert.is(sent.filter((s) => s === 'GET /api/types/Volume/instances').length, 3);

  const created = scripted([down, down]);
  const c2 = createClient({
    baseUrl: 'https://gw.test',
    username: 'admin',
    password: 'pw-retry-2',
    send: created.send,
    sleep: async () => assert.unreachable('a create must not be retried blindly'),
  });
  assert.ok(c2._tag === 'Right');
  const p = await c2.right.run(createProtectionDomain({ name: 'pd1' }));
  assert.ok(p._tag === 'Left' && isTransient(p.left));
  assert.is(created.sent.filter((s) => s.startsWith('POST')).length, 1);
});

test('an MDM error (a 500 with a return code) is an answer, not an outage', async () => {
  const { send, sent } = scripted([
    () => ({
      status: 500,
      body: JSON.stringify({ message: 'Invalid device path', httpStatusCode: 500, errorCode: 283 }),
    }),
  ]);
  const c = createClient({
    baseUrl: 'https://gw.test',
    username: 'admin',
    password: 'pw-retry-3',
    send,
    sleep: async () => assert.unreachable('not transient'),
  });
  assert.ok(c._tag === 'Right');
  const r = await c.right.run(listObjects('Volume'));
  assert.ok(r._tag === 'Left' && !isTransient(r.left) && !isGatewayUnavailable(r.left));
  assert.is(sent.length, 2);
});

test('backoff: doubles to the cap, jitter within the upper half', () => {
  const p = { attempts: 9, baseMs: 100, maxMs: 1000 };
  assert.equal(
    [0, 1, 2, 3, 4, 5].map((i) => backoffMs(i, p, () => 0)),
    [50, 100, 200, 400, 500, 500],
  );
  assert.equal(
    [0, 1, 4].map((i) => backoffMs(i, p, () => 0.999999)),
    [100, 200, 1000],
  );
});

test.run();

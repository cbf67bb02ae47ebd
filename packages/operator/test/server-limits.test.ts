// The operator actions' edge: an oversized body is answered 413 with a JSON error (the client
// reads the answer; the socket is not torn down under it), and the bearer token is compared by
// digest in constant time, whatever the length of the guess.
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Secret } from '../src/secret.js';
import { MAX_BODY_BYTES, startHttpServer, tokenOk, type HttpDeps } from '../src/server.js';

const TOKEN = 'op-token-0123456789abcdef-xyz';
const got: unknown[] = [];
const deps: HttpDeps = {
  health: () => ({ ok: true, leader: true, subscribed: true }),
  status: () => ({}),
  metrics: async () => ({ contentType: 'text/plain', body: '' }),
  executorFile: undefined,
  operatorToken: new Secret(TOKEN),
  actions: { 'retry-node': async (b) => (got.push(b), { status: 200, body: { ok: true } }) },
};

const withServer = async (fn: (base: string, port: number) => Promise<void>) => {
  const server = await startHttpServer(deps, '127.0.0.1', 0);
  const port = (server.address() as AddressInfo).port;
  try {
    await fn(`http://127.0.0.1:${port}`, port);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
};
const auth = { authorization: `Bearer ${TOKEN}` };

test('a body over the limit (by Content-Length) is a 413 with a JSON error', () =>
  withServer(async (base) => {
    const r = await fetch(`${base}/api/v1/actions/retry-node`, {
      method: 'POST',
      headers: auth,
      body: 'x'.repeat(MAX_BODY_BYTES + 1),
    });
    assert.is(r.status, 413);
    assert.is(r.headers.get('content-type'), 'application/json');
    assert.equal(await r.json(), { error: `body larger than ${MAX_BODY_BYTES} bytes` });
    assert.equal(got, [], 'the action did not run');
  }));

test('a chunked body that grows past the limit is a 413 too; the answer arrives', () =>
  withServer(async (_base, port) => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/v1/actions/retry-node',
          method: 'POST',
          headers: auth,
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      const chunk = '{"pad":"' + 'y'.repeat(16 * 1024);
      for (let i = 0; i < 5; i += 1) req.write(chunk); // 80 KiB, no Content-Length
      req.end('"}');
    });
    assert.is(answer.status, 413);
    assert.equal(JSON.parse(answer.body), { error: `body larger than ${MAX_BODY_BYTES} bytes` });
    assert.equal(got, []);
  }));

test('a body at the limit is read; a malformed one is a 400', () =>
  withServer(async (base) => {
    const pad = 'z'.repeat(MAX_BODY_BYTES - '{"agentId":"a","pad":""}'.length);
    const ok = await fetch(`${base}/api/v1/actions/retry-node`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ agentId: 'a', pad }),
    });
    assert.is(ok.status, 200);
    assert.is(got.length, 1);
    const bad = await fetch(`${base}/api/v1/actions/retry-node`, {
      method: 'POST',
      headers: auth,
      body: '{"agentId":',
    });
    assert.is(bad.status, 400);
    assert.equal(await bad.json(), { error: 'body is not JSON' });
  }));

test('the token check compares digests: right token only, any length of guess', () => {
  const t = new Secret(TOKEN);
  assert.ok(tokenOk(`Bearer ${TOKEN}`, t));
  for (const wrong of [
    '',
    'Bearer',
    'Bearer x',
    `Bearer ${TOKEN}x`,
    `Bearer ${TOKEN.slice(0, -1)}`,
    TOKEN,
    `Bearer ${'a'.repeat(10_000)}`,
  ])
    assert.not.ok(tokenOk(wrong, t), wrong.slice(0, 40));
  assert.not.ok(tokenOk(`Bearer ${TOKEN}`, new Secret('')), 'no token configured: no action');
});

test.run();

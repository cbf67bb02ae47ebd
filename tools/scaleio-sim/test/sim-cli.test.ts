import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { call, repoRoot } from './helpers/http.js';

const bin = resolve(repoRoot, 'tools/scaleio-sim/dist/bin/scaleio-sim.js');

/** Starts the built CLI with plain node and waits for its ready line. */
const start = (
  args: string[],
): Promise<{ child: ChildProcess; url: string; stderr: () => string }> =>
  new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let out = '';
    let err = '';
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^scaleio-sim listening on (\S+)\n/m.exec(out);
      if (m?.[1] !== undefined) resolvePromise({ child, url: m[1], stderr: () => err });
    });
    child.once('exit', (code) => reject(new Error(`exited ${String(code)}: ${err}`)));
  });

const stop = (child: ChildProcess): Promise<void> =>
  new Promise((r) => {
    if (child.exitCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });

test('plain node CLI: prints its URL, serves the admin user and password given', async () => {
  const { child, url } = await start([
    '--port',
    '0',
    '--user',
    'ops',
    '--password',
    'pw1',
    '--bootstrap',
  ]);
  try {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.is((await call(url, '/api/login', { auth: 'admin:Scaleio123' })).status, 401);
    const login = await call(url, '/api/login', { auth: 'ops:pw1' });
    assert.is(login.status, 200);
    const sys = await call(url, '/api/types/System/instances', {
      auth: `ops:${String(login.body)}`,
    });
    assert.is((sys.body as unknown[]).length, 1);
  } finally {
    await stop(child);
  }
});

test('--tls makes a self-signed certificate and serves HTTPS with it', async () => {
  const { child, url, stderr } = await start(['--tls']);
  try {
    assert.match(url, /^https:\/\//);
    const path = /certificate at (\S+)/.exec(stderr())?.[1];
    assert.ok(path !== undefined, stderr());
    const ca = readFileSync(path, 'utf8');
    assert.is((await call(url, '/api/version', { auth: 'admin:Scaleio123', ca })).status, 200);
  } finally {
    await stop(child);
  }
});

test('a bad port is refused with a message', async () => {
  let message = '';
  await start(['--port', 'eighty']).catch((e: unknown) => {
    message = String(e);
  });
  assert.match(message, /exited 2/);
});

test.run();

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  checkSimCli,
  childEnv,
  readyLinePattern,
  runProcess,
  startProcess,
} from '@scaleio-framework/testkit';
import { call, repoRoot } from './helpers/http.js';

const built = resolve(repoRoot, 'tools/scaleio-sim/dist/bin/scaleio-sim.js');
/** The built CLI under plain node; the source through tsx when it is not built. */
const bin = existsSync(built)
  ? built
  : resolve(repoRoot, 'tools/scaleio-sim/src/bin/scaleio-sim.ts');
const node = bin.endsWith('.ts') ? ['--import', 'tsx', bin] : [bin];

/** Starts the CLI and waits for its ready line. */
const start = (args: string[]) =>
  startProcess({
    command: process.execPath,
    args: [...node, ...args],
    env: childEnv(),
    ready: readyLinePattern('scaleio-sim'),
    readyOn: 'stdout',
  });

test('the CLI convention: --help, the ready line, SIGTERM ends it with exit 0', async () => {
  await checkSimCli({ name: 'scaleio-sim', bin, args: ['--bootstrap'] });
});

test('plain node CLI: prints its URL, serves the admin user and password given', async () => {
  const p = await start(['--port', '0', '--user', 'ops', '--password', 'pw1', '--bootstrap']);
  const url = p.readyMatch?.[1] ?? '';
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
    await p.stop();
  }
});

test('--tls makes a self-signed certificate and serves HTTPS with it', async () => {
  const p = await start(['--tls']);
  const url = p.readyMatch?.[1] ?? '';
  try {
    assert.match(url, /^https:\/\//);
    const path = /certificate at (\S+)/.exec(p.stderr())?.[1];
    assert.ok(path !== undefined, p.stderr());
    const ca = readFileSync(path, 'utf8');
    assert.is((await call(url, '/api/version', { auth: 'admin:Scaleio123', ca })).status, 200);
  } finally {
    await p.stop();
  }
});

test('a bad port is refused with a message', async () => {
  const r = await runProcess({
    command: process.execPath,
    args: [...node, '--port', 'eighty'],
    env: childEnv(),
  });
  assert.match(`exited ${String(r.code)}: ${r.stderr}`, /exited 2/);
});

test.run();

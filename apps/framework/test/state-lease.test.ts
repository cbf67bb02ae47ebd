// The state file's lock is a lease: a scheduler that crashed (SIGKILL, no cleanup) and comes back
// under a new host name — another machine, a new container — with the same state file starts by
// itself once the dead one's lease ran out, without manual steps; `--break-lock` takes a live
// lease over at once. The built scheduler, plain node; the host name injected by a preload.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  childEnv,
  freePort,
  makeTempDir,
  startProcess,
  type RunningProcess,
} from '@scaleio-framework/testkit';
import { requiredEnv } from './support/required.js';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = join(resolve(here, '..'), 'dist/bundle/scaleio-scheduler.mjs');
const HOSTNAME = join(here, 'fixtures/hostname.mjs');
/** Long enough that the second scheduler is up before the first one's lease runs out. */
const LEASE_S = 10;
const dir = makeTempDir('state-lease-');
const stateFile = dir.join('scaleio-framework.state.json');
const running: RunningProcess[] = [];

/** The scheduler on `host`, with nothing to subscribe to (a closed port): it only takes the lock. */
const scheduler = async (host: string, extra: readonly string[] = []) => {
  const port = await freePort();
  const p = await startProcess({
    command: process.execPath,
    args: [
      '--import',
      HOSTNAME,
      BIN,
      ...['--password', 'lease-test-pw', '--master', `http://127.0.0.1:${await freePort()}`],
      ...['--listen-host', '127.0.0.1', '--listen-port', String(port)],
      ...['--state-file', stateFile, '--state-lock-lease', String(LEASE_S)],
      ...extra,
    ],
    env: childEnv({ TEST_HOSTNAME: host, ...requiredEnv }),
    name: `scheduler@${host}`,
    ready: /http listening/,
    readyTimeoutMs: 30_000,
  });
  running.push(p);
  return { p, url: `http://127.0.0.1:${port}` };
};
/** Waits until the scheduler leads (it holds the state file), or fails after `ms`. */
const leads = async (url: string, ms = 30_000): Promise<number> => {
  const end = Date.now() + ms;
  for (;;) {
    const h = (await (await fetch(`${url}/health`)).json()) as { leader: boolean };
    if (h.leader) return Date.now();
    if (Date.now() > end) throw new Error(`${url} did not lead within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
};
const lock = () =>
  JSON.parse(readFileSync(`${stateFile}.lock`, 'utf8')) as {
    pid: number;
    host: string;
    renewedAtMs: number;
  };

test('crashed on sched-a, restarted on sched-b: waits out the lease, then starts by itself', async () => {
  const a = await scheduler('sched-a');
  await leads(a.url);
  assert.is(lock().host, 'sched-a');
  const renewedAt = lock().renewedAtMs;
  await a.p.kill('SIGKILL'); // a crash: no cleanup, the lock file stays
  assert.is(lock().host, 'sched-a', 'the dead scheduler still names the lock');

  const b = await scheduler('sched-b');
  await b.p.waitForLine(/waiting for the state file lock/, 10_000);
  assert.match(b.p.stdout(), `pid ${a.p.child.pid} on sched-a`);
  const ledAt = await leads(b.url);
  assert.ok(
    ledAt >= renewedAt + LEASE_S * 1000,
    `b led ${ledAt - renewedAt} ms after a's last renewal, lease ${LEASE_S} s`,
  );
  assert.is(lock().host, 'sched-b');
  assert.is(lock().pid, b.p.child.pid);
});

test('--break-lock takes a live lease over at once', async () => {
  const holder = running.at(-1);
  assert.ok(holder !== undefined && holder.child.exitCode === null, 'sched-b still runs');
  const c = await scheduler('sched-c', ['--break-lock']);
  const started = Date.now();
  await leads(c.url);
  assert.ok(Date.now() - started < LEASE_S * 1000, 'no wait for the lease');
  assert.is(lock().host, 'sched-c');
});

test.after(async () => {
  for (const p of running) await p.kill('SIGKILL');
  dir.remove();
});

test.run();

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { childEnv, runProcess, startProcess, withTempDir } from '../src/index.js';

const child = fileURLToPath(new URL('./fixtures/child.mjs', import.meta.url));
const start = (mode: string, extra: Partial<Parameters<typeof startProcess>[0]> = {}) =>
  startProcess({ command: process.execPath, args: [child, mode], env: childEnv(), ...extra });

/** Whether `pid` runs (a zombie waiting for its reaper counts as ended). */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
};

/** Waits (bounded) until `cond` holds, looking again after each turn of the event loop. */
const until = async (cond: () => boolean, what: string, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

test('waits for the ready line, collects both streams, stops with SIGTERM', async () => {
  const lines: string[] = [];
  const p = await start('ready', { ready: /^ready on (\d+)$/, onLine: (l) => lines.push(l) });
  assert.is(p.readyMatch?.[1], '4242');
  assert.is(p.readyLine, 'ready on 4242');
  assert.is(p.stderr(), 'starting\n');
  assert.equal([...p.lines()].sort(), ['ready on 4242', 'starting']);
  assert.equal((await p.waitForLine(/^starting$/))[0], 'starting');
  assert.equal(await p.stop(), { code: 0, signal: null });
  assert.equal(await p.stop(), { code: 0, signal: null }, 'idempotent');
  assert.ok(lines.includes('bye'));
});

test('a process that ignores SIGTERM is SIGKILLed after the grace period', async () => {
  const p = await start('stubborn', { ready: /^ready$/, stopGraceMs: 200 });
  assert.equal(await p.stop(), { code: null, signal: 'SIGKILL' });
  assert.not.ok(alive(p.child.pid ?? 0));
});

test('an exit before the ready line rejects with the tail of the output', async () => {
  let message = '';
  await start('early-exit', { ready: /^ready/ }).catch((e: unknown) => (message = String(e)));
  assert.match(message, /exited \(exit code 3\) before printing a ready line matching \/\^ready\//);
  assert.match(message, /last output:\nwarming up/);
});

test('no ready line in time: rejects, and the process is stopped', async () => {
  let message = '';
  await start('silent', {
    ready: /^ready/,
    readyTimeoutMs: 100,
    onLine: () => undefined,
  }).catch((e: unknown) => (message = String(e)));
  assert.match(message, /printed no ready line matching \/\^ready\/ within 100 ms/);
  const p = await start('silent');
  const pid = p.child.pid ?? 0;
  assert.ok(alive(pid));
  assert.equal(await p.kill(), { code: null, signal: 'SIGKILL' });
});

test('runProcess runs to the end and gives back the output', async () => {
  const r = await runProcess({ command: process.execPath, args: [child, 'early-exit'] });
  assert.equal([r.code, r.stdout], [3, 'warming up\n']);
});

test('a child still running when the test process exits is killed', () =>
  withTempDir('testkit-proc-', async (dir) => {
    const pidFile = `${dir}/pid`;
    const r = await runProcess({
      command: process.execPath,
      args: ['--import', 'tsx', child, 'spawner', pidFile],
      env: childEnv(),
    });
    assert.is(r.code, 0, r.stderr);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await until(() => !alive(pid), `pid ${pid} to end`);
  }));

test.run();

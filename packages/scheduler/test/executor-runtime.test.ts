// The executor's Node.js runtime: named as Node names its archives, fetched once and checked
// against its sha256, delivered by the Mesos fetcher beside the bundle; and an executor that dies
// before it speaks is explained from its sandbox stderr, read from mesos-sim's agent.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSchedulerClient } from '@scaleio-framework/mesos';
import { startMesosSim } from '@scaleio-framework/mesos-sim';
import type { StatusInput } from '@scaleio-framework/orchestrator';
import { makeTempDir } from '@scaleio-framework/testkit';
import {
  executorInfo,
  executorStderrTail,
  explainExecutorExit,
  mesosChannel,
  prepareRuntime,
  proxyFor,
  runtimeNameOf,
  runtimePathOf,
  runEventLoop,
  runtimeSourceProblem,
  runtimeWarnings,
  type TaskSettings,
} from '../src/index.js';

const OLD = 'node-v22.11.0-linux-x64-glibc-217';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test('runtime names: Node’s own archive naming, x64, not older than the bundle’s target', () => {
  const r = runtimeNameOf(
    `https://unofficial-builds.nodejs.org/download/release/v22.11.0/${OLD}.tar.xz`,
  );
  assert.equal(r, {
    _tag: 'Right',
    right: { file: `${OLD}.tar.xz`, dir: OLD, version: '22.11.0', build: 'glibc-217' },
  });
  const official = runtimeNameOf('/srv/node-v24.1.0-linux-x64.tar.gz');
  assert.is(official._tag === 'Right' && official.right.build, 'official');
  assert.is(runtimeNameOf('/srv/node-v20.19.0-linux-x64-glibc-217.tar.gz')._tag, 'Right');
  for (const bad of [
    '/srv/node-v20.18.3-linux-x64-glibc-217.tar.xz',
    '/srv/node-v18.20.4-linux-x64-glibc-217.tar.gz',
    '/srv/node-v22.11.0-linux-arm64.tar.gz',
    '/srv/node-v22.11.0-linux-x64-glibc-217.zip',
    '/srv/node.tar.gz',
  ])
    assert.is(runtimeNameOf(bad)._tag, 'Left', bad);
  const name = (u: string) => {
    const n = runtimeNameOf(u);
    if (n._tag === 'Left') throw new Error(n.left);
    return n.right;
  };
  assert.equal(runtimeWarnings(name(`/srv/${OLD}.tar.gz`)), []);
  assert.match(runtimeWarnings(name('/srv/node-v22.11.0-linux-x64.tar.gz')).join(), 'glibc 2.28');
  assert.match(
    runtimeWarnings(name('/srv/node-v20.19.0-linux-x64-glibc-217.tar.gz')).join(),
    'end of life',
  );
  assert.match(String(runtimeSourceProblem(`${OLD}.tar.gz`)), 'absolute path');
  assert.match(String(runtimeSourceProblem('ftp://x/y.tar.gz')), 'http(s) or file://');
  assert.is(runtimeSourceProblem(`file:///srv/${OLD}.tar.gz`), undefined);
});

test('prepareRuntime: download once, check the sha256, keep only verified bytes', async () => {
  const dir = makeTempDir('runtime-prep-');
  const bytes = Buffer.from('not really node, but bytes with a known sha256');
  const gets: string[] = [];
  const server = createServer((req, res) => {
    gets.push(req.url ?? '');
    if (!(req.url ?? '').endsWith(`${OLD}.tar.gz`)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': bytes.length }).end(bytes);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const cacheDir = join(dir.path, 'cache');
  try {
    const url = `${base}/v22.11.0/${OLD}.tar.gz`;
    const bad = await prepareRuntime({ url, sha256: 'a'.repeat(64), cacheDir });
    assert.is(bad._tag === 'Left' && bad.left._tag, 'RuntimeChecksum');
    assert.match(bad._tag === 'Left' ? bad.left.message : '', `has sha256 ${sha(bytes)}`);
    assert.equal(readdirSync(cacheDir), [], 'a mismatch keeps nothing');
    const good = await prepareRuntime({ url, sha256: sha(bytes).toUpperCase(), cacheDir });
    if (good._tag === 'Left') throw new Error(good.left.message);
    assert.is(good.right.sha256, sha(bytes));
    assert.is(good.right.size, bytes.length);
    assert.is(good.right.dir, OLD);
    assert.is(runtimePathOf(good.right), `/executor/runtime/${sha(bytes)}/${OLD}.tar.gz`);
    const again = await prepareRuntime({ url, sha256: sha(bytes), cacheDir });
    assert.is(again._tag, 'Right');
    assert.is(gets.length, 2, 'a restart reads the verified copy, no new download');
    const missing = await prepareRuntime({
      url: `${base}/x/node-v22.0.0-linux-x64.tar.gz`,
      sha256: sha(bytes),
      cacheDir,
    });
    assert.is(missing._tag === 'Left' && missing.left._tag, 'RuntimeFetch');
    assert.match(missing._tag === 'Left' ? missing.left.message : '', 'HTTP 404');
    // A local path and a file:// URL work the same way.
    const local = join(dir.path, `${OLD}.tar.gz`);
    writeFileSync(local, bytes);
    for (const source of [local, pathToFileURL(local).href]) {
      const r = await prepareRuntime({
        url: source,
        sha256: sha(bytes),
        cacheDir: join(dir.path, 'c2'),
      });
      assert.is(r._tag, 'Right', source);
    }
    const gone = await prepareRuntime({
      url: join(dir.path, 'node-v22.1.0-linux-x64.tar.gz'),
      sha256: sha(bytes),
      cacheDir,
    });
    assert.match(gone._tag === 'Left' ? gone.left.message : '', 'does not exist');
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    dir.remove();
  }
});

test('the executor runs the fetched runtime: unpacked and cached, the bundle fetched fresh', () => {
  const s: TaskSettings = {
    role: 'scaleio',
    executorUri: 'http://sched:8080/executor/scaleio-executor.mjs',
    runtime: {
      uri: `http://sched:8080/executor/runtime/${'c'.repeat(64)}/${OLD}.tar.gz`,
      dir: OLD,
    },
    stepCpus: 0.1,
    taskMemMb: () => 64,
    executorCpus: 0.1,
    executorMemMb: 256,
    executorEnv: {},
  } as unknown as TaskSettings;
  const e = executorInfo('agent-1', s, []);
  assert.is(e.command?.value, `exec ./${OLD}/bin/node ./scaleio-executor.mjs`);
  assert.equal(e.command?.uris, [
    { value: s.runtime.uri, executable: false, extract: true, cache: true },
    { value: s.executorUri, executable: false, extract: false, cache: false },
  ]);
  const other = executorInfo(
    'agent-1',
    { ...s, runtime: { uri: `${s.runtime.uri}x`, dir: OLD } },
    [],
  );
  assert.is.not(other.executor_id.value, e.executor_id.value, 'a new runtime, a new executor id');
});

test('proxyFor: http_proxy unless no_proxy names the host', () => {
  const env = { http_proxy: 'http://proxy:3128', no_proxy: 'localhost,.sim,127.0.0.1' };
  assert.is(proxyFor('10.0.0.5', env), 'http://proxy:3128');
  assert.is(proxyFor('agent-1.sim', env), undefined);
  assert.is(proxyFor('127.0.0.1', env), undefined);
  assert.is(proxyFor('10.0.0.5', { HTTP_PROXY: 'http://p:1', NO_PROXY: '*' }), undefined);
  assert.is(proxyFor('10.0.0.5', {}), undefined);
});

test('an executor whose runtime cannot start: the status update carries its stderr', async () => {
  // A runtime archive whose bin/node fails at once, printing what glibc's loader prints when the
  // node's glibc is too old; served like the scheduler serves it, fetched by mesos-sim's fetcher.
  const dir = makeTempDir('runtime-exit-');
  const bin = join(dir.path, 'src', OLD, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, 'node'),
    `#!/bin/sh\necho "first line" >&2\necho "$0: /lib64/libc.so.6: version \\\`GLIBC_2.28' not found (required by $0)" >&2\nexit 1\n`,
    { mode: 0o755 },
  );
  execFileSync('tar', ['czf', join(dir.path, `${OLD}.tar.gz`), '-C', join(dir.path, 'src'), OLD]);
  const archive = readFileSync(join(dir.path, `${OLD}.tar.gz`));
  const server = createServer((req, res) => {
    const body = (req.url ?? '').endsWith('.tar.gz') ? archive : Buffer.from('// bundle\n');
    res
      .writeHead(200, { 'content-length': body.length })
      .end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sim = await startMesosSim({
    agents: [{ ip: '10.0.0.5', hostname: 'n5' }],
    executorEnv: { PATH: '/usr/bin:/bin' },
  });
  const client = createSchedulerClient({
    master: sim.url,
    frameworkInfo: {
      user: 'root',
      name: 'runtime-test',
      roles: ['scaleio'],
      capabilities: [{ type: 'MULTI_ROLE' }],
    },
  });
  const channel = mesosChannel({
    call: (c) => client.call(c),
    frameworkId: () => client.frameworkId(),
    settings: {
      role: 'scaleio',
      executorUri: `${base}/executor/scaleio-executor.mjs`,
      runtime: {
        uri: `${base}${runtimePathOf({ sha256: sha(archive), file: `${OLD}.tar.gz` })}`,
        dir: OLD,
      },
      stepCpus: 0.1,
      taskMemMb: { 'repo-install': 64, 'package-install': 64, gateway: 64, light: 64 },
      executorCpus: 0.1,
      executorMemMb: 64,
      executorEnv: {},
    },
  });
  const updates: StatusInput[] = [];
  let launched = false;
  let stopping = false;
  const before = process.env['http_proxy'];
  // The agent listens where its offers say only inside the simulated network.
  process.env['http_proxy'] = sim.proxyUrl;
  const noop = () => undefined;
  const loop = runEventLoop(
    client,
    {
      subscribed: noop,
      offers: async (offers) => {
        const inputs = channel.offered(offers);
        const first = inputs[0];
        if (launched || first === undefined) return;
        launched = true;
        const r = await channel.port.launch(first.offerId, {
          taskId: 't1',
          agentId: first.agent.agentId,
          name: 't1',
          spec: { step: 'prereqs' } as never,
        });
        assert.ok(r.ok, JSON.stringify(r));
      },
      rescinded: noop,
      update: (u) => void updates.push(u),
      failure: noop,
      error: noop,
      disconnected: noop,
      badEvent: noop,
      fatal: noop,
    },
    () => stopping,
    channel.explainExit,
  );
  try {
    const until = Date.now() + 30_000;
    while (!updates.some((u) => u.state === 'TASK_FAILED') && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    const failed = updates.find((u) => u.state === 'TASK_FAILED');
    assert.ok(failed !== undefined, JSON.stringify(updates));
    assert.is(
      failed.message,
      `Executor terminated; the executor's stderr ends with:\nfirst line\n./${OLD}/bin/node: /lib64/libc.so.6: version \`GLIBC_2.28' not found (required by ./${OLD}/bin/node)`,
    );
    process.env['http_proxy'] = '';
    const direct = await executorStderrTail({
      agent: { ip: '127.0.0.2', port: 9 },
      frameworkId: String(client.frameworkId()?.value),
      executorId: 'x',
      timeoutMs: 500,
    });
    assert.is(direct, undefined, 'an agent that cannot be reached: no explanation, no error');
    const explain = explainExecutorExit({ agentAddress: () => undefined, frameworkId: () => 'f' });
    assert.is(
      await explain({ state: 'TASK_FAILED', reason: 'REASON_EXECUTOR_TERMINATED' }),
      undefined,
    );
  } finally {
    if (before === undefined) delete process.env['http_proxy'];
    else process.env['http_proxy'] = before;
    stopping = true;
    client.close();
    await loop.catch(() => undefined);
    await sim.stop();
    await new Promise<void>((r) => server.close(() => r()));
    dir.remove();
  }
});

test.run();

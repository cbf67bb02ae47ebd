import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  defaultClusterSpec,
  emptyDeployState,
  observeAgents,
  type AgentId,
} from '@scaleio-framework/orchestrator';
import { Secret } from '../src/secret.js';
import { EXECUTOR_PATH, startHttpServer, type HttpDeps } from '../src/server.js';
import { createMetrics } from '../src/metrics.js';
import { statusView } from '../src/status.js';
import { createCapacityHistory } from '../src/history.js';
import {
  demoFacts,
  demoInputs,
  demoSamples,
  demoState,
  demoTime,
  SECRETS,
} from './http-fixture.js';

const TOKEN = 'op-t0ken-abcdef';
const dir = mkdtempSync(join(tmpdir(), 'http-test-'));
const exe = join(dir, 'exe.mjs');
writeFileSync(exe, 'console.log("executor")\n');

const state = observeAgents(
  emptyDeployState(),
  [0, 1, 2].map((i) => ({
    agentId: `S${i}` as AgentId,
    hostname: `h${i}`,
    ip: `10.0.0.${i}`,
    attributes: {},
    resources: { cpus: 4, memMb: 8192 },
  })),
  defaultClusterSpec,
);
const metrics = createMetrics();
const retried: unknown[] = [];
const deps: HttpDeps = {
  health: () => ({ ok: true, leader: true, subscribed: false }),
  status: () =>
    statusView(
      state,
      {
        frameworkId: 'F1',
        master: 'http://m',
        subscribed: false,
        leader: true,
        suppressed: false,
        startedAt: 0,
      },
      5000,
    ),
  metrics: async () => (metrics.observeState(state), metrics.render()),
  executorFile: exe,
  operatorToken: new Secret(TOKEN),
  actions: {
    'retry-node': async (b) => (retried.push(b), { status: 200, body: { retried: true } }),
  },
};

test('the executor runtime archive: served at its path, HEAD gives its size, other paths 404', async () => {
  const archive = join(dir, 'node-v22.11.0-linux-x64-glibc-217.tar.gz');
  writeFileSync(archive, 'runtime bytes');
  const urlPath = `/executor/runtime/${'d'.repeat(64)}/node-v22.11.0-linux-x64-glibc-217.tar.gz`;
  const server = await startHttpServer(
    { ...deps, executorRuntime: { path: archive, urlPath } },
    '127.0.0.1',
    0,
  );
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const head = await fetch(`${base}${urlPath}`, { method: 'HEAD' });
    assert.is(head.status, 200);
    assert.is(head.headers.get('content-length'), String('runtime bytes'.length));
    assert.is(await (await fetch(`${base}${urlPath}`)).text(), 'runtime bytes');
    const other = urlPath.replace('dddd', 'eeee');
    assert.is((await fetch(`${base}${other}`)).status, 404);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('health, status, metrics, executor artifact, operator actions', async () => {
  const server = await startHttpServer(deps, '127.0.0.1', 0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    assert.equal(await (await fetch(`${base}/health`)).json(), {
      ok: true,
      leader: true,
      subscribed: false,
    });
    const status = (await (await fetch(`${base}/api/v1/status`)).json()) as ReturnType<
      typeof statusView
    >;
    assert.is(status.framework.id, 'F1');
    assert.equal(status.nodes.map((n) => n.role).sort(), ['primary', 'secondary', 'tiebreaker']);
    assert.equal(status.deploy.nodesByPhase, { prerequisites: 3 });
    const m = await (await fetch(`${base}/metrics`)).text();
    assert.match(m, 'scaleio_nodes{phase="prerequisites",status="pending"} 3');
    const ex = await fetch(`${base}${EXECUTOR_PATH}`);
    assert.is(ex.status, 200);
    assert.is(await ex.text(), 'console.log("executor")\n');
    const noToken = await fetch(`${base}/api/v1/actions/retry-node`, {
      method: 'POST',
      body: '{}',
    });
    assert.is(noToken.status, 401);
    const wrong = await fetch(`${base}/api/v1/actions/retry-node`, {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
    });
    assert.is(wrong.status, 401);
    assert.not.match(await wrong.text(), TOKEN);
    const good = await fetch(`${base}/api/v1/actions/retry-node`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: '{"agentId":"S1"}',
    });
    assert.is(good.status, 200);
    assert.equal(retried, [{ agentId: 'S1' }]);
    const badJson = await fetch(`${base}/api/v1/actions/retry-node`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: '{',
    });
    assert.is(badJson.status, 400);
    assert.is(
      (
        await fetch(`${base}/api/v1/actions/retry-node`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        })
      ).status,
      405,
    );
    assert.is((await fetch(`${base}/nope`)).status, 404);
  } finally {
    server.close();
  }
});

test('dashboard page and history API; no secret in page, status or metrics', async () => {
  const inputs = demoInputs();
  const history = createCapacityHistory();
  for (const latest of demoSamples()) history.record([{ ...inputs.pools[0]!, latest }]);
  const demo = demoState();
  const m = createMetrics();
  const server = await startHttpServer(
    {
      ...deps,
      operatorToken: new Secret(SECRETS.token),
      status: () => statusView(demo, demoFacts, demoTime(30), inputs),
      metrics: async () => (m.observeState(demo), m.observePools(inputs.pools), m.render()),
      history: () => history.view(),
    },
    '127.0.0.1',
    0,
  );
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const page = await fetch(`${base}/`);
    assert.is(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', 'text/html');
    assert.match(page.headers.get('content-security-policy') ?? '', "default-src 'none'");
    const html = await page.text();
    assert.match(html, '<title>ScaleIO Framework</title>');
    // self-contained: no external script, stylesheet or URL (the SVG namespace is a name, not a fetch)
    assert.not.match(
      html.replaceAll('http://www.w3.org/2000/svg', ''),
      /<script[^>]+src=|<link[^>]+href="(?!data:)|https?:\/\//,
    );
    const hist = (await (await fetch(`${base}/api/v1/history`)).json()) as ReturnType<
      typeof history.view
    >;
    assert.is(hist.pools[0]?.points.length, demoSamples().length);
    const scraped = await (await fetch(`${base}/metrics`)).text();
    const usage =
      /^scaleio_pool_usage_ratio\{protection_domain="default",pool="default"\} (\S+)$/m.exec(
        scraped,
      );
    assert.ok(Math.abs(Number(usage?.[1]) - 0.656) < 0.0005, `usage ratio ${usage?.[1]}`);
    assert.match(scraped, 'scaleio_nodes{phase="sds",status="failed"} 1');
    const everything = [
      scraped,
      html,
      JSON.stringify(hist),
      await (await fetch(`${base}/api/v1/status`)).text(),
      await (await fetch(`${base}/metrics`)).text(),
      await (await fetch(`${base}/health`)).text(),
    ].join('\n');
    for (const v of Object.values(SECRETS)) assert.not.ok(everything.includes(v), `leaked ${v}`);
  } finally {
    server.close();
  }
});

test('history is empty when not wired', async () => {
  const server = await startHttpServer(deps, '127.0.0.1', 0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    assert.equal(await (await fetch(`${base}/api/v1/history`)).json(), { pools: [] });
  } finally {
    server.close();
  }
});

test('operator actions are refused when no token is configured', async () => {
  const server = await startHttpServer({ ...deps, operatorToken: new Secret('') }, '127.0.0.1', 0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const r = await fetch(`${base}/api/v1/actions/retry-node`, {
      method: 'POST',
      headers: { authorization: 'Bearer ' },
    });
    assert.is(r.status, 401);
    assert.match(await r.text(), /disabled/);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();

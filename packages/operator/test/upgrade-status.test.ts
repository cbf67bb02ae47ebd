// The rolling upgrade on the operator surface: the status's `upgrade` section (null until one
// ran; copied field by field, secrets scrubbed) and the `upgrade-pause`/`upgrade-resume` actions.
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createReadModels } from '../src/read-models.js';
import { notStarted, operatorApi, type LiveScheduler } from '../src/operator-api.js';
import { Secret } from '../src/secret.js';
import { startHttpServer } from '../src/server.js';
import type { UpgradeInfo } from '../src/upgrade-info.js';
import { demoState, demoTime, SECRETS } from './http-fixture.js';

const TOKEN = new Secret(SECRETS.token);
const PASSWORD = new Secret(SECRETS.password);

const info: UpgradeInfo & { extra: string } = {
  target: '2.0-13000.211',
  from: 'R2_0.10000.0',
  state: 'stopped',
  reason: `stopped at sds:a3 (h3): rpm failed near ${SECRETS.password}`,
  startedAt: demoTime(1),
  done: 13,
  total: 21,
  steps: [
    { id: 'lia:a2', phase: 'lia', host: 'h2', status: 'done', attempts: 1, startedAt: demoTime(2) },
    { id: 'sds:a3', phase: 'sds', host: 'h3', status: 'failed', attempts: 1, lastError: 'rpm' },
  ],
  extra: 'not shown',
};

const serve = async (live: LiveScheduler) => {
  const models = createReadModels();
  const server = await startHttpServer(
    operatorApi(live, {
      models,
      secrets: [TOKEN, PASSWORD],
      operatorToken: TOKEN,
      startedAt: demoTime(0),
      now: () => demoTime(30),
      executorFile: undefined,
    }),
    '127.0.0.1',
    0,
  );
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    models,
    status: async () =>
      ((await (await fetch(`${base}/api/v1/status`)).json()) as { upgrade: unknown }).upgrade,
    action: async (name: string) => {
      const r = await fetch(`${base}/api/v1/actions/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SECRETS.token}` },
        body: '{}',
      });
      return [r.status, await r.json()] as const;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
};

test('status: no upgrade section until one ran, then its steps in order with secrets scrubbed', async () => {
  const live: LiveScheduler = {
    ...notStarted(),
    leader: true,
    core: { state: demoState, suppressed: () => false, retryNode: async () => false },
  };
  const s = await serve(live);
  try {
    assert.is(await s.status(), null);
    s.models.observeUpgrade(info);
    assert.equal(await s.status(), {
      target: '2.0-13000.211',
      from: 'R2_0.10000.0',
      state: 'stopped',
      reason: 'stopped at sds:a3 (h3): rpm failed near [secret]',
      startedAtMs: demoTime(1),
      finishedAtMs: null,
      done: 13,
      total: 21,
      steps: [
        {
          id: 'lia:a2',
          phase: 'lia',
          host: 'h2',
          status: 'done',
          attempts: 1,
          startedAtMs: demoTime(2),
          finishedAtMs: null,
          lastError: null,
        },
        {
          id: 'sds:a3',
          phase: 'sds',
          host: 'h3',
          status: 'failed',
          attempts: 1,
          startedAtMs: null,
          finishedAtMs: null,
          lastError: 'rpm',
        },
      ],
    });
  } finally {
    await s.close();
  }
});

test('actions: pause and resume reach the upgrader; its refusal is a 409; 503 before it exists', async () => {
  const calls: string[] = [];
  const live: LiveScheduler = { ...notStarted(), leader: true };
  const s = await serve(live);
  try {
    assert.equal(await s.action('upgrade-pause'), [503, { error: 'not leading' }]);
    live.upgrader = {
      pause: async () => (calls.push('pause'), { ok: true }),
      resume: async () => (
        calls.push('resume'),
        { ok: false, error: 'no rolling upgrade is in progress' }
      ),
    };
    assert.equal(await s.action('upgrade-pause'), [200, { ok: true }]);
    assert.equal(await s.action('upgrade-resume'), [
      409,
      { error: 'no rolling upgrade is in progress' },
    ]);
    assert.equal(calls, ['pause', 'resume']);
  } finally {
    await s.close();
  }
});

test.run();

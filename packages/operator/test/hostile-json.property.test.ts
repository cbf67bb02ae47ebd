// The operator surface's decoders fed hostile but valid JSON (testkit `hostileJson`: nesting
// 100,000 deep, huge numbers, `__proto__` keys, …): a `--config` document (YAML or JSON) parses
// or says where it is malformed, and an operator action's body is answered 200/4xx with JSON —
// never a throw, a 500, or a polluted Object.prototype.
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { anyJson, assertUnpolluted } from '@scaleio-framework/testkit';
import type { AgentId } from '@scaleio-framework/orchestrator';
import { parseConfigDocument, preview } from '../src/config/index.js';
import { createReadModels } from '../src/read-models.js';
import { notStarted, operatorApi } from '../src/operator-api.js';
import { Secret } from '../src/secret.js';
import { startHttpServer } from '../src/server.js';
import { demoState } from './http-fixture.js';

const TOKEN = 'hostile-token-0123456789abcdef';

test('config documents: a value or one line; a preview of any value is short', () => {
  const doc = { master: 'zk://zk1:2181/mesos', failoverTimeout: 60, existingMdmIps: ['10.0.0.1'] };
  fc.assert(
    fc.property(anyJson(doc), fc.constantFrom('/c.json', '/c.yaml'), (text, path) => {
      const r = parseConfigDocument(path, text);
      assertUnpolluted();
      if (!r.ok) assert.not.match(r.error, '\n');
      else assert.ok(preview(r.value).length <= 70);
    }),
    { numRuns: 150 },
  );
});

test('operator actions: any JSON body is answered with JSON, never a 500', async () => {
  const retried: string[] = [];
  const live = {
    ...notStarted(),
    leader: true,
    core: {
      state: demoState,
      suppressed: () => false,
      retryNode: (id: AgentId) => (retried.push(id), Promise.resolve(false)),
    },
  };
  const server = await startHttpServer(
    operatorApi(live, {
      models: createReadModels(),
      secrets: [],
      operatorToken: new Secret(TOKEN),
      startedAt: 0,
      now: () => 0,
      executorFile: undefined,
    }),
    '127.0.0.1',
    0,
  );
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await fc.assert(
      fc.asyncProperty(
        anyJson({ agentId: 'agent-3', id: 'exp-1' }),
        fc.constantFrom('retry-node', 'healing-approve'),
        async (body, action) => {
          const r = await fetch(`${base}/api/v1/actions/${action}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKEN}` },
            body,
          });
          assert.ok(r.status < 500 || r.status === 503, `${r.status}`);
          assert.is(typeof (await r.json()), 'object');
          assertUnpolluted();
        },
      ),
      { numRuns: 80 },
    );
    assert.ok(retried.every((id) => typeof id === 'string' && id.length <= 200));
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as E from 'fp-ts/lib/Either.js';
import type { ExecutorConfig, ExecutorItem } from '../src/index.js';
import { createExecutorClient, isValidUuidBase64 } from '../src/index.js';
import type { Handler, Loopback } from './fakes.js';
import { manualClock, openEventStream, send, startServer } from './fakes.js';
import { EX, F, tid } from './helpers.js';

const subscribedEvent = {
  type: 'SUBSCRIBED',
  subscribed: {
    executor_info: {
      type: 'CUSTOM',
      executor_id: { value: 'E' },
      framework_id: { value: 'F' },
      command: { value: './x', shell: false },
    },
    framework_info: { id: { value: 'F' }, user: 'root', name: 'fw', checkpoint: true },
    agent_info: { hostname: 'agent-1', port: 5051, id: { value: 'S0' } },
    container_id: { value: 'c1' },
  },
};
const launch = (task: string) => ({
  type: 'LAUNCH',
  launch: {
    task: {
      name: task,
      task_id: { value: task },
      agent_id: { value: 'S0' },
      resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 0.1 } }],
      executor: { executor_id: { value: 'E' }, command: { value: './x' } },
    },
  },
});

const agent: Handler = (req, res) => {
  if (req.body['type'] === 'SUBSCRIBE') {
    const n = (req.body['subscribe'] as { unacknowledged_tasks: unknown[] }).unacknowledged_tasks
      .length;
    openEventStream(res, n === 0 ? [subscribedEvent, launch('t1')] : [subscribedEvent]);
    return 'stream';
  }
  res.writeHead(202).end();
  return undefined;
};

const config = (origin: string, checkpoint: boolean): ExecutorConfig => ({
  frameworkId: F,
  executorId: EX,
  agentUrl: origin,
  checkpoint,
  shutdownGracePeriodMs: 5000,
  ...(checkpoint ? { recoveryTimeoutMs: 10_000, subscriptionBackoffMaxMs: 2000 } : {}),
});

const next = async (it: AsyncIterator<ExecutorItem>): Promise<ExecutorItem> => {
  const r = await it.next();
  if (r.done === true) throw new Error('iteration ended');
  return r.value;
};
const typeOf = (i: ExecutorItem): string => (i._tag === 'Event' ? i.event.type : i._tag);

const withAgent = async (body: (a: Loopback) => Promise<void>): Promise<void> => {
  const a = await startServer(agent);
  try {
    await body(a);
  } finally {
    await a.close();
  }
};

test('subscribes, tracks launched tasks and updates until ACKNOWLEDGED', () =>
  withAgent(async (a) => {
    const client = createExecutorClient({ config: config(a.origin, false) });
    const it = client.events()[Symbol.asyncIterator]();
    try {
      assert.is(typeOf(await next(it)), 'SUBSCRIBED');
      assert.is(typeOf(await next(it)), 'LAUNCH');
      assert.equal(a.received[0]?.body, {
        type: 'SUBSCRIBE',
        framework_id: { value: 'F' },
        executor_id: { value: 'E' },
        subscribe: { unacknowledged_tasks: [], unacknowledged_updates: [] },
      });
      assert.is(a.received[0]?.headers['content-type'], 'application/json');
      assert.equal(
        client.unacknowledgedTasks().map((t) => t.task_id.value),
        ['t1'],
      );

      const sent = await client.update({ taskId: tid('t1'), state: 'TASK_RUNNING', message: 'up' });
      assert.ok(E.isRight(sent));
      if (E.isLeft(sent)) return;
      const wire = a.received[1]?.body as {
        type: string;
        update: { status: Record<string, unknown> };
      };
      assert.is(wire.type, 'UPDATE');
      assert.is(wire.update.status['source'], 'SOURCE_EXECUTOR');
      assert.ok(isValidUuidBase64(wire.update.status['uuid'] as string));
      assert.is(client.unacknowledgedUpdates().length, 1);

      send(a.streams[0], {
        type: 'ACKNOWLEDGED',
        acknowledged: { task_id: { value: 't1' }, uuid: sent.right.uuid },
      });
      assert.is(typeOf(await next(it)), 'ACKNOWLEDGED');
      assert.is(client.unacknowledgedUpdates().length, 0);
      assert.is(client.unacknowledgedTasks().length, 0);

      const msg = await client.message(Buffer.from('hi'));
      assert.ok(E.isRight(msg));
      assert.equal((a.received[2]?.body as { message: unknown }).message, { data: 'aGk=' });
    } finally {
      client.close();
    }
  }));

test('without checkpointing a broken connection means exit', () =>
  withAgent(async (a) => {
    const client = createExecutorClient({ config: config(a.origin, false) });
    const items: string[] = [];
    for await (const item of client.events()) {
      items.push(item._tag === 'Exit' ? `Exit:${item.reason}` : typeOf(item));
      if (items.length === 2) a.streams[0]?.end();
    }
    assert.equal(items, ['SUBSCRIBED', 'LAUNCH', 'Exit:not-checkpointing']);
  }));

test('with checkpointing it resubscribes with unacknowledged tasks and updates, until the recovery timeout', () =>
  withAgent(async (a) => {
    const clock = manualClock();
    const client = createExecutorClient({
      config: config(a.origin, true),
      clock,
      random: () => 0.25,
    });
    const it = client.events()[Symbol.asyncIterator]();
    try {
      await next(it);
      await next(it);
      const status = await client.update({ taskId: tid('t1'), state: 'TASK_RUNNING' });
      assert.ok(E.isRight(status));
      a.streams[0]?.end();
      const lost = await next(it);
      assert.ok(
        lost._tag === 'Disconnected' && lost.retryInMs === 500,
        'random 0.25 of the 2 s backoff max',
      );
      const again = next(it);
      await clock.fireNext();
      assert.is(typeOf(await again), 'SUBSCRIBED');
      const resub = a.received[2]?.body as {
        subscribe: {
          unacknowledged_tasks: { task_id: unknown }[];
          unacknowledged_updates: { status: { uuid: string } }[];
        };
      };
      assert.equal(
        resub.subscribe.unacknowledged_tasks.map((t) => t.task_id),
        [{ value: 't1' }],
      );
      assert.equal(
        resub.subscribe.unacknowledged_updates.map((u) => u.status.uuid),
        [E.isRight(status) ? status.right.uuid : ''],
      );

      // Now the agent goes away for good: retries stop at the recovery timeout.
      await a.close();
      let item = await next(it);
      let retries = 0;
      while (item._tag === 'Disconnected') {
        retries += 1;
        const pending = next(it);
        await clock.fireNext();
        item = await pending;
      }
      assert.ok(item._tag === 'Exit' && item.reason === 'recovery-timeout');
      assert.is(retries, 20, 'twenty 500 ms waits fill the 10 s recovery timeout');
    } finally {
      client.close();
    }
  }));

test.run();

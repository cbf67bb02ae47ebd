// How the scheduler client survives a hostile or broken master, on loopback: a deeply nested
// event is classified and skipped (the stream goes on; it is not a network error), a SUBSCRIBED it
// cannot use is a protocol error that drops the subscription and retries, a flapping master gets
// a growing backoff that starts over only after a stable subscription, and a removed framework
// (ERROR on the stream, as apache/mesos master.cpp sends it, or a 403 saying so) is fatal at once.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SchedulerItem } from '../src/index.js';
import * as E from 'fp-ts/lib/Either.js';
import {
  acceptCall,
  classifyError,
  createSchedulerClient,
  declineCall,
  describeError,
  launchOperation,
} from '../src/index.js';
import type { Handler, Loopback } from './fakes.js';
import { manualClock, openEventStream, send, startServer } from './fakes.js';
import { F, oid } from './helpers.js';

const info = { user: 'root', name: 'fw', roles: ['storage'], failover_timeout: 604800 };
const subscribed = (framework_id: unknown) => ({
  type: 'SUBSCRIBED',
  subscribed: { framework_id, heartbeat_interval_seconds: 15 },
});

const withMaster = async (handler: Handler, body: (m: Loopback) => Promise<void>) => {
  const m = await startServer(handler);
  try {
    await body(m);
  } finally {
    await m.close();
  }
};
const next = async (it: AsyncIterator<SchedulerItem>): Promise<SchedulerItem> => {
  const r = await it.next();
  if (r.done === true) throw new Error('iteration ended');
  return r.value;
};
const shape = (i: SchedulerItem): string =>
  i._tag === 'Event' ? i.event.type : `${i._tag}:${i.error._tag}`;
/** A master that answers every SUBSCRIBE with a stream opening with `events`. */
const streaming =
  (events: readonly unknown[]): Handler =>
  (_req, res) => {
    openEventStream(res, [...events], 's');
    return 'stream';
  };
/** Every item of a client that resubscribes with the stored id `F`, until it ends. */
const itemsOfStoredId = async (m: Loopback): Promise<SchedulerItem[]> => {
  const client = createSchedulerClient({ master: m.origin, frameworkInfo: info, frameworkId: F });
  const items: SchedulerItem[] = [];
  for await (const item of client.events()) items.push(item);
  return items;
};
/** `item` is the fatal FrameworkRemoved for `F`. */
const assertRemoved = (item: SchedulerItem | undefined): void => {
  assert.ok(item?._tag === 'Fatal' && item.error._tag === 'FrameworkRemoved');
  assert.is(item.error.frameworkId, F.value);
};

test('a deeply nested event is a skipped bad event, not a network error; the stream goes on', () =>
  withMaster(streaming([subscribed({ value: 'F-1' })]), async (m) => {
    const client = createSchedulerClient({ master: m.origin, frameworkInfo: info });
    const it = client.events()[Symbol.asyncIterator]();
    try {
      assert.is(shape(await next(it)), 'SUBSCRIBED');
      const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
      // A known type whose payload is nested 100,000 deep (its error must not stringify it) ...
      m.streams[0]?.write(recordOf(`{"type":"UPDATE","update":{"status":${deep(100_000)}}}`));
      // ... one whose type itself is, and one that decodes with a deep unknown field.
      m.streams[0]?.write(recordOf(`{"type":${deep(100_000)}}`));
      m.streams[0]?.write(recordOf(`{"type":"HEARTBEAT","extra":${deep(100_000)}}`));
      send(m.streams[0], { type: 'HEARTBEAT' });
      const items = [await next(it), await next(it), await next(it), await next(it)];
      assert.equal(items.map(shape), [
        'BadEvent:DecodeError',
        'BadEvent:DecodeError',
        'HEARTBEAT',
        'HEARTBEAT',
      ]);
      const first = items[0];
      assert.ok(first?._tag === 'BadEvent' && first.type === 'UPDATE');
      assert.match(describeError(first.error), /could not decode scheduler event/);
    } finally {
      client.close();
    }
  }));

const recordOf = (json: string) => Buffer.from(`${Buffer.byteLength(json)}\n${json}`);

test('SUBSCRIBED without a framework id is a protocol error: the subscription is dropped and retried', () => {
  let n = 0;
  return withMaster(
    (_req, res) => {
      n += 1;
      // The first master answer is broken (then heartbeats, as if all were well); the next is good.
      openEventStream(res, [n === 1 ? subscribed(undefined) : subscribed({ value: 'F-2' })], 's');
      if (n === 1) res.write(recordOf('{"type":"HEARTBEAT"}'));
      return 'stream';
    },
    async (m) => {
      const clock = manualClock();
      const client = createSchedulerClient({
        master: m.origin,
        frameworkInfo: info,
        clock,
        random: () => 0,
      });
      const it = client.events()[Symbol.asyncIterator]();
      try {
        const lost = await next(it);
        assert.is(shape(lost), 'Disconnected:ProtocolError');
        assert.ok(lost._tag === 'Disconnected');
        assert.is(classifyError(lost.error), 'subscription-lost');
        assert.match(describeError(lost.error), /protocol error: SUBSCRIBED that does not decode/);
        assert.is(client.frameworkId(), undefined, 'no id taken from a broken SUBSCRIBED');
        const again = next(it);
        await clock.fireNext(); // the backoff
        assert.is(shape(await again), 'SUBSCRIBED');
        assert.is(client.frameworkId()?.value, 'F-2');
        assert.is(m.received.length, 2, 'subscribed again');
      } finally {
        client.close();
      }
    },
  );
});

test('a flapping master: the backoff grows; it starts over only after a stable subscription', () =>
  withMaster(streaming([subscribed({ value: 'F-3' })]), async (m) => {
    const clock = manualClock();
    const client = createSchedulerClient({
      master: m.origin,
      frameworkInfo: info,
      clock,
      random: () => 1,
      backoff: { initialMs: 100, maxMs: 800 },
      stablePeriodMs: 60_000,
    });
    const it = client.events()[Symbol.asyncIterator]();
    const delays: number[] = [];
    let upcoming = next(it);
    /** One subscription: SUBSCRIBED, `lastMs` on the clock, then the master drops it. */
    const step = async (lastMs: number) => {
      assert.is(shape(await upcoming), 'SUBSCRIBED');
      clock.advance(lastMs);
      const lost = next(it);
      m.streams.at(-1)?.destroy();
      const item = await lost;
      assert.ok(item._tag === 'Disconnected', shape(item));
      delays.push(item.retryInMs);
      upcoming = next(it);
      await clock.fireNext(); // the backoff
    };
    try {
      for (let i = 0; i < 5; i += 1) await step(10); // SUBSCRIBED, then dropped 10 ms later
      await step(60_000); // a subscription that lasted
      await step(10);
      assert.equal(delays, [100, 200, 400, 800, 800, 100, 200]);
    } finally {
      upcoming.catch(() => undefined); // ends with the client
      client.close();
    }
  }));

test('ERROR "Framework has been removed" ends the client at once with a clear, fatal error', () =>
  withMaster(
    (_req, res) => {
      // apache/mesos master.cpp: validateFrameworkSubscription refuses a removed framework's id;
      // the master sends the ERROR on the 200 stream and closes it.
      openEventStream(
        res,
        [{ type: 'ERROR', error: { message: 'Framework has been removed' } }],
        's',
      );
      res.end();
      return 'stream';
    },
    async (m) => {
      const items = await itemsOfStoredId(m);
      assert.equal(items.map(shape), ['ERROR', 'Fatal:FrameworkRemoved']);
      const last = items[1];
      assertRemoved(last);
      if (last?._tag === 'Fatal')
        assert.match(describeError(last.error), `removed framework ${F.value} for good`);
      assert.is(m.received.length, 1, 'not retried');
    },
  ));

test('a 403 "Framework has been removed" is fatal too, never retried', () =>
  withMaster(
    (_req, res) => {
      res.writeHead(403).end('Framework has been removed');
    },
    async (m) => {
      const items = await itemsOfStoredId(m);
      assert.equal(items.map(shape), ['Fatal:FrameworkRemoved']);
      assert.is(m.received.length, 1);
      assertRemoved(items[0]);
    },
  ));

test('a call whose connection drops before any answer: DECLINE is sent again once, ACCEPT never', () => {
  /** The first call of each type: its connection is dropped unanswered (as a master's idle close). */
  const dropped = new Set<string>();
  return withMaster(
    (req, res) => {
      if (req.body['type'] === 'SUBSCRIBE') {
        openEventStream(res, [subscribed({ value: 'F' })], 's');
        return 'stream';
      }
      const type = String(req.body['type']);
      if (!dropped.has(type)) {
        dropped.add(type);
        res.socket?.destroy();
        return;
      }
      res.writeHead(202).end();
      return;
    },
    async (m) => {
      const client = createSchedulerClient({ master: m.origin, frameworkInfo: info });
      const it = client.events()[Symbol.asyncIterator]();
      try {
        assert.is(shape(await next(it)), 'SUBSCRIBED');
        const decline = await client.call(declineCall(F, [oid('O-1')], 5));
        assert.ok(E.isRight(decline), JSON.stringify(decline));
        const accept = await client.call(acceptCall(F, [oid('O-2')], [launchOperation([])]));
        assert.ok(E.isLeft(accept), 'a dropped ACCEPT is an error, never sent again');
        const types = m.received
          .map((r) => String(r.body['type']))
          .filter((t) => t !== 'SUBSCRIBE');
        assert.equal(types, ['DECLINE', 'DECLINE', 'ACCEPT']);
      } finally {
        client.close();
      }
    },
  );
});

test.run();

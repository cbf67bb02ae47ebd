import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as E from 'fp-ts/lib/Either.js';
import type { SchedulerItem } from '../src/index.js';
import { classifyError, createSchedulerClient, declineCall, reconcileCall } from '../src/index.js';
import type { Handler, Loopback } from './fakes.js';
import { manualClock, openEventStream, send, startServer } from './fakes.js';
import { F, oid, unwrap } from './helpers.js';
import { frameworkId } from '../src/index.js';

const info = {
  user: 'root',
  name: 'fw',
  roles: ['storage'],
  failover_timeout: 604800,
  checkpoint: true,
};
const subscribed = (id: string, hb = 15) => ({
  type: 'SUBSCRIBED',
  subscribed: {
    framework_id: { value: id },
    heartbeat_interval_seconds: hb,
    master_info: { id: 'm', ip: 1, port: 5050 },
  },
});

/** A master that accepts subscriptions (assigning F-<n> unless an id is given) and calls. */
const master = (onCall: (r: { body: Record<string, unknown> }) => number = () => 202): Handler => {
  let n = 0;
  return (req, res) => {
    if (req.body['type'] === 'SUBSCRIBE') {
      const fid = (req.body['framework_id'] as { value: string } | undefined)?.value ?? `F-000${n}`;
      n += 1;
      openEventStream(res, [subscribed(fid), { type: 'HEARTBEAT' }], `stream-${n}`);
      return 'stream';
    }
    res.writeHead(onCall(req)).end();
    return undefined;
  };
};

const next = async (it: AsyncIterator<SchedulerItem>): Promise<SchedulerItem> => {
  const r = await it.next();
  if (r.done === true) throw new Error('iteration ended');
  return r.value;
};

const withServers = async (
  handlers: Handler[],
  body: (servers: Loopback[]) => Promise<void>,
): Promise<void> => {
  const servers: Loopback[] = [];
  try {
    for (const h of handlers) servers.push(await startServer(h));
    await body(servers);
  } finally {
    for (const s of servers) await s.close();
  }
};

test('subscribes, stores the new id, streams events, and sends calls with the stream id', () =>
  withServers([master()], async ([m]) => {
    const saved: string[] = [];
    const client = createSchedulerClient({
      master: m!.origin,
      frameworkInfo: info,
      saveFrameworkId: async (id) => {
        saved.push(id.value);
      },
    });
    const it = client.events()[Symbol.asyncIterator]();
    try {
      const first = await next(it);
      assert.is(first._tag === 'Event' && first.event.type, 'SUBSCRIBED');
      assert.equal(saved, ['F-0000']);
      assert.is(client.frameworkId()?.value, 'F-0000');
      const hb = await next(it);
      assert.is(hb._tag === 'Event' && hb.event.type, 'HEARTBEAT');
      const sub = m!.received[0]!;
      assert.is(sub.headers['content-type'], 'application/json');
      assert.is(sub.headers['mesos-stream-id'], undefined);
      assert.equal(sub.body, { type: 'SUBSCRIBE', subscribe: { framework_info: info } });

      const fid = client.frameworkId()!;
      const res = await client.call(declineCall(fid, [oid('O1')], 60));
      assert.equal(res, E.right({ status: 202, base: m!.origin }));
      const call = m!.received[1]!;
      assert.is(call.headers['mesos-stream-id'], 'stream-1');
      assert.is(call.headers['content-type'], 'application/json');
      assert.equal(call.body, {
        type: 'DECLINE',
        framework_id: { value: 'F-0000' },
        decline: { offer_ids: [{ value: 'O1' }], filters: { refuse_seconds: 60 } },
      });

      send(m!.streams[0], {
        type: 'RESCIND',
        rescind: { offer_id: { value: 'O1' } },
        new_field: 1,
      });
      const rescind = await next(it);
      assert.is(rescind._tag === 'Event' && rescind.event.type, 'RESCIND');
      send(m!.streams[0], { type: 'OFFERS', offers: [] });
      const bad = await next(it);
      assert.is(bad._tag, 'BadEvent');
    } finally {
      client.close();
    }
    assert.equal(await it.next(), { done: true, value: undefined });
  }));

test('follows a protocol-relative 307 from a standby master and pins the leader', () =>
  withServers([master()], async ([leader]) => {
    await withServers(
      [
        (_req, res) => {
          res.writeHead(307, { location: `//127.0.0.1:${leader!.port}/api/v1/scheduler` }).end();
        },
      ],
      async ([standby]) => {
        const client = createSchedulerClient({
          master: `${standby!.origin},${leader!.origin}`,
          frameworkInfo: info,
        });
        const it = client.events()[Symbol.asyncIterator]();
        try {
          const first = await next(it);
          assert.is(first._tag === 'Event' && first.event.type, 'SUBSCRIBED');
          assert.is(client.leader(), leader!.origin);
          assert.is(standby!.received.length, 1);
          const res = await client.call(reconcileCall(client.frameworkId()!));
          assert.ok(E.isRight(res));
          assert.is(standby!.received.length, 1, 'calls go straight to the pinned leader');
          assert.is(leader!.received[1]?.body['type'], 'RECONCILE');
        } finally {
          client.close();
        }
      },
    );
  }));

test('heartbeat loss: the watchdog drops the stream, backs off, and resubscribes with the same id', () =>
  withServers([master()], async ([m]) => {
    const clock = manualClock();
    const client = createSchedulerClient({
      master: m!.origin,
      frameworkInfo: info,
      clock,
      random: () => 0.5,
      backoff: { initialMs: 1000, maxMs: 8000 },
    });
    const it = client.events()[Symbol.asyncIterator]();
    try {
      await next(it); // SUBSCRIBED
      await next(it); // HEARTBEAT
      const pendingNext = next(it);
      const waited = await clock.fireNext();
      assert.is(waited, 75_000, '5 missed 15 s heartbeats');
      const lost = await pendingNext;
      assert.is(lost._tag, 'Disconnected');
      if (lost._tag !== 'Disconnected') return;
      assert.equal(lost.error, { _tag: 'HeartbeatTimeout', afterMs: 75_000 });
      assert.is(classifyError(lost.error), 'subscription-lost');
      assert.is(lost.retryInMs, 750, 'half fixed + half jitter of 1000 ms at random 0.5');
      const again = next(it);
      assert.is(await clock.fireNext(), 750);
      const sub = await again;
      assert.is(sub._tag === 'Event' && sub.event.type, 'SUBSCRIBED');
      const resub = m!.received[1]!.body;
      assert.equal(resub['framework_id'], { value: 'F-0000' });
      assert.equal((resub['subscribe'] as { framework_info: { id: unknown } }).framework_info.id, {
        value: 'F-0000',
      });
    } finally {
      client.close();
    }
  }));

test('resubscribe backoff grows exponentially and is capped; a 503 is retryable', () =>
  withServers(
    [
      (_req, res) => {
        res.writeHead(503).end('No leader elected');
      },
    ],
    async ([m]) => {
      const clock = manualClock();
      const client = createSchedulerClient({
        master: m!.origin,
        frameworkInfo: info,
        clock,
        random: () => 1,
        backoff: { initialMs: 100, maxMs: 400 },
      });
      const it = client.events()[Symbol.asyncIterator]();
      const delays: number[] = [];
      try {
        let item = await next(it);
        for (let i = 0; i < 4; i += 1) {
          assert.ok(
            item._tag === 'Disconnected' &&
              item.error._tag === 'HttpStatus' &&
              item.error.status === 503,
          );
          assert.is(item._tag === 'Disconnected' && classifyError(item.error), 'retryable');
          if (item._tag === 'Disconnected') delays.push(item.retryInMs);
          const pending = next(it);
          await clock.fireNext();
          item = await pending;
        }
        assert.equal(delays, [100, 200, 400, 400]);
        assert.is(m!.received.length, 5);
      } finally {
        client.close();
      }
    },
  ));

test('an ERROR event is fatal and ends the iteration', () =>
  withServers(
    [
      (_req, res) => {
        openEventStream(
          res,
          [subscribed('F-9'), { type: 'ERROR', error: { message: 'Framework failed over' } }],
          's',
        );
        return 'stream';
      },
    ],
    async ([m]) => {
      const client = createSchedulerClient({ master: m!.origin, frameworkInfo: info });
      const items: string[] = [];
      for await (const item of client.events())
        items.push(item._tag === 'Event' ? item.event.type : `${item._tag}:${item.error._tag}`);
      assert.equal(items, ['SUBSCRIBED', 'ERROR', 'Fatal:MesosErrorEvent']);
    },
  ));

test('a master that hands out a different framework id than the stored one is fatal', () =>
  withServers(
    [
      (_req, res) => {
        openEventStream(res, [subscribed('OTHER-0000')], 's');
        return 'stream';
      },
    ],
    async ([m]) => {
      const client = createSchedulerClient({
        master: m!.origin,
        frameworkInfo: info,
        frameworkId: F,
      });
      const items: SchedulerItem[] = [];
      for await (const item of client.events()) items.push(item);
      assert.equal(
        items.map((i) => i._tag),
        ['Fatal'],
      );
      const last = items[0];
      assert.equal(last?._tag === 'Fatal' && last.error, {
        _tag: 'FrameworkIdChanged',
        stored: 'F',
        received: 'OTHER-0000',
      });
    },
  ));

test('errors as data: 400 on SUBSCRIBE is fatal; 403 on a call means the subscription is lost', () =>
  withServers(
    [
      (req, res) => {
        if (req.body['type'] === 'SUBSCRIBE' && req.body['framework_id'] === undefined) {
          res.writeHead(400).end('Failed to validate scheduler::Call: bad');
          return undefined;
        }
        if (req.body['type'] === 'SUBSCRIBE') {
          openEventStream(res, [subscribed('F')], 's');
          return 'stream';
        }
        res.writeHead(403).end('Framework is not subscribed');
        return undefined;
      },
    ],
    async ([m]) => {
      const bad = createSchedulerClient({ master: m!.origin, frameworkInfo: info });
      const items: SchedulerItem[] = [];
      for await (const item of bad.events()) items.push(item);
      assert.is(items.length, 1);
      const fatal = items[0];
      assert.ok(
        fatal?._tag === 'Fatal' && fatal.error._tag === 'HttpStatus' && fatal.error.status === 400,
      );

      const ok = createSchedulerClient({
        master: m!.origin,
        frameworkInfo: info,
        frameworkId: unwrap(frameworkId('F')),
      });
      const it = ok.events()[Symbol.asyncIterator]();
      try {
        await next(it);
        const res = await ok.call(reconcileCall(F));
        assert.ok(E.isLeft(res) && classifyError(res.left) === 'subscription-lost');
      } finally {
        ok.close();
      }
      const notYet = await ok.call(reconcileCall(F));
      assert.ok(E.isLeft(notYet) && notYet.left._tag === 'Closed');
    },
  ));

test('an invalid master spec and unreachable masters are reported as data', async () => {
  const c = createSchedulerClient({ master: 'ftp://x', frameworkInfo: info });
  const items: SchedulerItem[] = [];
  for await (const item of c.events()) items.push(item);
  assert.ok(items[0]?._tag === 'Fatal' && items[0].error._tag === 'InvalidConfig');

  const dead = await startServer(() => undefined);
  await dead.close();
  const clock = manualClock();
  const d = createSchedulerClient({
    master: dead.origin,
    frameworkInfo: info,
    clock,
    random: () => 0,
  });
  const it = d.events()[Symbol.asyncIterator]();
  try {
    const first = await next(it);
    assert.ok(
      first._tag === 'Disconnected' &&
        first.error._tag === 'NetworkError' &&
        classifyError(first.error) === 'retryable',
    );
  } finally {
    d.close();
  }
});

test('redirect loops are bounded and a junk Location is fatal', async () => {
  let selfPort = 0;
  const loop = await startServer((_req, res) => {
    res.writeHead(307, { location: `//127.0.0.1:${selfPort}/api/v1/scheduler` }).end();
  });
  selfPort = loop.port;
  const junk = await startServer((_req, res) => {
    res.writeHead(307, { location: 'mailto:nobody' }).end();
  });
  try {
    const a = createSchedulerClient({ master: loop.origin, frameworkInfo: info, maxRedirects: 3 });
    const it = a.events()[Symbol.asyncIterator]();
    const first = await next(it);
    a.close();
    assert.ok(first._tag === 'Disconnected' && first.error._tag === 'TooManyRedirects');
    assert.is(loop.received.length, 4, 'the first try plus 3 redirects');
    const b = createSchedulerClient({ master: junk.origin, frameworkInfo: info });
    const items: SchedulerItem[] = [];
    for await (const item of b.events()) items.push(item);
    assert.ok(items[0]?._tag === 'Fatal' && items[0].error._tag === 'BadRedirect');
  } finally {
    await loop.close();
    await junk.close();
  }
});

test.run();

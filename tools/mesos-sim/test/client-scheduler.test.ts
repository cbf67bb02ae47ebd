/**
 * Acceptance: the real @scaleio-framework/mesos scheduler client against the simulator, launching
 * the package's example executor (a real child process using the executor client).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as E from 'fp-ts/lib/Either.js';
import {
  acceptCall,
  acknowledgementFor,
  createSchedulerClient,
  fitTask,
  launchOperation,
  reconcileCall,
  subtractResources,
  taskId,
} from '@scaleio-framework/mesos';
import type {
  ExecutorInfo,
  FrameworkID,
  Offer,
  SchedulerClient,
  SchedulerEvent,
  SchedulerItem,
  TaskInfo,
  TaskStatus,
} from '@scaleio-framework/mesos';
import type { MesosSim } from '../src/index.js';
import { withMesosSim } from './support/cluster.js';
import { eventually, schemaProblems } from './support/scheduler.js';

const require = createRequire(import.meta.url);
/** The example executor shipped (built) with @scaleio-framework/mesos. */
const exampleExecutor = join(
  dirname(require.resolve('@scaleio-framework/mesos')),
  'bin',
  'example-executor.js',
);

const frameworkInfo = {
  user: process.env['USER'] ?? 'nobody',
  name: 'client-acceptance',
  roles: ['storage'],
  capabilities: [{ type: 'MULTI_ROLE' as const }, { type: 'PARTITION_AWARE' as const }],
  failover_timeout: 60,
  checkpoint: true,
};

/** Reads the client's items in the background so tests can wait for what they need. */
export interface Reader {
  readonly items: SchedulerItem[];
  readonly next: (
    pred: (i: SchedulerItem) => boolean,
    what: string,
    ms?: number,
  ) => Promise<SchedulerItem>;
  readonly event: <K extends SchedulerEvent['type']>(
    type: K,
    pred?: (e: Extract<SchedulerEvent, { type: K }>) => boolean,
    ms?: number,
  ) => Promise<Extract<SchedulerEvent, { type: K }>>;
  readonly done: Promise<void>;
}

export const reader = (client: SchedulerClient): Reader => {
  const items: SchedulerItem[] = [];
  const consumed = new Set<number>();
  const waiters = new Set<() => void>();
  const done = (async () => {
    for await (const item of client.events()) {
      items.push(item);
      for (const w of [...waiters]) w();
    }
  })();
  const next = async (
    pred: (i: SchedulerItem) => boolean,
    what: string,
    ms = 15_000,
  ): Promise<SchedulerItem> => {
    const deadline = Date.now() + ms;
    for (;;) {
      for (let i = 0; i < items.length; i += 1) {
        const item = items[i] as SchedulerItem;
        if (!consumed.has(i) && pred(item)) {
          consumed.add(i);
          return item;
        }
      }
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}; got ${items.map((i) => (i._tag === 'Event' ? i.event.type : i._tag)).join(',')}`,
        );
      await new Promise<void>((resolve) => {
        const w = (): void => {
          waiters.delete(w);
          resolve();
        };
        waiters.add(w);
        setTimeout(w, 50);
      });
    }
  };
  const event = async <K extends SchedulerEvent['type']>(
    type: K,
    pred: (e: Extract<SchedulerEvent, { type: K }>) => boolean = () => true,
    ms?: number,
  ): Promise<Extract<SchedulerEvent, { type: K }>> => {
    const item = await next(
      (i) =>
        i._tag === 'Event' &&
        i.event.type === type &&
        pred(i.event as Extract<SchedulerEvent, { type: K }>),
      type,
      ms,
    );
    if (item._tag !== 'Event') throw new Error('not an event');
    return item.event as Extract<SchedulerEvent, { type: K }>;
  };
  return { items, next, event, done };
};

/** The simulator with short timings; executors do not inherit the test runner's tsx loader. */
export const withSim = (
  body: (sim: MesosSim) => Promise<void>,
  opts: { masters?: number; heartbeatMs?: number } = {},
): Promise<void> =>
  withMesosSim(
    {
      agents: 1,
      masters: opts.masters ?? 1,
      timing: {
        allocationMs: 100,
        statusRetryMinMs: 300,
        shutdownGraceMs: 300,
        ...(opts.heartbeatMs === undefined ? {} : { heartbeatMs: opts.heartbeatMs }),
      },
    },
    body,
  );

const exampleExecutorInfo = (resources: ExecutorInfo['resources']): ExecutorInfo => ({
  type: 'CUSTOM',
  executor_id: { value: 'example-executor' } as ExecutorInfo['executor_id'],
  name: 'example executor',
  command: { value: process.execPath, shell: false, arguments: ['node', exampleExecutor] },
  ...(resources === undefined ? {} : { resources }),
});

const unwrap = <A>(e: E.Either<unknown, A>, what: string): A => {
  if (E.isLeft(e)) throw new Error(`${what}: ${JSON.stringify(e.left)}`);
  return e.right;
};

/** Tasks for the example executor, each fitted into what the offer still has left. */
const tasksFor = (offer: Offer, specs: readonly { id: string; finish: boolean }[]): TaskInfo[] => {
  const executorResources = unwrap(
    fitTask(offer.resources ?? [], { cpus: 0.1, mem: 32 }, 'storage'),
    'executor fit',
  );
  const executor = exampleExecutorInfo(executorResources);
  let left = unwrap(
    subtractResources(offer.resources ?? [], executorResources),
    'executor subtract',
  );
  return specs.map(({ id, finish }) => {
    const resources = unwrap(
      fitTask(left, { cpus: 0.5, mem: 128, ports: 1 }, 'storage'),
      `fit ${id}`,
    );
    left = unwrap(subtractResources(left, resources), `subtract ${id}`);
    return {
      name: id,
      task_id: unwrap(taskId(id), 'task id'),
      agent_id: offer.agent_id,
      resources,
      executor,
      data: Buffer.from(JSON.stringify({ finish })).toString('base64'),
    };
  });
};

const ack = async (
  client: SchedulerClient,
  fid: FrameworkID,
  status: TaskStatus,
): Promise<void> => {
  const call = acknowledgementFor(fid, status);
  assert.ok(call !== undefined, 'executor updates carry a uuid');
  if (call === undefined) return;
  const sent = await client.call(call);
  assert.ok(E.isRight(sent), `ACKNOWLEDGE accepted: ${JSON.stringify(sent)}`);
};

test('subscribe, offers, launch a real executor process, receive and acknowledge its updates, reconcile', () =>
  withSim(async (sim) => {
    schemaProblems.length = 0;
    const client = createSchedulerClient({ master: sim.url, frameworkInfo });
    const r = reader(client);
    try {
      const subscribed = await r.event('SUBSCRIBED');
      const fid = subscribed.subscribed.framework_id;
      assert.is(client.frameworkId()?.value, fid.value);
      await r.event('HEARTBEAT');
      const offers = await r.event('OFFERS');
      const offer = offers.offers.offers?.[0];
      assert.ok(offer !== undefined && offer.allocation_info?.role === 'storage');
      if (offer === undefined) return;

      const launched = await client.call(
        acceptCall(
          fid,
          [offer.id],
          [
            launchOperation(
              tasksFor(offer, [
                { id: 'finishes', finish: true },
                { id: 'stays', finish: false },
              ]),
            ),
          ],
          0,
        ),
      );
      assert.ok(E.isRight(launched) && launched.right.status === 202);

      const isUpdate =
        (task: string, state: string) => (e: Extract<SchedulerEvent, { type: 'UPDATE' }>) =>
          e.update.status.task_id.value === task && e.update.status.state === state;
      const running = await r.event('UPDATE', isUpdate('finishes', 'TASK_RUNNING'));
      assert.is(running.update.status.source, 'SOURCE_EXECUTOR');
      assert.is(running.update.status.executor_id?.value, 'example-executor');
      await ack(client, fid, running.update.status);
      const finished = await r.event('UPDATE', isUpdate('finishes', 'TASK_FINISHED'));
      await ack(client, fid, finished.update.status);
      const stays = await r.event('UPDATE', isUpdate('stays', 'TASK_RUNNING'));
      await ack(client, fid, stays.update.status);

      // The master forgets the finished task once its terminal update is acknowledged.
      await eventually(
        () => (sim.state().frameworks[0]?.tasks.length === 1 ? true : undefined),
        5000,
        'the master to forget the finished task',
      );
      assert.equal(
        sim.state().frameworks[0]?.tasks.map((t) => [t.id, t.state]),
        [['stays', 'TASK_RUNNING']],
      );
      assert.ok(
        Object.values(sim.state().agents[0]?.pendingUpdates ?? { none: 1 }).every((n) => n === 0),
        'nothing left unacknowledged',
      );

      // Implicit reconciliation: the master answers for every task it knows, without a uuid.
      const rec = await client.call(reconcileCall(fid));
      assert.ok(E.isRight(rec));
      const answer = await r.event(
        'UPDATE',
        (e) => e.update.status.reason === 'REASON_RECONCILIATION',
      );
      assert.is(answer.update.status.task_id.value, 'stays');
      assert.is(answer.update.status.state, 'TASK_RUNNING');
      assert.is(answer.update.status.uuid, undefined);
      assert.is(acknowledgementFor(fid, answer.update.status), undefined);

      // Explicit reconciliation of a task the agent never had: TASK_GONE for a PARTITION_AWARE framework.
      const ghost = taskId('ghost');
      assert.ok(E.isRight(ghost));
      if (E.isLeft(ghost)) return;
      await client.call(reconcileCall(fid, [{ taskId: ghost.right, agentId: offer.agent_id }]));
      const gone = await r.event('UPDATE', (e) => e.update.status.task_id.value === 'ghost');
      assert.is(gone.update.status.state, 'TASK_GONE');

      assert.equal(schemaProblems, [], 'everything exchanged fits the official schema');
    } finally {
      client.close();
      await r.done;
    }
  }));

test('agent restart: the checkpointing example executor reconnects and its task survives', () =>
  withSim(async (sim) => {
    const client = createSchedulerClient({ master: sim.url, frameworkInfo });
    const r = reader(client);
    try {
      const fid = (await r.event('SUBSCRIBED')).subscribed.framework_id;
      const offer = (await r.event('OFFERS')).offers.offers?.[0];
      if (offer === undefined) throw new Error('no offer');
      await client.call(
        acceptCall(
          fid,
          [offer.id],
          [launchOperation(tasksFor(offer, [{ id: 'keeps', finish: false }]))],
        ),
      );
      const running = await r.event('UPDATE', (e) => e.update.status.task_id.value === 'keeps');
      assert.is(running.update.status.state, 'TASK_RUNNING');
      await ack(client, fid, running.update.status);
      const agent = sim.agents[0];
      if (agent === undefined) throw new Error('no agent');
      const pidBefore = sim.state().agents[0]?.executors[0]?.pids[0];
      const restartedAt = sim.history().agentEvents.length;
      await agent.restart(200);
      // The executor reregistration window (2 s) ends when the agent finishes recovery
      // (`recovering` false: executors not back by then are killed); the agent then reregisters
      // with the master, which the simulator records.
      await eventually(
        () =>
          sim
            .history()
            .agentEvents.slice(restartedAt)
            .some((e) => e.agentId === agent.id && e.event === 'reregistered')
            ? true
            : undefined,
        10_000,
        'the restarted agent to finish recovery and reregister',
      );
      assert.is(sim.state().agents[0]?.recovering, false);
      // An ordered marker: the master's answer for the task, after the reregistration.
      const keeps = taskId('keeps');
      if (E.isLeft(keeps)) throw new Error('bad task id');
      await client.call(reconcileCall(fid, [{ taskId: keeps.right, agentId: offer.agent_id }]));
      const answer = await r.event(
        'UPDATE',
        (e) =>
          e.update.status.task_id.value === 'keeps' &&
          e.update.status.reason === 'REASON_RECONCILIATION',
      );
      assert.is(answer.update.status.state, 'TASK_RUNNING', 'the master knows it running');
      const ex = sim.state().agents[0]?.executors[0];
      assert.ok(ex?.subscribed === true, 'the executor resubscribed to the restarted agent');
      assert.is(ex?.pids[0], pidBefore, 'the same process');
      assert.is(ex?.tasks['keeps'], 'TASK_RUNNING');
      const lost = r.items.filter(
        (i) =>
          i._tag === 'Event' &&
          i.event.type === 'UPDATE' &&
          i.event.update.status.task_id.value === 'keeps' &&
          i.event.update.status.state !== 'TASK_RUNNING',
      );
      assert.equal(lost, [], 'no terminal update for the task');
    } finally {
      client.close();
      await r.done;
    }
  }));

test('redirect: a standby master answers 307 (protocol-relative); the client subscribes at the leader and pins it', () =>
  withSim(
    async (sim) => {
      const standby = sim.masters[1];
      const leader = sim.masters[0];
      assert.ok(standby !== undefined && leader !== undefined);
      if (standby === undefined || leader === undefined) return;
      const client = createSchedulerClient({ master: [standby.url, leader.url], frameworkInfo });
      const r = reader(client);
      try {
        const sub = await r.event('SUBSCRIBED');
        assert.is(client.leader(), leader.url);
        const rec = await client.call(reconcileCall(sub.subscribed.framework_id));
        assert.ok(E.isRight(rec) && rec.right.base === leader.url);
      } finally {
        client.close();
        await r.done;
      }
    },
    { masters: 2 },
  ));

test('heartbeat loss: the watchdog drops the silent stream and the client resubscribes with the same id', () =>
  withSim(
    async (sim) => {
      const client = createSchedulerClient({
        master: sim.url,
        frameworkInfo,
        heartbeatMisses: 3,
        backoff: { initialMs: 50, maxMs: 200 },
      });
      const r = reader(client);
      try {
        const first = await r.event('SUBSCRIBED');
        await r.event('HEARTBEAT');
        const master = sim.leader();
        if (master === undefined) throw new Error('no leader');
        master.faults.stallHeartbeats = true;
        const lost = await r.next((i) => i._tag === 'Disconnected', 'Disconnected', 10_000);
        assert.ok(lost._tag === 'Disconnected' && lost.error._tag === 'HeartbeatTimeout');
        master.faults.stallHeartbeats = false;
        const again = await r.event('SUBSCRIBED');
        assert.is(again.subscribed.framework_id.value, first.subscribed.framework_id.value);
        assert.is(sim.state().frameworks.length, 1, 'the same framework, not a new one');
        assert.ok(sim.state().frameworks[0]?.connected);
      } finally {
        client.close();
        await r.done;
      }
    },
    { heartbeatMs: 200 },
  ));

test('master failover: the stream drops, the client finds the new leader and keeps its framework id', () =>
  withSim(
    async (sim) => {
      const [m0, m1] = sim.masters;
      if (m0 === undefined || m1 === undefined) throw new Error('two masters expected');
      const client = createSchedulerClient({
        master: [m0.url, m1.url],
        frameworkInfo,
        backoff: { initialMs: 50, maxMs: 200 },
      });
      const r = reader(client);
      try {
        const first = await r.event('SUBSCRIBED');
        await sim.failover(1, 300);
        const lost = await r.next((i) => i._tag === 'Disconnected', 'Disconnected');
        assert.ok(
          lost._tag === 'Disconnected' && ['StreamEnded', 'NetworkError'].includes(lost.error._tag),
          'an abrupt drop is a lost subscription, not a fatal error',
        );
        const again = await r.event('SUBSCRIBED');
        assert.is(again.subscribed.framework_id.value, first.subscribed.framework_id.value);
        assert.is(client.leader(), m1.url);
        const offers = await r.event('OFFERS');
        assert.ok((offers.offers.offers?.length ?? 0) > 0, 'offers flow from the new leader');
      } finally {
        client.close();
        await r.done;
      }
    },
    { masters: 2 },
  ));

test('scheduler failover: a restarted scheduler with the stored id takes over; the old one gets a fatal ERROR', () =>
  withSim(async (sim) => {
    const saved: FrameworkID[] = [];
    const old = createSchedulerClient({
      master: sim.url,
      frameworkInfo,
      saveFrameworkId: async (id) => {
        saved.push(id);
      },
    });
    const r1 = reader(old);
    const stored = saved;
    try {
      const first = await r1.event('SUBSCRIBED');
      assert.equal(
        stored.map((id) => id.value),
        [first.subscribed.framework_id.value],
      );
      const restarted = createSchedulerClient({
        master: sim.url,
        frameworkInfo,
        frameworkId: stored[0] as FrameworkID,
      });
      const r2 = reader(restarted);
      try {
        const second = await r2.event('SUBSCRIBED');
        assert.is(second.subscribed.framework_id.value, first.subscribed.framework_id.value);
        const err = await r1.event('ERROR');
        assert.is(err.error.message, 'Framework failed over');
        const fatal = await r1.next((i) => i._tag === 'Fatal', 'Fatal');
        assert.ok(fatal._tag === 'Fatal' && fatal.error._tag === 'MesosErrorEvent');
        await r1.done;
        assert.is(sim.state().frameworks.length, 1);
        assert.ok(sim.state().frameworks[0]?.connected);
      } finally {
        restarted.close();
        await r2.done;
      }
    } finally {
      old.close();
      await r1.done;
    }
  }));

test.run();

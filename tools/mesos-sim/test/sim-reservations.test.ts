// Roles and reservations (docs/reservation.md, docs/roles.md; master.cpp `_accept`,
// validation.cpp `operation::validate`), and `GET /master/state` as the real master renders it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseResourceFlag } from '../src/model/flags.js';
import type { Resource } from '../src/wire/common.js';
import { executorTask, launchBody, subscribeScheduler, testExecutor } from './support/cluster.js';
import { offerOf, withFaultSim, type TestOffer } from './support/faults.js';
import { eventually, ofType, schemaProblems } from './support/scheduler.js';

const flag = (text: string): Resource[] => {
  const r = parseResourceFlag(text);
  if (typeof r === 'string') throw new Error(r);
  return r;
};

/** The parts of `/master/state` these tests read. */
interface StateDoc {
  id: string;
  activated_slaves: number;
  slaves: { id: string; resources: Record<string, unknown> }[];
  frameworks: {
    id: string;
    name: string;
    hostname: string;
    roles: string[];
    active: boolean;
    tasks: {
      id: string;
      state: string;
      role: string;
      slave_id: string;
      executor_id: string;
      resources: Record<string, unknown>;
      statuses: { state: string }[];
    }[];
    executors: {
      executor_id: string;
      slave_id: string;
      command: { value: string; argv: string[]; uris: unknown[] };
    }[];
  }[];
}

interface HistoryDoc {
  agentEvents: { event: string }[];
  failovers: unknown[];
}

const find = (o: TestOffer, name: string, role: string) =>
  o.resources.find((r) => r['name'] === name && r['role'] === role);

test('static reservations go only to their role; RESERVE and UNRESERVE with the principal; allocation info on every resource', () =>
  withFaultSim(
    {
      agents: [
        { resources: flag('cpus:2;mem:1024;cpus(storage):1;mem(storage):512') },
        { resources: flag('cpus(other):2;mem(other):1024') },
      ],
    },
    async (sim, artifacts) => {
      const s = await subscribeScheduler(sim, { failover_timeout: 60, principal: 'fw-p' });
      const [a1, a2] = sim.agents.map((a) => a.id) as [string, string];
      try {
        const o = await offerOf(s, a1);
        assert.ok(
          o.resources.every((r) => (r['allocation_info'] as { role: string }).role === 'storage'),
        );
        assert.equal(find(o, 'cpus', 'storage')?.['scalar'], { value: 1 });
        assert.equal(find(o, 'cpus', '*')?.['scalar'], { value: 2 });
        // A task may use the reserved resources it was offered.
        const task = {
          ...executorTask('r1', a1, testExecutor(artifacts)),
          resources: [
            { ...find(o, 'cpus', 'storage'), scalar: { value: 0.5 } },
            { ...find(o, 'mem', 'storage'), scalar: { value: 128 } },
          ],
        };
        await s.call('ACCEPT', launchBody([o.id.value], [task]));
        await s.ack(await s.update('r1', 'TASK_RUNNING'));
        // RESERVE 256 MB for the framework's role, with its principal.
        const o2 = await offerOf(s, a1);
        const reserved = {
          name: 'mem',
          type: 'SCALAR',
          scalar: { value: 256 },
          role: 'storage',
          reservation: { principal: 'fw-p' },
          allocation_info: { role: 'storage' },
        };
        await s.call('ACCEPT', {
          accept: {
            offer_ids: [o2.id],
            operations: [{ type: 'RESERVE', reserve: { resources: [reserved] } }],
            filters: { refuse_seconds: 0 },
          },
        });
        const o3 = await eventually(async () => {
          const x = await offerOf(s, a1);
          return x.resources.some((r) => r['reservation'] !== undefined) ? x : undefined;
        });
        const dyn = o3.resources.find((r) => r['reservation'] !== undefined);
        assert.equal(dyn?.['reservation'], { principal: 'fw-p' });
        assert.equal(dyn?.['scalar'], { value: 256 });
        // Another principal's reservation is dropped; with an id it reports OPERATION_ERROR.
        await s.call('ACCEPT', {
          accept: {
            offer_ids: [o3.id],
            operations: [
              {
                type: 'RESERVE',
                id: { value: 'op-1' },
                reserve: { resources: [{ ...reserved, reservation: { principal: 'x' } }] },
              },
              { type: 'UNRESERVE', unreserve: { resources: [dyn] } },
            ],
            filters: { refuse_seconds: 0 },
          },
        });
        const err = (await s.stream.next(ofType('UPDATE_OPERATION_STATUS')))[
          'update_operation_status'
        ] as { status: { state: string; operation_id: { value: string } } };
        assert.equal(
          [err.status.state, err.status.operation_id.value],
          ['OPERATION_ERROR', 'op-1'],
        );
        const o4 = await eventually(async () => {
          const x = await offerOf(s, a1);
          return x.resources.every((r) => r['reservation'] === undefined) ? x : undefined;
        });
        assert.equal(find(o4, 'mem', '*')?.['scalar'], { value: 992 }, 'UNRESERVE gave it back');
        // Resources reserved for another role are never offered to this framework.
        assert.not.ok(
          s.stream.events.some((e) => e['type'] === 'OFFERS' && JSON.stringify(e).includes(a2)),
        );
        // A task that claims another role's reservation is refused.
        await s.call(
          'ACCEPT',
          launchBody(
            [o4.id.value],
            [
              {
                ...executorTask('r2', a1, testExecutor(artifacts)),
                resources: [{ ...find(o4, 'cpus', '*'), role: 'other', scalar: { value: 0.1 } }],
              },
            ],
          ),
        );
        assert.is((await s.update('r2', 'TASK_ERROR'))['reason'], 'REASON_TASK_INVALID');
        assert.equal(schemaProblems, []);
      } finally {
        s.stream.close();
      }
    },
  ));

test('RESERVATION_REFINEMENT frameworks see the reservations stack', () =>
  withFaultSim({ agents: [{ resources: flag('cpus:1;cpus(storage):1;mem:256') }] }, async (sim) => {
    const s = await subscribeScheduler(sim, {
      capabilities: [{ type: 'MULTI_ROLE' }, { type: 'RESERVATION_REFINEMENT' }],
    });
    try {
      const o = await offerOf(s, sim.agents[0]?.id as string);
      const cpus = o.resources.filter((r) => r['name'] === 'cpus').map((r) => r['reservations']);
      assert.equal(
        cpus.sort((x, y) => JSON.stringify(x).length - JSON.stringify(y).length),
        [[], [{ type: 'STATIC', role: 'storage' }]],
      );
      assert.ok(o.resources.every((r) => r['role'] === undefined));
      assert.equal(schemaProblems, []);
    } finally {
      s.stream.close();
    }
  }));

test('GET /master/state: frameworks, tasks with resources, executors with their command and uris; a follower redirects', () =>
  withFaultSim({ agents: 1, masters: 2 }, async (sim, artifacts) => {
    const s = await subscribeScheduler(sim, { failover_timeout: 60, hostname: 'sched-1' });
    const a1 = sim.agents[0]?.id as string;
    try {
      const o = await offerOf(s, a1);
      const exec = testExecutor(artifacts);
      await s.call('ACCEPT', launchBody([o.id.value], [executorTask('t', a1, exec)]));
      await s.ack(await s.update('t', 'TASK_RUNNING'));
      const leader = sim.leader()?.url as string;
      const st = (await (await fetch(`${leader}/master/state`)).json()) as StateDoc;
      const fw = st.frameworks[0];
      if (fw === undefined) throw new Error('no framework in /master/state');
      assert.equal(
        [fw.id, fw.name, fw.hostname, fw.roles, fw.active],
        [s.frameworkId, 'sim-test', 'sched-1', ['storage'], true],
      );
      const task = fw.tasks[0];
      if (task === undefined) throw new Error('no task');
      assert.equal(
        [task.id, task.state, task.role, task.slave_id, task.executor_id],
        ['t', 'TASK_RUNNING', 'storage', a1, 'test-executor'],
      );
      assert.equal(task.resources, { cpus: 0.5, gpus: 0, mem: 128, disk: 0 });
      assert.equal(
        task.statuses.map((x) => x.state),
        ['TASK_STAGING', 'TASK_RUNNING'],
      );
      const e = fw.executors[0];
      if (e === undefined) throw new Error('no executor');
      assert.equal(
        [e.executor_id, e.slave_id, e.command.value, e.command.argv, e.command.uris],
        [
          'test-executor',
          a1,
          process.execPath,
          ['node', 'test-executor.mjs'],
          [{ value: `${artifacts}/test-executor.mjs`, executable: false }],
        ],
      );
      assert.equal(st.slaves[0]?.id, a1);
      assert.equal(st.slaves[0]?.resources['ports'], '[31000-32000]');
      assert.equal(st.activated_slaves, 1);
      const same = (await (await fetch(`${leader}/state`)).json()) as StateDoc;
      assert.is(same.id, st.id);
      const follower = sim.masters.find((m) => !m.isLeading())?.url as string;
      const r = await fetch(`${follower}/master/state`, { redirect: 'manual' });
      assert.is(r.status, 307);
      assert.is(r.headers.get('location'), `//127.0.0.1:${sim.leader()?.port}/master/state`);
    } finally {
      s.stream.close();
    }
  }));

test('the admin API under /sim/: partition, heal, gone, failover, history', () =>
  withFaultSim({ agents: 2, masters: 2 }, async (sim) => {
    const base = sim.masters[1]?.url as string; // any instance answers it
    const post = async (path: string, body: unknown = {}) => {
      const r = await fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body) });
      return {
        status: r.status,
        json: (await r.json().catch(() => null)) as Record<string, unknown>,
      };
    };
    const host = sim.agents[0]?.hostname as string;
    assert.is((await post(`/sim/agents/${host}/partition`)).json['partitioned'], true);
    await eventually(() => (sim.state().agents[0]?.status === 'unreachable' ? true : undefined));
    assert.is((await post(`/sim/agents/${host}/heal`)).json['partitioned'], false);
    await eventually(() => (sim.state().agents[0]?.status === 'registered' ? true : undefined));
    assert.is((await post(`/sim/agents/${sim.agents[1]?.id}/gone`)).json['status'], 'gone');
    assert.is((await post('/sim/agents/nope/heal')).status, 404);
    const f = await post('/sim/failover', { to: 1, gapMs: 50, reregisterDelayMs: 100 });
    assert.is(f.json['leader'], sim.masters[1]?.url);
    const h = (await (await fetch(`${base}/sim/history`)).json()) as HistoryDoc;
    assert.equal(
      h.agentEvents.map((e) => e.event),
      ['partitioned', 'unreachable', 'healed', 'reregistered', 'gone', 'recovered'],
    );
    assert.is(h.failovers.length, 1);
    await eventually(() => (sim.state().agents[0]?.status === 'registered' ? true : undefined));
  }));

test.run();

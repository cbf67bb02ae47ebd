import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  defaultClusterSpec,
  deployComplete,
  type AgentFacts,
  type AgentId,
  type DeployState,
  type StorageObjects,
} from '@scaleio-framework/orchestrator';
import { createSchedulerCore, type CoreSettings } from '../src/index.js';
import type { DeployStore, Log, MesosPort, StepTask } from '../src/index.js';
import type { DeployStepSpec } from '@scaleio-framework/orchestrator';

const PW = 'pl4nted-secret';
const settings: CoreSettings = {
  spec: { ...defaultClusterSpec, faultSetAttribute: 'rack', placementQuietMs: 0 },
  gatewayUser: 'admin',
  password: () => PW,
  packageRepoUrl: 'http://127.0.0.1:1/',
  gatewayUrl: '',
  versions: { scaleio: '2.0-10000.2072', rexray: '0.11.4', dvdcli: '0.3.1', dvdi: '1.0.1' },
  agentFlags: 'mesos-slave-dir',
  agentService: 'mesos-slave',
  insecureTls: false,
};

const agentsOf = (n: number): AgentFacts[] =>
  Array.from({ length: n }, (_, i) => ({
    agentId: `S${i}` as AgentId,
    hostname: `node-${i}`,
    ip: `10.0.0.${i + 10}`,
    attributes: { rack: `r${i % 3}` },
    resources: { cpus: 4, memMb: 8192 },
  }));

/** The deploy step a task carries (these tests launch no probes). */
const stepOf = (t: StepTask): DeployStepSpec => {
  if ('kind' in t.spec) throw new Error(`unexpected probe ${t.taskId}`);
  return t.spec;
};

/** An in-memory Mesos: remembers launched tasks and their states. */
function fakeMesos() {
  const tasks = new Map<string, { task: StepTask; state: string }>();
  const launches: string[] = [];
  let suppressed = false;
  const acks: string[] = [];
  const kills: string[] = [];
  const port: MesosPort = {
    launch: async (_offerId, task) => {
      launches.push(task.taskId);
      if (tasks.has(task.taskId) && tasks.get(task.taskId)?.state === 'TASK_RUNNING')
        return { ok: false, error: 'duplicate task id' };
      tasks.set(task.taskId, { task, state: 'TASK_RUNNING' });
      return { ok: true };
    },
    decline: async () => ({ ok: true }),
    suppress: async () => ((suppressed = true), { ok: true }),
    revive: async () => ((suppressed = false), { ok: true }),
    acknowledge: async (_a, taskId) => (acks.push(taskId), { ok: true }),
    reconcile: async () => ({ ok: true }),
    kill: async (agentId, taskId) => (kills.push(`${agentId} ${taskId}`), { ok: true }),
  };
  return { port, tasks, launches, acks, kills, isSuppressed: () => suppressed };
}

function memStore() {
  let saved: string | undefined;
  let saves = 0;
  const store: DeployStore = {
    load: async () => (saved ? (JSON.parse(saved) as DeployState) : undefined),
    save: async (s) => ((saved = JSON.stringify(s)), saves++, { ok: true }),
  };
  return { store, text: () => saved ?? '', saves: () => saves };
}

const logLines: string[] = [];
const log: Log = {
  info: (m, f) => logLines.push(`${m} ${JSON.stringify(f ?? {})}`),
  warn: (m, f) => logLines.push(`${m} ${JSON.stringify(f ?? {})}`),
  error: (m, f) => logLines.push(`${m} ${JSON.stringify(f ?? {})}`),
};

function gatewayFake() {
  const ensured: StorageObjects[] = [];
  return {
    port: {
      ensureStorageObjects: async (o: StorageObjects) => (ensured.push(o), { ok: true as const }),
    },
    ensured,
  };
}

/** A core over the given Mesos port; an in-memory store and gateway unless others are given. */
const coreOf = (mesos: MesosPort, deps: Partial<Parameters<typeof createSchedulerCore>[1]> = {}) =>
  createSchedulerCore(settings, {
    mesos,
    gateway: gatewayFake().port,
    store: memStore().store,
    now: () => 0,
    log,
    ...deps,
  });

/** Drives rounds: offers from every agent, then every running task finishes. */
async function drive(
  core: ReturnType<typeof createSchedulerCore>,
  mesos: ReturnType<typeof fakeMesos>,
  agents: AgentFacts[],
  rounds: number,
  stopAfter?: number,
) {
  let offerSeq = 0;
  for (let r = 0; r < rounds; r++) {
    await core.onOffers(agents.map((a) => ({ offerId: `o${offerSeq++}`, agent: a })));
    if (stopAfter !== undefined && r === stopAfter) return;
    for (const [id, t] of mesos.tasks) {
      if (t.state !== 'TASK_RUNNING') continue;
      t.state = 'TASK_FINISHED';
      const step = stepOf(t.task).step;
      const data = step === 'sds' ? { step: 'sds', devices: ['/dev/xvdb', '/dev/xvdc'] } : { step };
      await core.onUpdate({
        taskId: id,
        agentId: t.task.agentId,
        state: 'TASK_FINISHED',
        message: undefined,
        data,
        uuid: `u-${id}`,
      });
    }
    if (deployComplete(core.state())) return;
  }
}

test('5 agents deploy to the end: every step once, storage objects per node, offers suppressed', async () => {
  const mesos = fakeMesos();
  const gw = gatewayFake();
  const st = memStore();
  let now = 0;
  const core = coreOf(mesos.port, { gateway: gw.port, store: st.store, now: () => (now += 10) });
  await core.start();
  await drive(core, mesos, agentsOf(5), 60);
  assert.ok(deployComplete(core.state()));
  assert.is(new Set(mesos.launches).size, mesos.launches.length, 'no task id launched twice');
  assert.is(gw.ensured.length, 5);
  assert.equal(gw.ensured.map((o) => o.faultSet).sort(), [
    'fs_r0',
    'fs_r0',
    'fs_r1',
    'fs_r1',
    'fs_r2',
  ]);
  assert.equal(gw.ensured[0]?.pools, [{ pool: 'default', devices: ['/dev/xvdb', '/dev/xvdc'] }]);
  assert.ok(mesos.isSuppressed());
  const primary = [...mesos.tasks.values()]
    .map((t) => stepOf(t.task))
    .find((x) => x.step === 'mdm-cluster');
  assert.equal(
    primary?.mdms.map((m) => m.name),
    ['mdm1', 'mdm2', 'tb1'],
  );
  assert.match(primary?.gatewayUrl ?? '', /^https:\/\/10\.0\.0\.\d+$/);
  assert.is(mesos.acks.length, mesos.launches.length, 'every update acknowledged');
});

/**
 * A store whose saves can be held: `hold()` makes the next save wait until `release()` (and
 * resolves once that save has begun); `fail` makes saves fail. Counts saves asked for.
 */
function gatedStore() {
  const mem = memStore();
  let gate: Promise<void> | undefined;
  let open = () => {};
  let entered = () => {};
  let failing = false;
  let asked = 0;
  const store: DeployStore = {
    load: mem.store.load,
    save: async (s) => {
      asked++;
      const g = gate;
      gate = undefined;
      if (g !== undefined) {
        entered();
        await g;
      }
      return failing ? { ok: false, error: 'disk full' } : mem.store.save(s);
    },
  };
  return {
    store,
    text: mem.text,
    asked: () => asked,
    hold: () => {
      gate = new Promise<void>((r) => (open = r));
      return new Promise<void>((r) => (entered = r));
    },
    release: () => open(),
    fail: (on: boolean) => {
      failing = on;
    },
  };
}

/** The TASK_FINISHED update of each running task (marked finished in the fake). */
const finishAll = (mesos: ReturnType<typeof fakeMesos>) =>
  [...mesos.tasks.entries()]
    .filter(([, t]) => t.state === 'TASK_RUNNING')
    .map(([id, t]) => {
      t.state = 'TASK_FINISHED';
      return {
        taskId: id,
        agentId: t.task.agentId,
        state: 'TASK_FINISHED',
        message: undefined,
        data: { step: stepOf(t.task).step },
        uuid: `u-${id}`,
      };
    });

test('updates that arrive while the state is being saved are decided in one turn with one save', async () => {
  const mesos = fakeMesos();
  const st = gatedStore();
  const turns: number[] = [];
  const core = coreOf(mesos.port, {
    store: st.store,
    turned: (t) => turns.push(t.waitedMs.length),
  });
  await core.start();
  await core.onOffers(agentsOf(5).map((a, i) => ({ offerId: `x${i}`, agent: a })));
  const updates = finishAll(mesos);
  assert.is(updates.length, 5);
  const savesBefore = st.asked();
  turns.length = 0;
  const saving = st.hold(); // the first update's save waits: the other four queue meanwhile
  const first = core.onUpdate(updates[0]!);
  await saving;
  const rest = updates.slice(1).map((u) => core.onUpdate(u));
  st.release();
  assert.equal(await Promise.all([first, ...rest]), [true, true, true, true, true]);
  assert.equal(turns, [1, 4]);
  assert.is(st.asked() - savesBefore, 2, 'one save per turn, not per update');
  const stored = JSON.parse(st.text()) as DeployState;
  for (const u of updates) {
    assert.is(core.state().nodes[u.agentId]?.steps['prereqs']?.status, 'done');
    assert.is(stored.nodes[u.agentId]?.steps['prereqs']?.status, 'done', 'saved before acked');
  }
  assert.equal([...mesos.acks].sort(), updates.map((u) => u.taskId).sort());
});

test('a turn whose save fails performs only its declines: no launch, no ack, the state unchanged', async () => {
  const mesos = fakeMesos();
  const declined: string[] = [];
  const port: MesosPort = {
    ...mesos.port,
    decline: async (ids) => (declined.push(...ids), { ok: true }),
  };
  const st = gatedStore();
  const core = coreOf(port, { store: st.store });
  await core.start();
  const agents = agentsOf(5);
  await core.onOffers(agents.map((a, i) => ({ offerId: `x${i}`, agent: a })));
  const updates = finishAll(mesos);
  const before = st.text();
  const launches = mesos.launches.length;
  st.hold();
  const first = core.onUpdate(updates[0]!);
  // Queued behind it, one turn: the other updates and offers that would launch the next steps.
  const batch = [
    ...updates.slice(1).map((u) => core.onUpdate(u)),
    core.onOffers(agents.map((a, i) => ({ offerId: `y${i}`, agent: a }))),
  ];
  st.fail(true);
  st.release();
  assert.equal(await Promise.all([first, ...batch]), [false, false, false, false, false, false]);
  assert.is(st.text(), before, 'nothing saved');
  assert.is(mesos.launches.length, launches, 'nothing launched');
  assert.equal(mesos.acks, [], 'no update acknowledged: the master sends them again');
  assert.equal(declined.sort(), agents.map((_, i) => `y${i}`).sort(), "the turn's offers declined");
  for (const a of agents)
    assert.is(core.state().nodes[a.agentId]?.steps['prereqs']?.status, 'running');
  st.fail(false);
  await Promise.all(updates.map((u) => core.onUpdate(u)));
  for (const a of agents)
    assert.is(core.state().nodes[a.agentId]?.steps['prereqs']?.status, 'done');
});

test('a scheduler restarted mid-deploy resumes from the store without relaunching anything', async () => {
  const mesos = fakeMesos();
  const gw = gatewayFake();
  const st = memStore();
  const agents = agentsOf(5);
  const first = coreOf(mesos.port, { gateway: gw.port, store: st.store });
  await first.start();
  await drive(first, mesos, agents, 10, 3); // crash right after launching in round 3
  const inFlight = [...mesos.tasks.values()].filter((t) => t.state === 'TASK_RUNNING').length;
  assert.ok(inFlight > 0);
  const second = coreOf(mesos.port, { gateway: gw.port, store: st.store });
  await second.start();
  await second.onSubscribed();
  await drive(second, mesos, agents, 60);
  assert.ok(deployComplete(second.state()));
  assert.is(new Set(mesos.launches).size, mesos.launches.length, 'no duplicate task');
  assert.is(gw.ensured.length, 5, 'no duplicate SDS');
});

test('a failed step retries after its backoff; the reason is kept; the password is never logged or stored', async () => {
  const mesos = fakeMesos();
  const st = memStore();
  let now = 0;
  const core = coreOf(mesos.port, { store: st.store, now: () => now });
  await core.start();
  const agents = agentsOf(3);
  await core.onOffers(agents.map((a, i) => ({ offerId: `x${i}`, agent: a })));
  const [id, t] = [...mesos.tasks.entries()][0] ?? [];
  assert.ok(id && t);
  t.state = 'TASK_FAILED';
  await core.onUpdate({
    taskId: id,
    agentId: t.task.agentId,
    state: 'TASK_FAILED',
    message: 'dpkg exited 1',
    data: undefined,
    uuid: 'u1',
  });
  const step = core.state().nodes[t.task.agentId]?.steps['prereqs'];
  assert.is(step?.status, 'delayed');
  assert.is(step?.lastError, 'TASK_FAILED: dpkg exited 1');
  await core.onOffers(agents.map((a, i) => ({ offerId: `y${i}`, agent: a })));
  assert.is(
    mesos.launches.filter((l) => l.startsWith('scaleio.prereqs.1.')).length,
    0,
    'not before the backoff',
  );
  now += settings.spec.retryBaseMs;
  await core.onOffers(agents.map((a, i) => ({ offerId: `z${i}`, agent: a })));
  assert.is(
    mesos.launches.filter((l) => l.startsWith('scaleio.prereqs.1.')).length,
    1,
    'second attempt launched',
  );
  assert.not.match(st.text(), PW);
  assert.not.match(logLines.join('\n'), PW);
});

test('a stale update for an older attempt is acknowledged and ignored', async () => {
  const mesos = fakeMesos();
  const core = coreOf(mesos.port);
  await core.start();
  await core.onOffers(agentsOf(3).map((a, i) => ({ offerId: `x${i}`, agent: a })));
  const before = JSON.stringify(core.state());
  await core.onUpdate({
    taskId: 'scaleio.prereqs.7.S0',
    agentId: 'S0',
    state: 'TASK_FINISHED',
    message: undefined,
    data: undefined,
    uuid: 'old',
  });
  await core.onUpdate({
    taskId: 'not-ours',
    agentId: 'S0',
    state: 'TASK_FAILED',
    message: undefined,
    data: undefined,
    uuid: 'x',
  });
  assert.is(JSON.stringify(core.state()), before);
  assert.equal(mesos.acks, ['scaleio.prereqs.7.S0', 'not-ours']);
});

test('after the deploy, discovery revives offers so that a new agent joins; idle again, they are suppressed', async () => {
  const mesos = fakeMesos();
  const core = coreOf(mesos.port);
  await core.start();
  const agents = agentsOf(5);
  await drive(core, mesos, agents, 60);
  assert.ok(mesos.isSuppressed());
  await core.discover();
  assert.not.ok(mesos.isSuppressed(), 'revived to look for new agents');
  const late: AgentFacts = { ...agentsOf(6)[5]!, hostname: 'late' };
  await drive(core, mesos, [...agents, late], 60);
  assert.ok(deployComplete(core.state()));
  assert.is(core.state().nodes[late.agentId]?.role, 'storage');
  assert.ok(mesos.isSuppressed(), 'suppressed again once idle');
});

test('an agent that declares its storage (scaleio-sds-* attributes) gets those objects through the gateway', async () => {
  const mesos = fakeMesos();
  const gw = gatewayFake();
  const core = coreOf(mesos.port, { gateway: gw.port });
  await core.start();
  const agents = agentsOf(5);
  const declared: AgentFacts = {
    ...agents[4]!,
    attributes: {
      ...agents[4]!.attributes,
      'scaleio-sds-domains': 'pdx',
      'scaleio-sds-pdx': 'fast',
      'scaleio-sds-pdx-fast': '/dev/nvme1n1',
    },
  };
  await drive(core, mesos, [...agents.slice(0, 4), declared], 60);
  assert.ok(deployComplete(core.state()));
  const mine = gw.ensured.find((o) => o.sdsIp === declared.ip);
  assert.is(mine?.protectionDomain, 'pdx');
  assert.equal(mine?.pools, [{ pool: 'fast', devices: ['/dev/nvme1n1'] }]);
});

test('a master that refuses SUPPRESS and REVIVE (failing over) does not hold the core in a loop', async () => {
  const mesos = fakeMesos();
  let interestCalls = 0;
  const refusing: MesosPort = {
    ...mesos.port,
    suppress: async () => (interestCalls++, { ok: false, error: 'HTTP 503: No leader elected' }),
    revive: async () => (interestCalls++, { ok: false, error: 'HTTP 503: No leader elected' }),
  };
  let now = 0;
  const core = coreOf(refusing, { now: () => now });
  await core.start();
  await core.onOffers(agentsOf(3).map((a, i) => ({ offerId: `x${i}`, agent: a })));
  assert.is(interestCalls, 1, 'one refused SUPPRESS, not a loop');
  await core.tick();
  assert.is(interestCalls, 1, 'not again before the retry delay');
  now += 1000;
  await core.tick();
  assert.is(interestCalls, 2, 'asked again on a later tick');
});

test('a task still staging past --launch-timeout is killed through the Mesos port; its TASK_DROPPED relaunches the step under a new id', async () => {
  const mesos = fakeMesos();
  let now = 0;
  const core = createSchedulerCore(
    { ...settings, launchTimeoutMs: 5000 },
    {
      mesos: mesos.port,
      gateway: gatewayFake().port,
      store: memStore().store,
      now: () => now,
      log,
    },
  );
  await core.start();
  const agents = agentsOf(3);
  await core.onOffers(agents.map((a, i) => ({ offerId: `s${i}`, agent: a })));
  const first = [...mesos.launches];
  assert.is(first.length, 3);
  now = 4999;
  await core.tick();
  assert.equal(mesos.kills, []);
  now = 5000;
  await core.tick();
  assert.equal(
    mesos.kills.sort(),
    first.map((id) => `${mesos.tasks.get(id)?.task.agentId} ${id}`).sort(),
  );
  const lost = first[0] as string;
  const agentId = mesos.tasks.get(lost)?.task.agentId as string;
  await core.onUpdate({
    taskId: lost,
    agentId,
    state: 'TASK_DROPPED',
    message: 'Cannot find executor',
    reason: 'REASON_EXECUTOR_TERMINATED',
    data: undefined,
    uuid: 'd1',
  });
  assert.ok(mesos.acks.includes(lost), 'the agent-made update is acknowledged');
  await core.onOffers(agents.map((a, i) => ({ offerId: `t${i}`, agent: a })));
  const again = mesos.launches.slice(first.length);
  assert.equal(again.length, 1, 'only the dropped step is launched again');
  assert.ok(
    again[0] !== lost && again[0]?.endsWith(`.${agentId}`),
    `a new id on ${agentId}: ${again[0]}`,
  );
});

test.run();

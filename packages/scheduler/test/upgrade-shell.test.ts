// The rolling upgrade's shell over fakes: a configured version the gateway does not show starts
// the plan; each effect is saved first; tasks run one at a time; a failed task stops the plan
// and the resume continues it; a restart during a task runs that step again; pause waits.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { right, left } from 'fp-ts/lib/Either.js';
import { makeTempDir } from '@scaleio-framework/testkit';
import { openFileStore, type StateStore } from '@scaleio-framework/state';
import {
  defaultClusterSpec,
  emptyDeployState,
  gatewayVersionOf,
  type AgentId,
  type DeployState,
  type SchedulerSettings,
  type UpgradeFacts,
  type UpgradeTaskSpec,
} from '@scaleio-framework/orchestrator';
import { createUpgrader, type UpgradeGateway } from '../src/index.js';

const TARGET = '2.0-13000.211';
const OLD = 'R2_0.10000.0';

/** Two storage nodes in `existing` mode: the plan is their SDSs, then their SDCs. */
const deploy = (): DeployState => {
  const s = emptyDeployState();
  for (const i of [1, 2])
    s.nodes[`a${i}`] = {
      agentId: `a${i}` as AgentId,
      hostname: `h${i}`,
      ip: `10.0.0.${i}`,
      role: 'storage',
      faultSet: '',
      devices: [],
      // Every deploy step done: the deploy is complete.
      steps: Object.fromEntries(
        [
          'prereqs',
          'sds',
          'storage-objects',
          'sdc',
          'rexray',
          'dvdcli',
          'dvdi',
          'agent-restart',
        ].map((k) => [k, { status: 'done' as const, attempts: 1 }]),
      ),
    };
  return s;
};

const settings: SchedulerSettings = {
  spec: { ...defaultClusterSpec, mode: 'existing', existingMdmIps: ['10.0.0.9'] },
  steps: {
    gatewayUser: 'admin',
    packageRepoUrl: 'http://repo.invalid/',
    gatewayUrl: 'https://gw.invalid',
    versions: { scaleio: TARGET, rexray: '0.11.4', dvdcli: '0.3.1', dvdi: '1.0.1' },
    agentFlags: 'mesos-slave-dir',
    agentService: 'mesos-slave',
    insecureTls: false,
  },
};

/** A system where a task sets its component's version; maintenance as the gateway keeps it. */
const system = () => {
  const v: Record<string, string> = {
    'sds:10.0.0.1': OLD,
    'sds:10.0.0.2': OLD,
    'sdc:10.0.0.1': OLD,
    'sdc:10.0.0.2': OLD,
  };
  const maintenance = new Set<string>();
  const facts = (): UpgradeFacts => ({
    clusterState: 'ClusteredNormal',
    mdms: [],
    sdss: ['10.0.0.1', '10.0.0.2'].map((ip) => ({
      ips: [ip],
      online: true,
      maintenance: maintenance.has(ip),
      version: v[`sds:${ip}`],
    })),
    sdcs: ['10.0.0.1', '10.0.0.2'].map((ip) => ({
      ip,
      connected: true,
      version: v[`sdc:${ip}`],
    })),
    pools: [{ name: 'p', degradedKb: 0, movingKb: 0 }],
  });
  const gateway: UpgradeGateway = {
    facts: async () => right({ ...facts(), sdsIds: { '10.0.0.1': 's1', '10.0.0.2': 's2' } }),
    maintenance: async (id, enter) => {
      const ip = id === 's1' ? '10.0.0.1' : '10.0.0.2';
      if (enter) maintenance.add(ip);
      else maintenance.delete(ip);
      return right(undefined);
    },
  };
  return { v, maintenance, gateway };
};

const store = async (): Promise<StateStore> => {
  const dir = makeTempDir('upgrade-shell-');
  const s = await openFileStore({ path: dir.join('state.json') });
  if (s._tag === 'Left') throw new Error('no store');
  return s.right;
};

test('the shell: starts on an outdated system, one task at a time, a failure stops it, resume ends it', async () => {
  const sys = system();
  const st = await store();
  const tasks: UpgradeTaskSpec[] = [];
  let failNext = true;
  const views: (string | undefined)[] = [];
  const up = createUpgrader({
    store: st,
    target: TARGET,
    mode: 'existing',
    deploy,
    settings: () => settings,
    gateway: () => sys.gateway,
    runTask: async (_agent, spec) => {
      tasks.push(spec);
      const [phase] = spec.upgradeStep.split(':');
      if (phase === 'sds' && spec.ip === '10.0.0.2' && failNext) {
        failNext = false;
        return { ok: false, error: 'TASK_FAILED: rpm: injected' };
      }
      sys.v[`${phase ?? ''}:${spec.ip}`] = gatewayVersionOf(TARGET);
      return { ok: true, path: '', result: { step: spec.step, versions: {} } };
    },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    now: Date.now,
    verifyTimeoutMs: 60_000,
    taskTimeoutMs: 60_000,
    observe: (v) => views.push(v?.state),
  });
  // Rounds until the view settles on stopped.
  for (let i = 0; i < 30 && up.view()?.state !== 'stopped'; i++) {
    await up.round();
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.is(up.view()?.state, 'stopped');
  assert.equal(
    tasks.map((t) => `${t.upgradeStep}@${t.ip}:${t.kind}:${t.versions.scaleio}`),
    ['sds:a1@10.0.0.1:upgrade:2.0-13000.211', 'sds:a2@10.0.0.2:upgrade:2.0-13000.211'],
  );
  assert.equal([...sys.maintenance], [], 'the failed SDS left maintenance');
  assert.match(up.view()?.steps[1]?.lastError ?? '', /injected/);
  assert.equal(await up.pause(), { ok: true });
  assert.equal(await up.resume(), { ok: true });
  for (let i = 0; i < 40 && up.view()?.state !== 'finished'; i++) {
    await up.round();
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.is(up.view()?.state, 'finished');
  assert.is(tasks.length, 5, 'the failed step ran again, then the two SDCs');
  assert.ok(Object.values(sys.v).every((x) => x === gatewayVersionOf(TARGET)));
  assert.equal(await up.resume(), { ok: false, error: 'no rolling upgrade is in progress' });
  // The state survives a restart: a new shell over the same store sees the upgrade finished.
  const again = createUpgrader({
    store: st,
    target: TARGET,
    mode: 'existing',
    deploy,
    settings: () => settings,
    gateway: () => sys.gateway,
    runTask: async () => ({ ok: false, error: 'must not run' }),
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    now: Date.now,
    verifyTimeoutMs: 60_000,
    taskTimeoutMs: 60_000,
  });
  await again.round();
  assert.is(again.view()?.state, 'finished');
});

test('the shell: a restart while a task ran runs that step again; an unreadable system waits', async () => {
  const sys = system();
  const st = await store();
  let calls = 0;
  const base = {
    store: st,
    target: TARGET,
    mode: 'existing' as const,
    deploy,
    settings: () => settings,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    now: Date.now,
    verifyTimeoutMs: 60_000,
    taskTimeoutMs: 60_000,
  };
  const first = createUpgrader({
    ...base,
    gateway: () => sys.gateway,
    // The scheduler dies during the task: it never answers.
    runTask: () => (calls++, new Promise(() => undefined)),
  });
  await first.round();
  assert.is(calls, 1);
  assert.is(first.view()?.steps[0]?.status, 'running');
  const down = createUpgrader({
    ...base,
    gateway: () => ({ ...sys.gateway, facts: async () => left('HTTP 500') }),
    runTask: async () => ({ ok: false, error: 'must not run' }),
  });
  await down.round();
  assert.is(down.view()?.steps[0]?.status, 'pending', 'lost: back to pending, not run yet');
  assert.match(down.view()?.reason ?? '', /HTTP 500/);
  const second = createUpgrader({
    ...base,
    gateway: () => sys.gateway,
    runTask: async (_a, spec) => {
      calls++;
      sys.v[`sds:${spec.ip}`] = gatewayVersionOf(TARGET);
      return { ok: true, path: '', result: { step: spec.step } };
    },
  });
  await second.round();
  assert.is(calls, 2, 'the lost step ran again');
});

test.run();

// Mesos as it really behaves under faults (issue 17), judged from mesos-sim's own records: an
// agent partitioned mid-deploy and healed, one marked gone, a master failover whose new leader
// knows no task until the agents reregister, an agent restart that rescinds its offers, and a
// role with reserved resources. Every Mesos message of every run validates against the protos.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimClusterOptions } from '../src/cluster.js';
import { deployedOrFailed } from '../src/checks.js';
import { waitFor, withClusterRun, type ClusterRun } from '../src/deploy.js';
import {
  agentStatus,
  busyStorageAgent,
  facts,
  partitionUntilUnreachable,
  statusShows,
  toldAbout,
} from '../src/fault-scenario.js';
import {
  afterSimLaunches,
  duplicateLaunches,
  launchesBeforeReregistration,
  launchesOnRescinded,
  rescindedOffers,
  reservedFor,
  reusedTaskIds,
  simLaunches,
} from '../src/mesos-truth.js';
import { assertWireValid } from '../src/wire.js';

const TIMEOUT = 240_000;
/** Sim-scaled Mesos timeouts: a 3 s health-check window (1 s × 3), agents back 1 s after they can. */
const TIMING = {
  agentPingTimeoutMs: 1000,
  maxAgentPingTimeouts: 3,
  agentReregisterDelayMs: 1000,
  agentReregisterTimeoutMs: 30_000,
};

/**
 * Runs `body` on a simulated cluster of `opts` and its scheduler (started with `args`), collecting
 * the facts that do not hold; then every Mesos message validated and no fact was wrong.
 */
const faultRun = (
  opts: SimClusterOptions,
  body: (x: ClusterRun, f: ReturnType<typeof facts>) => Promise<void>,
  args: readonly string[] = [],
) =>
  withClusterRun(
    opts,
    async (x) => {
      const f = facts(TIMEOUT);
      await body(x, f);
      assertWireValid(x.c.wire);
      assert.equal(f.wrong, []);
    },
    (run) => run.start(args),
  );

test('a storage agent partitioned mid-deploy longer than the health-check window, then healed: the deploy completes, no task id reused, no step twice on it, the status showed it unreachable', () =>
  faultRun({ agents: 4, timing: TIMING }, async ({ c, sched }, f) => {
    const { agent, step } = await busyStorageAgent(c, sched, TIMEOUT);
    await partitionUntilUnreachable(c, agent.id);
    const shown = await statusShows(sched, agent.hostname, 20_000, 'unreachable');
    f.check(
      shown,
      `the status never showed ${agent.hostname} unreachable while it was partitioned`,
    );
    c.mesos.healAgent(agent.id);
    await f.deploy(sched.url);
    console.log(
      `  partitioned ${agent.hostname} during ${step}; told (* = no uuid): ${toldAbout(c, agent.id)}`,
    );
    f.none(reusedTaskIds(c.mesos), 'task ids reused');
    f.none(duplicateLaunches(c.mesos), 'steps that ran twice on a node');
    f.check(agentStatus(c, agent.id) === 'registered', 'the healed agent reregistered');
  }));

test('a storage agent partitioned mid-deploy and never healed is marked gone: its node is reported lost', () =>
  faultRun({ agents: 4, timing: TIMING }, async ({ c, sched }, f) => {
    const { agent, step } = await busyStorageAgent(c, sched, TIMEOUT);
    await partitionUntilUnreachable(c, agent.id);
    f.check(
      await statusShows(sched, agent.hostname, 20_000, 'unreachable'),
      `the status never showed ${agent.hostname} unreachable`,
    );
    await c.mesos.markAgentGone(agent.id);
    const lost = await statusShows(sched, agent.hostname, 20_000, 'gone', 'lost');
    console.log(
      `  marked ${agent.hostname} gone during ${step}; told (* = no uuid): ${toldAbout(c, agent.id)}`,
    );
    f.check(
      lost,
      `the status never reported ${agent.hostname} lost after its agent was marked gone`,
    );
    f.none(duplicateLaunches(c.mesos), 'steps that ran twice on a node');
  }));

test('a master failover mid-deploy, agents reregistering after 5 s: nothing relaunched before its agent is back, the deploy completes, no duplicate', () =>
  faultRun(
    {
      agents: 3,
      masters: 2,
      timing: { ...TIMING, agentReregisterTimeoutMs: 60_000 },
    },
    async ({ c, sched }, f) => {
      await afterSimLaunches(c.mesos, 6, TIMEOUT);
      await c.mesos.failover(1, 500, { reregisterDelayMs: 5000 });
      assert.ok(
        c.mesos.state().frameworks.every((x) => x.tasks.length === 0),
        'the new leader knows no task yet',
      );
      await f.deploy(sched.url);
      f.none(launchesBeforeReregistration(c.mesos), 'launched before the agent reregistered');
      f.none(duplicateLaunches(c.mesos), 'steps that ran twice on a node');
      // An unreserved-only cluster with the default role: every task used unreserved resources.
      f.none(
        simLaunches(c.mesos).flatMap((r) =>
          r.resources.filter((x) => reservedFor(x) !== '*').map(() => `${r.taskId} reserved`),
        ),
        'reserved resources used in an unreserved cluster',
      );
    },
  ));

test('an agent restarted mid-deploy: its outstanding offer is rescinded, nothing is launched on a rescinded offer, the deploy completes', () =>
  faultRun({ agents: 3, timing: TIMING }, async ({ c, sched }, f) => {
    await afterSimLaunches(c.mesos, 6, TIMEOUT);
    // Restart the agent of the next offer sent, while that offer is outstanding.
    let stop = (): void => undefined;
    const target = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no OFFERS event in 60 s')), 60_000);
      stop = c.wire.watch((type, json, dir) => {
        const e = json as {
          type?: string;
          offers?: { offers?: { agent_id: { value: string } }[] };
        };
        const id = e.offers?.offers?.[0]?.agent_id.value;
        if (dir !== 'sent' || type !== 'mesos.v1.scheduler.Event' || e.type !== 'OFFERS' || !id)
          return;
        stop();
        clearTimeout(timer);
        // After the OFFERS event is written, before any answer to it is read.
        queueMicrotask(() => {
          void c.mesos.agents.find((a) => a.id === id)?.restart(500);
          resolve(id);
        });
      });
    }).finally(() => stop());
    f.check(rescindedOffers(c.mesos, target) > 0, 'the restarted agent’s offer was rescinded');
    await f.deploy(sched.url);
    f.none(launchesOnRescinded(c.mesos), 'launches on rescinded offers');
    f.none(duplicateLaunches(c.mesos), 'steps that ran twice on a node');
  }));

test('agents that reserve their cpus and memory for role scaleio: --role scaleio deploys on the reserved resources; /master/state shows it', () =>
  faultRun(
    {
      agents: 3,
      agentResources: 'cpus(scaleio):4;mem(scaleio):8192;disk:65536;ports:[31000-32000]',
    },
    async ({ c, sched }, f) => {
      type MasterState = {
        frameworks: {
          roles?: string[];
          executors: { role?: string; command: { value?: string; uris: { value: string }[] } }[];
        }[];
      };
      // What an operator's tools read mid-deploy: the framework, its executors and their command.
      let seen: MasterState | undefined;
      const look = async () => {
        const st = c.mesos.masterState() as MasterState;
        if (
          (st.frameworks[0]?.executors.length ?? 0) >= (seen?.frameworks[0]?.executors.length ?? 1)
        )
          seen = st;
      };
      await waitFor(sched.url, deployedOrFailed, TIMEOUT, look).catch((e: unknown) =>
        f.check(false, `the deploy did not complete: ${String(e)}`),
      );
      const runs = simLaunches(c.mesos).filter((r) => r.delivered);
      f.check(runs.length > 0, 'tasks ran');
      f.none(
        runs.flatMap((r) =>
          r.resources
            .filter((x) => ['cpus', 'mem'].includes(x.name) && reservedFor(x) !== 'scaleio')
            .map((x) => `${r.taskId} ${x.name} ${reservedFor(x)}`),
        ),
        'task resources not reserved for scaleio',
      );
      const fw = seen?.frameworks[0];
      f.check(
        JSON.stringify(fw?.roles) === '["scaleio"]',
        `framework roles ${JSON.stringify(fw?.roles)}`,
      );
      f.check((fw?.executors.length ?? 0) > 0, 'its executors were seen in /master/state');
      for (const e of fw?.executors ?? []) {
        f.check(e.role === 'scaleio', `executor role ${e.role ?? '-'}`);
        f.check(
          /scaleio-executor\.mjs/.test(e.command.value ?? ''),
          `executor command ${e.command.value ?? '-'}`,
        );
        const uris = e.command.uris.map((u) => u.value);
        f.check(
          uris.includes(`${sched.url}/executor/scaleio-executor.mjs`) &&
            uris.some((u) => u.startsWith(`${sched.url}/executor/runtime/`)),
          `executor uris ${uris.join(' ')}`,
        );
      }
    },
    ['--role', 'scaleio'],
  ));

test.run();

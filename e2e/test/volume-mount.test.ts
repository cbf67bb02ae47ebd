// The point of the deploy: a Mesos task that asks for an external volume the way
// mesos-module-dvdi documents it (DVDI_VOLUME_NAME / _DRIVER / _OPTS in its environment:
// emccode/mesos-module-dvdi README, "Example Marathon Call") gets a ScaleIO volume, created,
// mapped to its node's SDC and mounted before it starts, and unmounted and unmapped after it
// ends. A second task with the same volume on another node, after the first ended, gets the
// same volume, its filesystem kept.
//
// The tasks are real Mesos command tasks, launched by a small test framework (packages/mesos's
// scheduler client) through mesos-sim, whose agents run the module's isolator around each
// container as an agent loaded with it does: only once the deploy enabled it in the agent's
// flags and restarted the agent (node-sim records both). Judged from scaleio-sim's and
// node-sim's records.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as E from 'fp-ts/lib/Either.js';
import {
  acceptCall,
  acknowledgementFor,
  createSchedulerClient,
  declineCall,
  fitTask,
  launchOperation,
  reviveCall,
  suppressCall,
  taskId,
  teardownCall,
  type FrameworkID,
  type Offer,
  type TaskStatus,
} from '@scaleio-framework/mesos';
import { REXRAY_VOLUMES } from '@scaleio-framework/node-sim';
import { startSimCluster, type SimCluster } from '../src/cluster.js';
import { deployed, schedulerRun, waitFor } from '../src/deploy.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MIX = ['centos-7', 'ubuntu-14.04', 'ubuntu-18.04', 'rhel-8', 'ubuntu-22.04'];
const TIMEOUT = 240_000;
const ROLE = 'volume-test';
const volumeEnv = (fstype: string): Record<string, string> => ({
  DVDI_VOLUME_NAME: 'pgdata',
  DVDI_VOLUME_DRIVER: 'rexray',
  DVDI_VOLUME_OPTS: `size=16,newfstype=${fstype}`,
});

/** Waits until `f` holds (the isolator's cleanup runs after the task's terminal update). */
const until = async (what: string, f: () => boolean): Promise<void> => {
  const end = Date.now() + 30_000;
  while (!f()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

/**
 * A test framework that runs one command task at a time on a named agent: it accepts an offer of
 * that agent for the task, declines the others, acknowledges every update and keeps each task's
 * statuses. With nothing to launch it suppresses offers, so the scheduler under test gets them.
 */
const taskFramework = (master: string) => {
  const client = createSchedulerClient({
    master,
    frameworkInfo: {
      user: 'root',
      name: 'volume-test',
      roles: [ROLE],
      capabilities: [{ type: 'MULTI_ROLE' }],
    },
  });
  const pending = new Map<string, { id: string; command: string; env: Record<string, string> }>();
  const statuses = new Map<string, TaskStatus[]>();
  const fid = () => client.frameworkId() as FrameworkID;
  const onOffer = async (offer: Offer) => {
    const want = pending.get(offer.hostname);
    const fit = fitTask(offer.resources ?? [], { cpus: 0.1, mem: 64 }, ROLE);
    const id = taskId(want?.id ?? '-');
    if (want === undefined || E.isLeft(fit) || E.isLeft(id))
      return client.call(declineCall(fid(), [offer.id], 3600));
    pending.delete(offer.hostname);
    if (pending.size === 0) await client.call(suppressCall(fid()));
    const env = Object.entries(want.env).map(([name, value]) => ({ name, value }));
    const task = {
      name: want.id,
      task_id: id.right,
      agent_id: offer.agent_id,
      resources: fit.right,
      command: { value: want.command, environment: { variables: env } },
    };
    return client.call(acceptCall(fid(), [offer.id], [launchOperation([task])]));
  };
  let fatal: unknown;
  const loop = (async () => {
    for await (const item of client.events()) {
      if (item._tag === 'Fatal') throw new Error(`test framework: ${JSON.stringify(item.error)}`);
      if (item._tag !== 'Event') continue;
      const e = item.event;
      if (e.type === 'OFFERS') for (const o of e.offers.offers ?? []) await onOffer(o);
      if (e.type === 'UPDATE') {
        const s = e.update.status;
        statuses.set(s.task_id.value, [...(statuses.get(s.task_id.value) ?? []), s]);
        const ack = acknowledgementFor(fid(), s);
        if (ack !== undefined) await client.call(ack);
      }
    }
  })().catch((e: unknown) => {
    fatal = e;
  });
  return {
    /** Runs `command` with `env` as task `id` on the agent `hostname`. */
    launch: async (hostname: string, id: string, command: string, env: Record<string, string>) => {
      pending.set(hostname, { id, command, env });
      await until('the test framework subscribed', () => client.frameworkId() !== undefined);
      await client.call(reviveCall(fid())); // clears the decline filters too
    },
    /** The first status of task `id` in one of `states`. */
    status: async (id: string, states: readonly string[]): Promise<TaskStatus> => {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        if (fatal !== undefined) throw fatal;
        const s = statuses.get(id)?.find((x) => states.includes(x.state));
        if (s !== undefined) return s;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`task ${id}: no ${states.join('/')} (${JSON.stringify(statuses.get(id))})`);
    },
    stop: async () => {
      if (client.frameworkId() !== undefined) await client.call(teardownCall(fid()));
      client.close();
      await loop;
    },
  };
};

const nodeOf = (c: SimCluster, os: string) => {
  const host = c.hostnames.find((h) => c.osOf(h) === os) ?? '';
  const node = c.nodes.node(c.nodeIdOf(host));
  if (node._tag === 'Left') throw new Error(`no ${os} node`);
  return { host, node: node.right };
};

/** scaleio-sim's volumes named `name`, with the IPs of the SDCs each is mapped to. */
const volumes = (c: SimCluster, name: string) => {
  const s = c.scaleio.state();
  return s.volumes
    .filter((v) => v.name === name)
    .map((v) => ({
      id: v.id,
      sdcIps: v.mappings.map((m) => s.sdcs.find((x) => x.id === m.sdcId)?.ip ?? '?'),
    }));
};

const sciniMounts = (n: ReturnType<typeof nodeOf>) => {
  const d = n.node.devices();
  return (d._tag === 'Right' ? d.right.filter((x) => x.name.startsWith('scini')) : []).map((x) => [
    x.fstype,
    x.mountpoint,
    x.scaleioVolume?.volumeId,
  ]);
};

/**
 * A task that checks its volume is mounted on its node, then runs until the test releases it
 * (`/bin/sleep` is coreutils' on every supported OS; the node's PATH holds only its system tools).
 */
const holdVolume = (id: string) =>
  `test -d "$SCALEIO_HOST_ROOT${REXRAY_VOLUMES}/pgdata/data" || exit 3; ` +
  `while [ ! -e "$SCALEIO_HOST_ROOT/tmp/release-${id}" ]; do /bin/sleep 0.1; done`;
const release = (n: ReturnType<typeof nodeOf>, id: string) =>
  writeFileSync(join(n.node.config.root, 'tmp', `release-${id}`), '');

test('a dvdi task on Ubuntu 14.04 gets a volume mapped and mounted, then the same one on CentOS 7', async () => {
  const t0 = Date.now();
  const c = await startSimCluster({ agents: 5, os: MIX });
  const run = schedulerRun(c);
  const fw = taskFramework(c.mesos.url);
  let sched: Awaited<ReturnType<typeof run.start>> | undefined;
  try {
    sched = await run.start();
    const trusty = nodeOf(c, 'ubuntu-14.04');
    const centos = nodeOf(c, 'centos-7');
    const mount = `${REXRAY_VOLUMES}/pgdata`;
    // Before the deploy enabled the module in the agent's flags and restarted the agent, the
    // variables are plain environment: the task runs (and finds no volume), nothing is created.
    await fw.launch(trusty.host, 'task-0', holdVolume('task-0'), volumeEnv('xfs'));
    const early = await fw.status('task-0', ['TASK_FAILED', 'TASK_FINISHED']);
    assert.is(early.reason, 'REASON_COMMAND_EXECUTOR_FAILED', early.message);
    assert.match(early.message ?? '', /status 3/);
    assert.equal(volumes(c, 'pgdata'), []);
    await waitFor(sched.url, deployed, TIMEOUT);

    // The task on Ubuntu 14.04: before it runs, the agent's isolator has dvdcli mount the volume
    // (REX-Ray creates it, maps it to this SDC and formats it xfs).
    await fw.launch(trusty.host, 'task-1', holdVolume('task-1'), volumeEnv('xfs'));
    await fw.status('task-1', ['TASK_RUNNING']);
    const [vol] = volumes(c, 'pgdata');
    assert.equal(volumes(c, 'pgdata'), [{ id: vol?.id ?? '', sdcIps: [trusty.node.config.ip] }]);
    assert.equal(sciniMounts(trusty), [['xfs', mount, vol?.id]]);
    const calls = trusty.node.calls();
    assert.ok(
      calls._tag === 'Right' &&
        calls.right.some(
          (x) =>
            x.argv.join(' ') ===
              'dvdcli mount --volumedriver=rexray --volumename=pgdata --volumeopts=size=16 --volumeopts=newfstype=xfs' &&
            x.exitCode === 0,
        ),
      'the module called dvdcli as it builds its command line',
    );
    // The task ends: the isolator's cleanup unmounts and unmaps; the volume stays.
    release(trusty, 'task-1');
    const ended = await fw.status('task-1', ['TASK_FINISHED', 'TASK_FAILED']);
    assert.is(ended.state, 'TASK_FINISHED', ended.message);
    await until('task-1 unmapped', () => volumes(c, 'pgdata')[0]?.sdcIps.length === 0);
    assert.equal(volumes(c, 'pgdata'), [{ id: vol?.id ?? '', sdcIps: [] }]);
    assert.equal(sciniMounts(trusty), []);

    // The same volume for a task on CentOS 7: mapped there, its xfs kept although this task asks
    // for ext4 (REX-Ray formats only a volume without a filesystem).
    await fw.launch(centos.host, 'task-2', holdVolume('task-2'), volumeEnv('ext4'));
    await fw.status('task-2', ['TASK_RUNNING']);
    assert.equal(volumes(c, 'pgdata'), [{ id: vol?.id ?? '', sdcIps: [centos.node.config.ip] }]);
    assert.equal(sciniMounts(centos), [['xfs', mount, vol?.id]]);
    release(centos, 'task-2');
    const ended2 = await fw.status('task-2', ['TASK_FINISHED', 'TASK_FAILED']);
    assert.is(ended2.state, 'TASK_FINISHED', ended2.message);
    await until('task-2 unmapped', () => volumes(c, 'pgdata')[0]?.sdcIps.length === 0);
    assert.equal(sciniMounts(centos), []);

    // A volume the module cannot mount fails the launch as the agent does; the task never runs.
    await fw.launch(centos.host, 'task-3', 'true', {
      ...volumeEnv('xfs'),
      DVDI_VOLUME_DVDCLI: '/opt/missing/dvdcli',
    });
    const failed = await fw.status('task-3', ['TASK_FAILED', 'TASK_FINISHED']);
    assert.is(failed.reason, 'REASON_CONTAINER_LAUNCH_FAILED');
    assert.match(failed.message ?? '', /^Failed to launch container: prepare\(\) failed/);
    assert.is(c.mesos.history().tasks.find((t) => t.taskId === 'task-3')?.delivered, false);
    console.log(`volume-mount: ${Math.round((Date.now() - t0) / 1000)} s`);
  } finally {
    await fw.stop();
    await sched?.stop();
    await c.stop();
    run.cleanup();
  }
});

test.run();

// Lost SDS removal's shell against scaleio-sim (issue 19): it waits while the sim rebuilds the
// lost SDS's data, then removes it through the gateway (the sim's own record: the SDS and its
// device gone, nothing else); the ledger is saved before the effect, a new shell over the same
// store resumes and finds it done; the healer's volume on the node is reported.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isLeft } from 'fp-ts/lib/Either.js';
import {
  action,
  actionPath,
  post,
  createVolume,
  type ScaleIOClient,
} from '@scaleio-framework/scaleio';
import { manualClock, startScaleioSim } from '@scaleio-framework/scaleio-sim';
import { openFileStore } from '@scaleio-framework/state';
import { makeTempDir } from '@scaleio-framework/testkit';
import { type DeployState, type MembershipSettings } from '@scaleio-framework/orchestrator';
import {
  createSdsRemover,
  healingVolumesByAgent,
  membershipObserver,
  membershipTick,
  readSdsSystem,
  removeSdsThroughGateway,
  type Log,
} from '../src/index.js';
import { must, sdsPool, storageDeploy } from './membership-rig.js';
import { simClient } from './sim-client.js';

const GiB = 1024 ** 3;
const ips = ['10.3.0.1', '10.3.0.2', '10.3.0.3', '10.3.0.4'];
const deployWithLost = (lostIp: string): DeployState => storageDeploy(ips, lostIp);

const quietLog = (lines: string[]): Log => {
  const f = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    lines.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`);
  return {
    info: f('info'),
    warn: f('warn'),
    error: f('error'),
    debug: f('debug'),
  } as unknown as Log;
};

/** Four hosts with an SDS each (one 100 GiB device) in one pool, made through the client. */
const fourSdsPool = async (sim: Awaited<ReturnType<typeof startScaleioSim>>) => {
  sim.createMdm({ primaryMdmIp: ips[0] ?? '' });
  for (const ip of ips)
    sim.upsertNode({
      ip,
      sdsService: 'running',
      devices: [{ path: '/dev/sdb', sizeBytes: 100 * GiB }],
    });
  const c = simClient(sim);
  if (isLeft(c)) throw new Error('client');
  const client: ScaleIOClient = c.right;
  const { sp } = await sdsPool(client, ips);
  return { client, sp };
};

test('waits for the rebuild, removes the lost SDS, resumes after a restart', async () => {
  const clock = manualClock();
  const sim = await startScaleioSim({ clock: clock.now });
  try {
    const { client, sp } = await fourSdsPool(sim);
    await must(
      client.run(createVolume({ name: 'v', storagePoolId: sp, sizeInKb: 16 * 1024 * 1024 })),
    );
    sim.addWrites({ storagePoolId: sp, bytes: 8 * GiB });
    sim.setRebuildRate(1024 * 1024); // 1 GiB/s: the lost SDS's 4 GiB in 4 s
    const lost = ips[3] ?? '';
    sim.upsertNode({ ip: lost, sdsService: 'stopped' });
    const lostSds = [...sim.model.sdss.values()].find((s) => s.ipList[0]?.ip === lost)?.id ?? '';

    const dir = makeTempDir('sds-remover-');
    const st = await openFileStore({ path: dir.join('state.json') });
    if (isLeft(st)) throw new Error('store');
    const lines: string[] = [];
    const settings: MembershipSettings = {
      mode: 'automatic',
      graceMs: 0,
      maxAttempts: 3,
      retryBaseMs: 1000,
    };
    const healing = healingVolumesByAgent(
      {
        paused: false,
        entries: [
          { id: 'exp-1', node: 'i-4', volume: 'vol-0123', stage: 'verified' },
          { id: 'exp-2', node: 'i-4', volume: 'vol-gone', stage: 'rolledBack' },
        ] as never,
      },
      [{ agentId: 'a4', attributes: { aws_instance_id: 'i-4' } }] as never,
      (a) => a.attributes['aws_instance_id'],
    );
    const removeCalls: string[] = [];
    // Each round as the membership job runs it: the tick's observation, then the round.
    const observe = membershipObserver(
      () => deployWithLost(lost),
      'full',
      sim.url,
      () => client,
      clock.now,
    );
    const shell = () => {
      const remover = createSdsRemover({
        store: st.right,
        settings,
        healingVolumes: async () => healing,
        removeSds: (id) => {
          removeCalls.push(id);
          return removeSdsThroughGateway(client, id);
        },
        log: quietLog(lines),
        now: clock.now,
      });
      return { ...remover, round: membershipTick(observe, [remover.round]) };
    };
    const s1 = shell();
    await s1.round();
    const [e] = s1.ledger()?.entries ?? [];
    assert.is(e?.stage, 'waiting');
    assert.match(e?.why ?? '', /rebuilding/);
    assert.equal(
      e?.healingVolumes.map((v) => v.volume),
      ['vol-0123'],
    );
    assert.is(removeCalls.length, 0, 'never while the rebuild runs');
    clock.advance(2000);
    await s1.round();
    assert.is(removeCalls.length, 0);
    assert.ok(sim.model.sdss.has(lostSds));
    clock.advance(2000);
    await s1.round();
    assert.equal(removeCalls, [lostSds]);
    assert.is(s1.ledger()?.entries[0]?.stage, 'done');
    // The simulator's own record: that SDS and its device gone, nothing else.
    assert.not.ok(sim.model.sdss.has(lostSds));
    assert.is(sim.model.sdss.size, 3);
    assert.is(sim.model.devices.size, 3);
    const rebuild = sim.state().rebuilds[0];
    const removedAt = sim.state().components.history.find((h) => h.event === 'sds removed')?.atMs;
    assert.ok((removedAt ?? 0) >= (rebuild?.finishedMs ?? Infinity), 'removed after the rebuild');
    assert.ok(lines.some((l) => l.includes('need cleanup') && l.includes('vol-0123')));
    // A restarted shell over the same store: nothing more to do.
    const s2 = shell();
    await s2.round();
    assert.is(s2.ledger()?.entries.length, 1);
    assert.is(s2.ledger()?.entries[0]?.stage, 'done');
    assert.is(removeCalls.length, 1);
    // Removing an SDS that is gone: counted as gone, not an error.
    assert.equal(await removeSdsThroughGateway(client, lostSds), { _tag: 'Right', right: 'gone' });
  } finally {
    await sim.stop();
  }
});

test('an SDS down in maintenance mode is never lost', async () => {
  const sim = await startScaleioSim();
  try {
    const { client } = await fourSdsPool(sim);
    const id = [...sim.model.sdss.values()].find((s) => s.ipList[0]?.ip === ips[3])?.id ?? '';
    const session = await client.run(
      action(post(actionPath('Sds', id, 'enterMaintenanceMode'), {})),
    );
    assert.ok(!isLeft(session), JSON.stringify(session));
    sim.upsertNode({ ip: ips[3] ?? '', sdsService: 'stopped' });
    const view = await readSdsSystem(client);
    if (isLeft(view)) throw new Error(view.left);
    assert.is(view.right.sdss.find((s) => s.id === id)?.online, true);
    assert.is(view.right.sdss.filter((s) => !s.online).length, 0);
  } finally {
    await sim.stop();
  }
});

test.run();

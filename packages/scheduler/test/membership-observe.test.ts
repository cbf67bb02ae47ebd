// One membership tick against scaleio-sim: the deploy state and the gateway are read once and
// both rounds (MDM member replacement, lost SDS removal) decide from that one observation. Judged
// from the gateway's own request journal (the MDM cluster, the SDS/device/pool lists and one
// statistics query per tick — each list sized by the storage nodes, never `GET /api/instances`,
// which carries every SDC and volume — nothing read twice) and from the ledgers both rounds saved.
// A failed read of one part: the round that needs it waits and says why; the other decides.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isLeft } from 'fp-ts/lib/Either.js';
import { createClient, createVolume } from '@scaleio-framework/scaleio';
import { manualClock, startScaleioSim } from '@scaleio-framework/scaleio-sim';
import { openFileStore } from '@scaleio-framework/state';
import { makeTempDir } from '@scaleio-framework/testkit';
import {
  defaultClusterSpec,
  type DeployState,
  type MembershipSettings,
  type SchedulerSettings,
} from '@scaleio-framework/orchestrator';
import {
  createReplacer,
  createSdsRemover,
  gatewaySdsAccess,
  membershipObserver,
  membershipTick,
  type Log,
} from '../src/index.js';
import { must, sdsPool, storageDeploy } from './membership-rig.js';

const GiB = 1024 ** 3;
// The bootstrap hosts of scaleio-sim: MDM primary, secondary, tiebreaker; an SDS on each.
const ips = ['10.0.0.11', '10.0.0.12', '10.0.0.13'];
const LOST = '10.0.0.13';

const deploy = (): DeployState => storageDeploy(ips);

const scheduler: SchedulerSettings = {
  spec: defaultClusterSpec,
  steps: {
    gatewayUser: 'admin',
    packageRepoUrl: 'http://repo.invalid/',
    gatewayUrl: '',
    versions: { scaleio: '2.6', rexray: '0.11.4', dvdcli: '0.3.1', dvdi: '1.0.1' },
    agentFlags: 'mesos-slave-dir',
    agentService: 'mesos-slave',
    insecureTls: false,
  },
};

// A grace of an hour: the tick records what it saw (disconnected since) and starts nothing.
const settings: MembershipSettings = {
  mode: 'automatic',
  graceMs: 3_600_000,
  maxAttempts: 3,
  retryBaseMs: 1000,
};

const recordingLog = (lines: string[]): Log => {
  const f = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    lines.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`);
  return { info: f('info'), warn: f('warn'), error: f('error'), debug: f('debug') } as Log;
};

/** The bootstrap cluster with a pool of three SDSs and data; the third host's MDM and SDS down. */
const scene = async () => {
  const clock = manualClock();
  const sim = await startScaleioSim({ clock: clock.now, bootstrap: true });
  // One try per request: a 500 is this tick's failure, not a retry's.
  const c = createClient({
    baseUrl: sim.url,
    username: sim.credentials.username,
    password: sim.credentials.password,
    retry: { attempts: 1 },
  });
  if (isLeft(c)) throw new Error('client');
  const client = c.right;
  const { sp } = await sdsPool(client, ips);
  await must(
    client.run(createVolume({ name: 'v', storagePoolId: sp, sizeInKb: 16 * 1024 * 1024 })),
  );
  sim.addWrites({ storagePoolId: sp, bytes: 8 * GiB });
  sim.upsertNode({ ip: LOST, sdsService: 'stopped' });
  sim.reportComponent({ ip: LOST, component: 'mdm', running: false });

  const dir = makeTempDir('membership-observe-');
  const st = await openFileStore({ path: dir.join('state.json') });
  if (isLeft(st)) throw new Error('store');
  const lines: string[] = [];
  const log = recordingLog(lines);
  const clientFor = () => client;
  const tasks: string[] = [];
  const replacer = createReplacer({
    store: st.right,
    settings,
    agents: () => new Map(),
    scheduler: () => scheduler,
    runTask: async (agentId) => {
      tasks.push(agentId);
      return { ok: false, error: 'no task expected' } as never;
    },
    taskTimeoutMs: 1000,
    log,
    now: clock.now,
  });
  const remover = createSdsRemover({
    store: st.right,
    settings,
    ...gatewaySdsAccess(deploy, 'full', sim.url, clientFor),
    healingVolumes: async () => new Map(),
    log,
    now: clock.now,
  });
  // The app's job, as apps/framework/src/scheduler/membership.ts composes it.
  const tick = membershipTick(membershipObserver(deploy, 'full', sim.url, clientFor, clock.now), [
    replacer.round,
    remover.round,
  ]);
  /** The gateway's journal entries of one tick. */
  const requestsOf = async (run: () => Promise<void>) => {
    const from = sim.requests().length;
    await run();
    return sim.requests().slice(from);
  };
  return { sim, clock, tick, requestsOf, replacer, remover, lines, tasks };
};

const TICK = [
  'POST /api/instances/System/queryMdmCluster 200',
  'GET /api/types/Sds/instances 200',
  'GET /api/types/Device/instances 200',
  'GET /api/types/StoragePool/instances 200',
  'POST /api/types/StoragePool/instances/action/querySelectedStatistics 200',
];
const shown = (rs: readonly { method: string; path: string; status: number }[]) =>
  rs.map((r) => `${r.method} ${r.path} ${r.status}`);

test('one tick reads the gateway once for both rounds, and both decide from it', async () => {
  const s = await scene();
  try {
    const seen = await s.requestsOf(s.tick);
    assert.equal(shown(seen), TICK, 'each part once, nothing read twice, no system document');
    // Both rounds decided from that read: each ledger records the lost host's IP as
    // disconnected since the tick (the MDM's member status, the SDS's connection state).
    const at = s.clock.now();
    assert.equal(s.replacer.ledger()?.disconnectedSince, { [LOST]: at });
    assert.equal(s.remover.ledger()?.disconnectedSince, { [LOST]: at });
    assert.equal(s.tasks, [], 'within the grace nothing starts');
    // The next tick: the same one read again, the first sightings kept.
    s.clock.advance(2000);
    assert.equal(shown(await s.requestsOf(s.tick)), TICK);
    assert.equal(s.replacer.ledger()?.disconnectedSince, { [LOST]: at });
    assert.equal(s.remover.ledger()?.disconnectedSince, { [LOST]: at });
  } finally {
    await s.sim.stop();
  }
});

test('a failed read of one part: the round that needs it waits and says why, the other decides', async () => {
  const s = await scene();
  try {
    // The SDS list fails once: SDS removal waits (no statistics asked), replacement decides.
    s.sim.setFaults({ errors500: { pathRegex: '^/api/types/Sds/instances$', count: 1 } });
    const seen = await s.requestsOf(s.tick);
    assert.equal(shown(seen), [
      'POST /api/instances/System/queryMdmCluster 200',
      'GET /api/types/Sds/instances 500',
    ]);
    const at = s.clock.now();
    assert.ok(s.lines.some((l) => l.startsWith('warn SDS removal waits: the SDSs cannot be read')));
    assert.not.ok(s.lines.some((l) => l.startsWith('warn membership waits')));
    assert.equal(s.replacer.ledger()?.disconnectedSince, { [LOST]: at });
    assert.is(s.remover.ledger()?.disconnectedSince?.[LOST], undefined, 'SDS removal saw nothing');
    // The MDM cluster fails once: replacement waits, SDS removal decides.
    s.sim.setFaults({ errors500: { pathRegex: 'queryMdmCluster$', count: 1 } });
    s.clock.advance(2000);
    const second = await s.requestsOf(s.tick);
    assert.equal(shown(second), [
      'POST /api/instances/System/queryMdmCluster 500',
      ...TICK.slice(1),
    ]);
    assert.ok(s.lines.some((l) => l.startsWith('warn membership waits: the MDM cluster')));
    assert.equal(s.replacer.ledger()?.disconnectedSince, { [LOST]: at });
    assert.equal(s.remover.ledger()?.disconnectedSince, { [LOST]: at + 2000 });
    // The gateway back: the next tick reads each part once again.
    s.clock.advance(2000);
    assert.equal(shown(await s.requestsOf(s.tick)), TICK);
  } finally {
    await s.sim.stop();
  }
});

test.run();

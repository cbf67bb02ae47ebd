/**
 * The healing test rig: a bootstrapped scaleio-sim with pools being written through its admin
 * API, ec2-sim with one instance per SDS host, the real AWS provider between them, a fake device
 * resolver (the attached volume appears as a disk on the node in scaleio-sim), a file-backed
 * ledger, and one injected clock that every part shares (EC2 waits advance it).
 */
import { awsCapacityProvider, nvmeByIdPath } from '@scaleio-framework/aws-volumes';
import type { CapacityProvider, ClusterId, NodeId } from '@scaleio-framework/capacity';
import {
  createClient,
  createProtectionDomain,
  createSds,
  createStoragePool,
  type ScaleIOClient,
  type StoragePoolId,
} from '@scaleio-framework/scaleio';
import { startScaleioSim, type ScaleioSim } from '@scaleio-framework/scaleio-sim';
import { makeTempDir, manualClock } from '@scaleio-framework/testkit';
import { startEc2Sim, type Ec2Sim } from '@scaleio-framework/ec2-sim';
import { openFileStore, type StateStore } from '@scaleio-framework/state';
import {
  createHealer,
  gatewayStats,
  stateLedgerStore,
  type DeviceResolverPort,
  type HealerPorts,
  type Healer,
} from '../src/index.js';
import {
  percentFullOfFigures,
  policySample,
  resolveHealingConfig,
  type HealingConfig,
  type HealingEvent,
  type PoolStat,
} from '@scaleio-framework/healing';

process.env['AWS_EC2_METADATA_DISABLED'] = 'true';

/** GiB in bytes. */
export const GIB = 1024 ** 3;
/** The cluster id the provider tags volumes with. */
export const cluster = 'heal-test' as ClusterId;

/** A host of the rig: its IP in scaleio-sim and its EC2 instance. */
export interface Host {
  readonly ip: string;
  readonly instance: NodeId;
  readonly zone: string;
}

/** One protection domain with one pool on three hosts, each giving `/dev/sdb` (100 GiB). */
export interface PoolSpec {
  readonly pd: string;
  readonly pool: string;
  readonly hosts: ReadonlyArray<Host>;
}

const host = (n: number, zone: string): Host => ({
  ip: `10.0.0.${n}`,
  instance: `i-0aa${String(n).padStart(14, '0')}` as NodeId,
  zone,
});

/** Two protection domains: pd1/sp1 on hosts 11–13 (us-east-1a/b/c), pd2/sp2 on hosts 21–23. */
export const twoDomains: ReadonlyArray<PoolSpec> = [
  { pd: 'pd1', pool: 'sp1', hosts: [11, 12, 13].map((n, i) => host(n, `us-east-1${'abc'[i]}`)) },
  { pd: 'pd2', pool: 'sp2', hosts: [21, 22, 23].map((n, i) => host(n, `us-east-1${'abc'[i]}`)) },
];

/** How long EC2 transitions take on the sim clock. */
export interface EbsTimings {
  readonly createMs: number;
  readonly attachMs: number;
  readonly detachMs: number;
  readonly deleteMs: number;
}

/** The running rig. */
export interface Rig {
  readonly clock: ReturnType<typeof manualClock>;
  readonly sio: ScaleioSim;
  readonly ec2: Ec2Sim;
  readonly client: ScaleIOClient;
  readonly provider: CapacityProvider;
  readonly store: StateStore;
  readonly ports: HealerPorts;
  readonly pools: ReadonlyMap<string, StoragePoolId>;
  readonly events: HealingEvent[];
  /** A new healer over the same stores and simulators (a restarted scheduler). */
  healer(config: HealingConfig, ports?: Partial<HealerPorts>): Healer;
  /** Percent full of a pool in the simulator's own model. */
  percent(poolKey: string): number;
  /** Devices of a pool in the simulator's model. */
  devices(poolKey: string): number;
  /** Live EC2 volumes created by the healer (root volumes excluded), pending transitions applied. */
  volumes(): ReturnType<Ec2Sim['volumes']>;
  /** Lets a minute of simulated time pass without a tick (EC2 deletions finish). */
  settle(): void;
  close(): Promise<void>;
}

const ok = <A>(
  r: { _tag: 'Left'; left: unknown } | { _tag: 'Right'; right: A },
  what: string,
): A => {
  if (r._tag === 'Left') throw new Error(`${what}: ${JSON.stringify(r.left)}`);
  return r.right;
};

/** A pool read with the policy's GiB view and its percent full beside the bytes (assertions). */
export const inGiB = <S extends PoolStat | undefined>(stat: S) =>
  stat === undefined
    ? undefined
    : {
        ...stat,
        ...policySample(0, stat.figures),
        percentFull: percentFullOfFigures(stat.figures),
      };

/** Builds a healing configuration from a partial input; throws on a bad one (tests only). */
export const healingConfig = (input: unknown): HealingConfig =>
  ok(resolveHealingConfig(input) as never, 'healing config');

/** The resolver the executor would be: finds the new disk on the node and checks it is unused. */
export const simResolver = (sio: ScaleioSim, hosts: ReadonlyArray<Host>): DeviceResolverPort => ({
  resolve: (node, v) => {
    const h = hosts.find((x) => x.instance === node);
    const facts = h === undefined ? undefined : sio.model.nodes.get(h.ip);
    const path = v.guestPaths[0];
    const disk = facts?.devices.find((d) => d.path === path);
    if (h === undefined || path === undefined || disk === undefined)
      return Promise.resolve({ ok: false, error: `no disk ${path ?? '?'} on ${node} yet` });
    if (disk.sizeBytes !== v.sizeGiB * GIB)
      return Promise.resolve({ ok: false, error: `${path} has the wrong size`, retryable: false });
    const used = [...sio.model.devices.values()].some(
      (d) => d.path === path && sio.model.sdss.get(d.sdsId)?.ipList.some((i) => i.ip === h.ip),
    );
    return Promise.resolve(
      used
        ? { ok: false, error: `${path} is already in use`, retryable: false }
        : { ok: true, path },
    );
  },
});

/** Starts the rig: simulators, PDs/pools/SDSs, provider, ledger store. */
export const startRig = async (
  specs: ReadonlyArray<PoolSpec> = twoDomains.slice(0, 1),
  timings: EbsTimings = { createMs: 2000, attachMs: 3000, detachMs: 1000, deleteMs: 500 },
): Promise<Rig> => {
  const clock = manualClock();
  const hosts = specs.flatMap((s) => s.hosts);
  const sio = await startScaleioSim({ bootstrap: true, clock: clock.now });
  const events: HealingEvent[] = [];
  // The guest sees an attached EBS volume as its NVMe by-id path; a detached one disappears.
  const ec2 = await startEc2Sim({
    now: clock.now,
    timings,
    instances: hosts.map((h) => ({
      instanceId: h.instance,
      availabilityZone: h.zone,
      instanceType: 'm5.large',
    })),
    onAttachment: (e) => {
      const h = hosts.find((x) => x.instance === e.instanceId);
      const facts = h === undefined ? undefined : sio.model.nodes.get(h.ip);
      if (h === undefined || facts === undefined) return;
      const path = nvmeByIdPath(e.volumeId);
      const others = facts.devices.filter((d) => d.path !== path);
      sio.upsertNode({
        ip: h.ip,
        devices:
          e.state === 'attached' ? [...others, { path, sizeBytes: e.sizeGiB * GIB }] : others,
      });
    },
  });
  const dir = makeTempDir('healing-');
  try {
    for (const h of hosts)
      if (!sio.model.nodes.has(h.ip))
        sio.upsertNode({
          ip: h.ip,
          sdsService: 'running',
          devices: [{ path: '/dev/sdb', sizeBytes: 100 * GIB }],
        });
    const client = ok(
      createClient({ baseUrl: sio.url, ...sio.credentials, now: clock.now, timeoutMs: 10_000 }),
      'client',
    );
    const pools = new Map<string, StoragePoolId>();
    for (const s of specs) {
      const pd = ok(await client.run(createProtectionDomain({ name: s.pd })), 'pd');
      const sp = ok(
        await client.run(
          createStoragePool({ name: s.pool, protectionDomainId: pd, sparePercentage: 10 }),
        ),
        'pool',
      );
      pools.set(`${s.pd}/${s.pool}`, sp);
      for (const h of s.hosts)
        ok(
          await client.run(
            createSds({
              name: `sds-${s.pd}-${h.ip}`,
              protectionDomainId: pd,
              ips: [{ ip: h.ip, role: 'all' }],
              devices: [{ path: '/dev/sdb', storagePoolId: sp }],
            }),
          ),
          'sds',
        );
    }
    const provider = awsCapacityProvider({
      cluster,
      endpoint: ec2.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      timing: { now: clock.now, sleep: async (ms) => clock.advance(ms), random: () => 0.5 },
    });
    const store = ok(await openFileStore({ path: dir.join('state.json') }), 'store');
    const ports: HealerPorts = {
      stats: gatewayStats({
        client,
        now: clock.now,
        nodeOf: (sds) => hosts.find((h) => sds.ipList.some((i) => i.ip === h.ip))?.instance,
      }),
      provider,
      resolver: simResolver(sio, hosts),
      ledger: stateLedgerStore(store),
      now: clock.now,
      events: { emit: (e) => events.push(e) },
    };
    const poolOf = (key: string) => {
      const id = pools.get(key);
      const p = sio.state().storagePools.find((x) => x.id === id);
      if (p === undefined) throw new Error(`no pool ${key}`);
      return p;
    };
    return {
      clock,
      sio,
      ec2,
      client,
      provider,
      store,
      ports,
      pools,
      events,
      healer: (config, extra = {}) => createHealer(config, { ...ports, ...extra }),
      percent: (key) => poolOf(key).capacity.percentFull,
      devices: (key) => poolOf(key).capacity.numOfDevices,
      volumes: () => {
        ec2.tick();
        return ec2.volumes().filter((v) => v.tags['scaleio-framework-cluster'] === cluster);
      },
      settle: () => {
        clock.advance(60_000);
        ec2.tick();
      },
      close: async () => {
        await store.close();
        await ec2.stop();
        await sio.stop();
        dir.remove();
      },
    };
  } catch (e) {
    await ec2.stop();
    await sio.stop();
    dir.remove();
    throw e;
  }
};

/** Starts a steady write into a pool: `gibPerMinute` of user data (twice that raw). */
export const fill = (rig: Rig, poolKey: string, gibPerMinute: number, initialGiB = 0): void => {
  const id = rig.pools.get(poolKey);
  if (id === undefined) throw new Error(`no pool ${poolKey}`);
  const r = rig.sio.addWrites({
    storagePoolId: id,
    bytesPerSecond: (gibPerMinute * GIB) / 60,
    ...(initialGiB > 0 ? { bytes: initialGiB * GIB } : {}),
  });
  if (r._tag === 'Left') throw new Error(JSON.stringify(r.left));
};

/** Advances the clock by `stepMs` and ticks, `n` times; calls `each` after every tick. */
export const run = async (
  rig: Rig,
  healer: Healer,
  n: number,
  stepMs = 60_000,
  each?: (i: number) => void,
): Promise<void> => {
  for (let i = 0; i < n; i++) {
    rig.clock.advance(stepMs);
    await healer.tick();
    each?.(i);
  }
};

/** Runs `f` with a fresh rig and closes the rig afterwards, whatever `f` did. */
export const withRig = async (
  f: (rig: Rig) => Promise<void>,
  specs?: ReadonlyArray<PoolSpec>,
): Promise<void> => {
  const rig = await startRig(specs);
  try {
    await f(rig);
  } finally {
    await rig.close();
  }
};

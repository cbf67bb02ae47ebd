import { startEc2Sim, type Ec2Sim } from '@scaleio-framework/ec2-sim';
import { startGceSim, type GceSim } from '@scaleio-framework/gce-sim';
import {
  parseResourceFlag,
  startMesosSim,
  type MesosSim,
  type Timing,
} from '@scaleio-framework/mesos-sim';
import {
  defaultCatalog,
  OS_TABLE,
  OsId,
  simulatedRuntime,
  startNodeSim,
  type NodeSim,
  type RuntimeFlavour,
} from '@scaleio-framework/node-sim';
import { startScaleioSim, type ScaleioSim } from '@scaleio-framework/scaleio-sim';
import { unwrap } from './unwrap.js';
import { wireCheck, type WireCheck } from './wire.js';

/** Options of {@link startSimCluster}. */
export interface SimClusterOptions {
  /** Number of agents (default 5). */
  readonly agents?: number;
  /**
   * OS of the nodes: one node-sim OS id (`ubuntu-14.04`, `centos-7` …), or a list of them
   * (an array or a comma-separated string) cycled over the nodes in order, agents then spare
   * nodes. Default: Ubuntu 20.04 everywhere.
   */
  readonly os?: string | readonly string[];
  /** The running kernel of node `i` (0-based), when it differs from its OS's (default: none). */
  readonly kernelOf?: (i: number) => string | undefined;
  /** Racks to spread agents over (attribute `rack`); default 3. */
  readonly racks?: number;
  /** The zone (attribute `zone`, and its EC2 instance's zone) of node `i` (0-based); default a, b, c in turn. */
  readonly zoneOf?: (i: number) => string;
  /** Mesos master instances (default 1); the first leads. */
  readonly masters?: number;
  /** Hosts prepared beyond the agents, to join later with {@link SimCluster.joinAgent}. */
  readonly spareNodes?: number;
  /** Gateway password (default a fresh random one). */
  readonly password?: string;
  /** mesos-sim timing (sim-scaled Mesos timeouts: health checks, agent reregistration). */
  readonly timing?: Partial<Timing>;
  /** node-sim's factor on each tool's modelled real duration (default node-sim's, 0.001). */
  readonly timeScale?: number;
  /**
   * Whether every Mesos message is validated against the protos as it passes (default true; a
   * benchmark turns it off: it is the test's check, not the simulated world's work).
   */
  readonly validateWire?: boolean;
  /**
   * Every agent's resources in the agent `--resources` flag syntax, e.g.
   * `cpus(scaleio):4;mem(scaleio):8192;disk:65536;ports:[31000-32000]` (static reservations).
   */
  readonly agentResources?: string;
  readonly log?: (line: string) => void;
  /**
   * The cloud the hosts are machines of (default `aws`): with `gce` they are Compute Engine VMs
   * (SCSI device names, attribute `gce_instance`), and `gce` is a gce-sim with one instance each.
   */
  readonly cloud?: 'aws' | 'gce';
}

/** A simulated bare cluster: Mesos master and agents, their hosts, and the ScaleIO gateway/MDM. */
export interface SimCluster {
  readonly mesos: MesosSim;
  readonly scaleio: ScaleioSim;
  /** EC2 with one instance per host (attribute `aws_instance_id` on each agent). */
  readonly ec2: Ec2Sim;
  /** Compute Engine with one instance per host (attribute `gce_instance`), with `cloud: 'gce'`. */
  readonly gce?: GceSim;
  readonly nodes: NodeSim;
  readonly password: string;
  /** Every Mesos message recorded and validated against the official protos. */
  readonly wire: WireCheck;
  /** The agent hostnames, in order. */
  readonly hostnames: readonly string[];
  /** node-sim id of each agent hostname. */
  readonly nodeIdOf: (hostname: string) => string;
  /** The OS of each agent hostname. */
  readonly osOf: (hostname: string) => string;
  /** Starts the next spare host's Mesos agent (a node joining after the deploy). */
  readonly joinAgent: () => Promise<string>;
  /**
   * The scheduler flags naming the executor's Node.js runtime: node-sim's simulated archive of
   * that build (default `glibc-217`), served by node-sim's repository with its sha256.
   */
  readonly runtimeArgs: (build?: RuntimeFlavour) => string[];
  /**
   * Environment for a scheduler outside the simulators: `http_proxy` is mesos-sim's network, so
   * that the agents' advertised addresses reach them (the executors' sandbox files).
   */
  readonly schedulerEnv: Readonly<Record<string, string>>;
  readonly stop: () => Promise<void>;
}

/** The OS list of {@link SimClusterOptions.os}: never empty; an unknown id fails in node-sim. */
export const osList = (os: string | readonly string[] | undefined): readonly string[] => {
  const list = (typeof os === 'string' ? os.split(',') : (os ?? []))
    .map((x) => x.trim())
    .filter((x) => x !== '');
  const bad = list.find((x) => !OsId.is(x));
  if (bad !== undefined)
    throw new Error(`unknown OS ${bad}; node-sim has ${OS_TABLE.map((r) => r.os).join(', ')}`);
  return list.length === 0 ? ['ubuntu-20.04'] : list;
};

/**
 * Starts the simulators wired together: node-sim hosts (one per agent, with the fake system tools
 * that drive scaleio-sim), and mesos-sim agents whose executors run on those hosts (each agent's
 * executor environment points at its node's root and tools, as `--executor_environment_variables`
 * would on a real agent, and each agent advertises its node's IP).
 */
export async function startSimCluster(opts: SimClusterOptions = {}): Promise<SimCluster> {
  const n = opts.agents ?? 5;
  const oses = osList(opts.os);
  const racks = opts.racks ?? 3;
  const password = opts.password ?? `Pw-${Math.random().toString(36).slice(2, 12)}`;
  // The gateway serves a self-signed certificate made for this run, as a real one does; node-sim's
  // gateway install keeps it in the node's keystore, where the executor reads it for pinning.
  const runtimes = {
    'glibc-217': simulatedRuntime('glibc-217'),
    official: simulatedRuntime('official'),
  };
  const scaleio = await startScaleioSim({ password, tls: 'self-signed' });
  const instanceOf = (i: number) => `i-${(0x1000 + i).toString(16).padStart(17, '0')}`;
  const zoneOf = opts.zoneOf ?? ((i: number) => `us-east-1${'abc'[i % 3]}`);
  const total = n + (opts.spareNodes ?? 0);
  const gceNames = opts.cloud === 'gce';
  const gceInstanceOf = (i: number) => `sds-${i + 1}`;
  const gceZoneOf = (i: number) => `us-central1-${'abc'[i % 3]}`;
  const specs = Array.from({ length: total }, (_, i) => ({
    id: `node${i + 1}`,
    hostname: `agent-${i + 1}.sim`,
    ip: `10.${Math.floor((i + 1) / 250)}.${(i + 1) % 250}.${10 + (i % 200)}`,
    os: oses[i % oses.length] ?? 'ubuntu-20.04',
    ...(opts.kernelOf?.(i) === undefined ? {} : { kernel: opts.kernelOf(i) }),
    instanceId: gceNames ? gceInstanceOf(i) : instanceOf(i),
    deviceNaming: gceNames ? 'gce' : 'xen',
    devices: [
      { name: gceNames ? 'sdb' : 'xvdb', sizeBytes: 100 * 2 ** 30 },
      { name: gceNames ? 'sdc' : 'xvdc', sizeBytes: 100 * 2 ** 30 },
    ],
  }));
  const nodes = unwrap(
    await startNodeSim(
      {
        nodes: specs as never,
        scaleioAdminUrl: scaleio.adminUrl,
        ...(opts.timeScale === undefined ? {} : { timeScale: opts.timeScale }),
      },
      [...defaultCatalog(), ...Object.values(runtimes)],
    ),
    'node-sim',
  );
  const ec2 = await startEc2Sim({
    instances: specs.map((_, i) => ({
      instanceId: instanceOf(i),
      availabilityZone: zoneOf(i),
      instanceType: 'm5.large',
    })),
    timings: { createMs: 1000, attachMs: 1000, detachMs: 500, deleteMs: 200 },
  });
  nodes.subscribe(ec2);
  // The guest's hold: a device an SDS uses stays busy in EC2 until ScaleIO drops it.
  nodes.holdDevices(scaleio, ec2);
  const gce = gceNames
    ? await startGceSim({
        instances: specs.map((_, i) => ({
          name: gceInstanceOf(i),
          zone: gceZoneOf(i),
          machineType: 'n2-standard-4',
        })),
        timings: { createMs: 1000, attachMs: 1000, detachMs: 500, deleteMs: 200 },
      })
    : undefined;
  if (gce !== undefined) nodes.subscribe(gce);
  const agentSpecs = specs.map((s, i) => {
    const host = unwrap(nodes.hostFor(s.id), `node-sim host ${s.id}`);
    return {
      hostname: s.hostname,
      ip: s.ip,
      attributes: [
        { name: 'rack', type: 'TEXT' as const, text: { value: `r${(i % racks) + 1}` } },
        { name: 'zone', type: 'TEXT' as const, text: { value: zoneOf(i) } },
        { name: 'aws_instance_id', type: 'TEXT' as const, text: { value: instanceOf(i) } },
        ...(gceNames
          ? [{ name: 'gce_instance', type: 'TEXT' as const, text: { value: gceInstanceOf(i) } }]
          : []),
      ],
      executorEnv: {
        ...host.env,
        // The node's own PATH (its system tools, no node): the executor runs only on the
        // runtime the fetcher put in its sandbox.
        SCALEIO_HOST_ROOT: host.root,
        SCALEIO_HOST_PATH: host.path,
      },
      // The agent's flags as node-sim writes them (cgroups/mem enforces memory limits), and the
      // dvdi module's isolator, which acts once the node's agent restarted with it enabled.
      isolation: 'cgroups/cpu,cgroups/mem',
      modules: [unwrap(nodes.isolator(s.id), `node-sim isolator ${s.id}`)],
    };
  });
  const resources =
    opts.agentResources === undefined ? undefined : parseResourceFlag(opts.agentResources);
  if (typeof resources === 'string') throw new Error(`agentResources: ${resources}`);
  const wire = wireCheck();
  const mesos = await startMesosSim({
    agents: agentSpecs
      .slice(0, n)
      .map((a) => (resources === undefined ? a : { ...a, resources })) as never,
    masters: opts.masters ?? 1,
    ...(opts.validateWire === false ? {} : { observe: wire.observe }),
    ...(opts.timing ? { timing: opts.timing } : {}),
    // Executors get a clean environment: never the test runner's NODE_OPTIONS (tsx).
    executorEnv: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/root' },
    ...(opts.log ? { log: opts.log } : {}),
  });
  nodes.chargeMemoryTo(mesos.memory);
  let joined = n;
  return {
    mesos,
    scaleio,
    ec2,
    ...(gce === undefined ? {} : { gce }),
    nodes,
    password,
    wire,
    hostnames: specs.slice(0, n).map((s) => s.hostname),
    nodeIdOf: (h) => specs.find((s) => s.hostname === h)?.id ?? '',
    osOf: (h) => specs.find((s) => s.hostname === h)?.os ?? '',
    runtimeArgs: (build = 'glibc-217') => [
      '--executor-runtime-url',
      nodes.repo.urlOf(runtimes[build].file),
      '--executor-runtime-sha256',
      runtimes[build].sha256,
    ],
    schedulerEnv: { http_proxy: mesos.proxyUrl, no_proxy: '127.0.0.1,localhost' },
    joinAgent: async () => {
      const spec = agentSpecs[joined++];
      if (!spec) throw new Error('no spare node left');
      await mesos.addAgent((resources === undefined ? spec : { ...spec, resources }) as never);
      return spec.hostname;
    },
    stop: async () => {
      await mesos.stop();
      console.log(`  ${wire.summary()}`);
      await nodes.stop();
      await ec2.stop();
      await gce?.stop();
      await scaleio.stop();
    },
  };
}

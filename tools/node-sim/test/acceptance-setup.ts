/**
 * Shared setup of the acceptance tests: scaleio-sim, node-sim with an Ubuntu and a RHEL node
 * (plus a tiebreaker), the installers' real local host pointed at each node root and its fake
 * PATH, and the step specs of every component.
 */
import {
  createLocalHost,
  planForNode,
  runPlan,
  secret,
  type Host,
  type HostEvent,
  type PlanReport,
  type InstallSpec,
} from '@scaleio-framework/installers';
import { startScaleioSim, type ScaleioSim } from '@scaleio-framework/scaleio-sim';
import { startNodeSim, type NodeSim } from '../src/index.js';
import { ok } from './helpers.js';

/** The planted secret: it must reach the system, and appear in nothing recorded. */
export const PASSWORD_VALUE = 'Pl4nted-S3cret-7c1e9';
export const adminPassword = secret('adminPassword', PASSWORD_VALUE);

/** ScaleIO version of the default catalog. */
export const VERSION = '2.0-10000.2072';

/** Everything one acceptance scenario runs against. */
export interface World {
  sio: ScaleioSim;
  sim: NodeSim;
  events: HostEvent[];
  host(id: string): Host;
  ip(id: string): string;
  /** Builds the node's plan from specs (OS detected on the node) and runs it. */
  apply(id: string, specs: readonly InstallSpec[]): Promise<PlanReport>;
  stop(): Promise<void>;
}

/** Starts scaleio-sim and node-sim with `nodes`. */
export const startWorld = async (
  nodes: Parameters<typeof startNodeSim>[0]['nodes'],
): Promise<World> => {
  const sio = await startScaleioSim();
  const simR = await startNodeSim({ nodes, scaleioAdminUrl: sio.adminUrl });
  if (simR._tag === 'Left') {
    await sio.stop();
    throw new Error(simR.left.message);
  }
  const sim = simR.right;
  const events: HostEvent[] = [];
  const hosts = new Map<string, Host>();
  const host = (id: string): Host => {
    const existing = hosts.get(id);
    if (existing !== undefined) return existing;
    const h = ok(sim.hostFor(id));
    const created = createLocalHost({
      root: h.root,
      path: h.path,
      env: h.env,
      secrets: [adminPassword],
      logger: (e) => events.push(e),
      retryDelayMs: 0,
      downloadAttempts: 2,
      timeoutMs: 60_000,
    });
    hosts.set(id, created);
    return created;
  };
  const ip = (id: string): string => ok(sim.node(id)).config.ip;
  return {
    sio,
    sim,
    events,
    host,
    ip,
    apply: async (id, specs) => {
      const plan = await planForNode(host(id), specs, { adminPassword });
      if (plan._tag === 'Left') throw new Error(`plan for ${id}: ${plan.left.message}`);
      return runPlan(plan.right, host(id));
    },
    stop: async () => {
      await sim.stop();
      await sio.stop();
    },
  };
};

/** The digest of every repository file by name: what the repository publishes (`SHA256SUMS`). */
export const repoSums = (w: World): Record<string, string> =>
  Object.fromEntries(w.sim.repo.files().map((f) => [f.file, f.sha256]));

/** The ScaleIO package params for the default catalog, with the published digests. */
export const scaleioPackage = (
  w: World,
): { baseUrl: string; version: string; sha256s: Record<string, string> } => ({
  baseUrl: w.sim.repoUrl,
  version: VERSION,
  sha256s: repoSums(w),
});

/** REX-Ray / dvdcli package params (the packages' versions are `0.11.4-1` / `0.3.1-1`). */
export const toolPackage = (
  w: World,
  os: 'deb' | 'rpm',
  name: 'rexray' | 'dvdcli',
  version: string,
) => ({
  baseUrl: w.sim.repoUrl,
  version: `${version}-1`,
  file: os === 'deb' ? `${name}_${version}-1_amd64.deb` : `${name}-${version}-1.x86_64.rpm`,
  sha256s: repoSums(w),
});

/** The node-level components of a storage + MDM node (everything but the cluster and the Mesos wiring). */
export const scaleioSpecs = (
  w: World,
  role: 'primary' | 'secondary' | 'tiebreaker',
  mdmAddresses: string[],
): InstallSpec[] => {
  const pkg = scaleioPackage(w);
  return [
    { component: 'prereqs', params: {} },
    { component: 'mdm', role, params: { package: pkg } },
    { component: 'sds', params: { package: pkg } },
    { component: 'sdc', params: { package: pkg, mdmAddresses } },
    { component: 'lia', params: { package: pkg } },
    { component: 'gateway', params: { package: pkg, mdmAddresses } },
  ];
};

/** The Mesos wiring components: REX-Ray, dvdcli, mesos-module-dvdi, agent restart. */
export const mesosSpecs = (
  w: World,
  os: 'deb' | 'rpm',
  agent: { layout: 'mesos-slave-dir' } | { layout: 'flags-file'; path: string },
  systemName: string,
): InstallSpec[] => [
  {
    component: 'rexray',
    params: {
      gateway: `https://${w.ip('u1')}:443`,
      systemName,
      protectionDomain: 'pd1',
      storagePool: 'sp1',
      insecure: true,
      package: toolPackage(w, os, 'rexray', '0.11.4'),
    },
  },
  { component: 'dvdcli', params: { package: toolPackage(w, os, 'dvdcli', '0.3.1') } },
  {
    component: 'mesos-module-dvdi',
    params: { library: { baseUrl: w.sim.repoUrl, version: '1.0.1', sha256s: repoSums(w) }, agent },
  },
  { component: 'agent-restart', params: { agent } },
];

/** A short text of a failed report, for assertion messages. */
export const why = (r: PlanReport): string =>
  r.ok ? 'ok' : (r.error?.message ?? 'failed without error');

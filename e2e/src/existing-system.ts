import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ScaleioSim } from '@scaleio-framework/scaleio-sim';
import { unwrap } from './unwrap.js';

/** What {@link provisionExistingSystem} built: the facts an operator hands `--mode existing`. */
export interface ExistingSystem {
  readonly systemName: string;
  readonly protectionDomain: string;
  readonly storagePool: string;
  /** Manager MDM addresses, primary first (`--existing-mdm-ips`). */
  readonly mdmIps: readonly string[];
  /** The tiebreaker's address (not a manager: never given to SDCs). */
  readonly tiebreakerIp: string;
  /** The SDSs that were there before the framework came (MDM hosts, then `agentSds`). */
  readonly sdsNames: readonly string[];
}

/** Options of {@link provisionExistingSystem}. */
export interface ExistingSystemOptions {
  readonly systemName?: string;
  readonly protectionDomain?: string;
  readonly storagePool?: string;
  /**
   * A Mesos agent that already is an SDS of the system (as when ScaleIO was installed on some
   * agents by hand): registered under the operator's own name with its first disk in the pool.
   */
  readonly agentSds?: { readonly ip: string; readonly hostname: string; readonly disk: string };
}

/**
 * One gateway REST call as an operator's tooling would make it: Basic auth (user and password,
 * or the login token), over the gateway's TLS trusted by its certificate (the operator has it).
 */
export const gatewayRequest = (
  sim: ScaleioSim,
  path: string,
  secret: string,
  body?: unknown,
): Promise<{ status: number; text: string }> =>
  new Promise((resolve, reject) => {
    const url = new URL(path, sim.url);
    const data = body === undefined ? undefined : JSON.stringify(body);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: data === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${sim.credentials.username}:${secret}`).toString('base64')}`,
          ...(data === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(sim.certificate === undefined ? {} : { ca: sim.certificate.pem }),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });

/** A POST with the login token; the created object's id. */
const gatewayCall = async (
  sim: ScaleioSim,
  token: string,
  path: string,
  body: unknown,
): Promise<{ id: string }> => {
  const r = await gatewayRequest(sim, path, token, body);
  if (r.status < 200 || r.status > 299) throw new Error(`${path}: ${r.status} ${r.text}`);
  return JSON.parse(r.text) as { id: string };
};

/**
 * Brings scaleio-sim to "a ScaleIO system already runs here, outside Mesos": a 3-node MDM
 * cluster on three hosts that are not Mesos agents (built through the simulator's MDM admin, as
 * `scli` on those hosts would), renamed, and — through the gateway's REST API, as an operator's
 * tooling would — a protection domain, a storage pool, and an SDS with two disks on each MDM host.
 */
export async function provisionExistingSystem(
  sim: ScaleioSim,
  opts: ExistingSystemOptions = {},
): Promise<ExistingSystem> {
  const systemName = opts.systemName ?? 'prod-sio';
  const protectionDomain = opts.protectionDomain ?? 'pd-prod';
  const storagePool = opts.storagePool ?? 'sp-gold';
  const hosts = ['10.250.0.11', '10.250.0.12', '10.250.0.13'] as const;
  for (const ip of hosts)
    unwrap(
      sim.upsertNode({
        ip,
        hostname: `mdm-${ip.split('.').at(-1)}.prod`,
        sdsService: 'running',
        devices: [
          { path: '/dev/sdb', sizeBytes: 200 * 2 ** 30 },
          { path: '/dev/sdc', sizeBytes: 200 * 2 ** 30 },
        ],
      }),
      `host ${ip}`,
    );
  const [primary, secondary, tiebreaker] = hosts;
  unwrap(sim.createMdm({ primaryMdmIp: primary, clusterName: systemName }), 'create MDM');
  unwrap(sim.addStandbyMdm({ ip: secondary, role: 'Manager' }), 'standby manager');
  unwrap(sim.addStandbyMdm({ ip: tiebreaker, role: 'TieBreaker' }), 'standby tiebreaker');
  unwrap(sim.switchMode({ mode: '3_node' }), 'switch to 3-node');
  unwrap(sim.renameSystem({ name: systemName }), 'rename');

  const login = await gatewayRequest(sim, '/api/login', sim.credentials.password);
  if (login.status !== 200) throw new Error(`gateway login: ${login.status}`);
  const token = JSON.parse(login.text) as string;
  const pd = await gatewayCall(sim, token, '/api/types/ProtectionDomain/instances', {
    name: protectionDomain,
  });
  const sp = await gatewayCall(sim, token, '/api/types/StoragePool/instances', {
    name: storagePool,
    protectionDomainId: pd.id,
  });
  const sdsNames: string[] = [];
  for (const ip of hosts) {
    const name = `sds-prod-${ip.split('.').at(-1)}`;
    await gatewayCall(sim, token, '/api/types/Sds/instances', {
      name,
      protectionDomainId: pd.id,
      sdsIpList: [{ SdsIp: { ip, role: 'all' } }],
      deviceInfoList: ['/dev/sdb', '/dev/sdc'].map((devicePath) => ({
        devicePath,
        storagePoolId: sp.id,
      })),
    });
    sdsNames.push(name);
  }
  if (opts.agentSds) {
    const { ip, hostname, disk } = opts.agentSds;
    unwrap(
      sim.upsertNode({
        ip,
        hostname,
        sdsService: 'running',
        devices: [{ path: disk, sizeBytes: 100 * 2 ** 30 }],
      }),
      `agent host ${ip}`,
    );
    const name = `sds-prod-${hostname.split('.')[0] ?? ip}`;
    await gatewayCall(sim, token, '/api/types/Sds/instances', {
      name,
      protectionDomainId: pd.id,
      sdsIpList: [{ SdsIp: { ip, role: 'all' } }],
      deviceInfoList: [{ devicePath: disk, storagePoolId: sp.id }],
    });
    sdsNames.push(name);
  }
  return {
    systemName,
    protectionDomain,
    storagePool,
    mdmIps: [primary, secondary],
    tiebreakerIp: tiebreaker,
    sdsNames,
  };
}

/**
 * The scheduler flags of `--mode existing` for a system built by {@link provisionExistingSystem}.
 * No `--system-name`: the scheduler takes the name from the running system.
 */
export const existingModeArgs = (sys: ExistingSystem): string[] => [
  '--mode',
  'existing',
  '--existing-mdm-ips',
  sys.mdmIps.join(','),
  '--protection-domain',
  sys.protectionDomain,
  '--storage-pool',
  sys.storagePool,
  // The existing protection domain has no fault sets: SDSs added to it must not bring any.
  '--fault-set-attribute=',
];

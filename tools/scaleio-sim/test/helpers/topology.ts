/** Builds a protection domain, a pool and three SDSs with devices through the REST API. */
import type { ScaleioSim } from '../../src/index.js';
import { idOf, session } from './http.js';

/** What {@link buildPool} made. */
export interface Topology {
  s: Awaited<ReturnType<typeof session>>;
  pdId: string;
  poolId: string;
  sdsIds: string[];
  deviceIds: string[];
}

/**
 * Three hosts (10.1.0.1-3) running the SDS service, each with one device of `deviceBytes`,
 * added to a new pool over REST.
 */
export const buildPool = async (
  sim: ScaleioSim,
  deviceBytes: number,
  sparePercentage = 10,
): Promise<Topology> => {
  const ips = ['10.1.0.1', '10.1.0.2', '10.1.0.3'];
  if (sim.model.mdm === null) sim.createMdm({ primaryMdmIp: ips[0] ?? '' });
  for (const ip of ips)
    sim.upsertNode({
      ip,
      sdsService: 'running',
      devices: [{ path: '/dev/sdb', sizeBytes: deviceBytes }],
    });
  const s = await session(sim.url);
  const pdId = idOf(await s.post('/api/types/ProtectionDomain/instances', { name: 'pd1' }));
  const poolId = idOf(
    await s.post('/api/types/StoragePool/instances', {
      name: 'sp1',
      protectionDomainId: pdId,
      sparePercentage: String(sparePercentage),
    }),
  );
  const sdsIds: string[] = [];
  for (const [n, ip] of ips.entries())
    sdsIds.push(
      idOf(
        await s.post('/api/types/Sds/instances', {
          protectionDomainId: pdId,
          name: `sds${n + 1}`,
          sdsIpList: [{ SdsIp: { ip, role: 'all' } }],
          deviceInfoList: [{ devicePath: '/dev/sdb', storagePoolId: poolId, deviceName: 'sdb' }],
        }),
      ),
    );
  const deviceIds = [...sim.model.devices.values()]
    .filter((d) => d.poolId === poolId)
    .map((d) => d.id);
  return { s, pdId, poolId, sdsIds, deviceIds };
};

import {
  addDevice,
  createFaultSet,
  createProtectionDomain,
  createSds,
  createStoragePool,
  describeError,
  ensure,
  findByName,
  listRelated,
  type FaultSetId,
  type ScaleIOClient,
  type ScaleIOError,
  type StoragePoolId,
} from '@scaleio-framework/scaleio';
import type { StorageObjects } from '@scaleio-framework/orchestrator';
import type { GatewayPort, PortResult } from '../scheduler/ports.js';

const fail = (what: string, e: ScaleIOError): PortResult => ({
  ok: false,
  error: `${what}: ${describeError(e)}`,
});

/**
 * The `storage-objects` step through the gateway: protection domain, fault set, storage
 * pool(s), the node's SDS and its devices, each found by its deterministic name first and created
 * only when missing — so a retry or a restarted scheduler never makes a second one.
 */
export function gatewayPort(client: ScaleIOClient): GatewayPort {
  const run = client.run;
  return {
    async ensureStorageObjects(o: StorageObjects): Promise<PortResult> {
      const pd = await ensure(
        run,
        findByName('ProtectionDomain', o.protectionDomain),
        createProtectionDomain({ name: o.protectionDomain }),
      );
      if (pd._tag === 'Left') return fail(`protection domain ${o.protectionDomain}`, pd.left);
      const pdScope = { type: 'ProtectionDomain' as const, id: pd.right.id };
      let faultSetId: FaultSetId | undefined;
      if (o.faultSet !== undefined) {
        const fs = await ensure(
          run,
          findByName('FaultSet', o.faultSet, pdScope),
          createFaultSet({ name: o.faultSet, protectionDomainId: pd.right.id }),
        );
        if (fs._tag === 'Left') return fail(`fault set ${o.faultSet}`, fs.left);
        faultSetId = fs.right.id;
      }
      const pools = new Map<string, StoragePoolId>();
      for (const p of o.pools) {
        const sp = await ensure(
          run,
          findByName('StoragePool', p.pool, pdScope),
          createStoragePool({ name: p.pool, protectionDomainId: pd.right.id }),
        );
        if (sp._tag === 'Left') return fail(`storage pool ${p.pool}`, sp.left);
        pools.set(p.pool, sp.right.id);
      }
      const sds = await ensure(
        run,
        findByName('Sds', o.sdsName),
        createSds({
          name: o.sdsName,
          protectionDomainId: pd.right.id,
          ips: [{ ip: o.sdsIp, role: 'all' }],
          ...(faultSetId === undefined ? {} : { faultSetId }),
        }),
      );
      if (sds._tag === 'Left') return fail(`SDS ${o.sdsName} (${o.sdsIp})`, sds.left);
      const existing = await run(listRelated('Sds', sds.right.id, 'Device'));
      if (existing._tag === 'Left') return fail(`devices of SDS ${o.sdsName}`, existing.left);
      const have = new Set(existing.right.map((d) => d.deviceCurrentPathName));
      for (const p of o.pools) {
        const poolId = pools.get(p.pool);
        if (poolId === undefined) continue;
        for (const path of p.devices) {
          if (have.has(path)) continue;
          const d = await run(addDevice({ path, sdsId: sds.right.id, storagePoolId: poolId }));
          if (d._tag === 'Left' && d.left._tag !== 'AlreadyExists')
            return fail(`device ${path} on ${o.sdsName}`, d.left);
          have.add(path);
        }
      }
      return { ok: true };
    },
  };
}

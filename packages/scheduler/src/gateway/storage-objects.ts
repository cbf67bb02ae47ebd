import {
  addDevice,
  createFaultSet,
  createProtectionDomain,
  createSds,
  createStoragePool,
  describeError,
  ensure,
  findByName,
  isGatewayUnavailable,
  listObjects,
  listRelated,
  type FaultSetId,
  type Operation,
  type Sds,
  type ScaleIOClient,
  type ScaleIOError,
  type StoragePoolId,
} from '@scaleio-framework/scaleio';
import { chain, left, right } from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { StorageObjects } from '@scaleio-framework/orchestrator';
import type { GatewayPort, StorageObjectsResult } from '../core/ports.js';

/**
 * The node's SDS: the one with its deterministic name, else the one already serving its IP — an
 * SDS installed before the framework (an existing system whose agents already run SDSs) is
 * adopted under its own name, never doubled (the MDM refuses a second SDS on one address).
 */
const sdsOfNode = (name: string, ip: string): Operation<Sds> => {
  const list = listObjects('Sds');
  return {
    request: list.request,
    parse: (body) =>
      pipe(
        list.parse(body),
        chain((all) => {
          const hit =
            all.find((x) => x.name === name) ?? all.find((x) => x.ipList.some((i) => i.ip === ip));
          return hit !== undefined
            ? right(hit)
            : left<ScaleIOError, Sds>({
                _tag: 'NotFound',
                httpStatus: 200,
                errorCode: 3,
                message: `no SDS named ${JSON.stringify(name)} or at ${ip}`,
              });
        }),
      ),
  };
};

/**
 * The MDM refused the device itself (not the call): a 400, or MDM return code 283
 * `INVALID_DEVICE_PATH` ("The path to the device is invalid…", ScaleIO 2.0 REST API error codes,
 * see ../shared/reference/scaleio-api.md), which the gateway returns with HTTP 500.
 */
const deviceRefused = (e: ScaleIOError): boolean =>
  e._tag === 'InvalidRequest' || (e._tag === 'Gateway' && e.errorCode === 283);

const fail = (what: string, e: ScaleIOError): StorageObjectsResult => ({
  ok: false,
  error: `${what}: ${describeError(e)}`,
  ...(isGatewayUnavailable(e) ? { unavailable: true } : {}),
});

/**
 * The `storage-objects` step through the gateway: protection domain, fault set, storage
 * pool(s), the node's SDS and its devices, each found by its deterministic name first and created
 * only when missing — so a retry or a restarted scheduler never makes a second one.
 */
export function gatewayPort(client: ScaleIOClient): GatewayPort {
  const run = client.run;
  return {
    async ensureStorageObjects(o: StorageObjects): Promise<StorageObjectsResult> {
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
        sdsOfNode(o.sdsName, o.sdsIp),
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
      const skipped: { path: string; reason: string }[] = [];
      for (const p of o.pools) {
        const poolId = pools.get(p.pool);
        if (poolId === undefined) continue;
        for (const path of p.devices) {
          if (have.has(path)) continue;
          const d = await run(addDevice({ path, sdsId: sds.right.id, storagePoolId: poolId }));
          // The MDM refusing a device (400: not a usable disk, say) skips that device and tells
          // why; the node's other devices and steps go on. Anything else fails the step.
          if (d._tag === 'Left' && deviceRefused(d.left)) {
            skipped.push({ path, reason: describeError(d.left) });
            continue;
          }
          if (d._tag === 'Left' && d.left._tag !== 'AlreadyExists')
            return fail(`device ${path} on ${o.sdsName}`, d.left);
          have.add(path);
        }
      }
      return skipped.length > 0 ? { ok: true, skipped } : { ok: true };
    },
  };
}

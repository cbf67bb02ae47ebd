/**
 * SDSs and their devices. A device must name a path that exists on the SDS's node and takes
 * that block device's size.
 */
import * as E from 'fp-ts/lib/Either.js';
import { badRequest, mdmError, rebuildRunning, type SimError } from '../errors.js';
import { poolCapacity } from './capacity.js';
import type { CreateDevice, CreateSds, SdsIpIn } from './inputs.js';
import { isRemoving, notifyDeviceUse, startRemoval } from './migration.js';
import { sample } from './components.js';
import { nodeOfSds } from './nodes.js';
import { poolRebuildKb } from './rebuild.js';
import type { Device, Model, Sds, SdsIp } from './types.js';

const flatIp = (i: SdsIpIn): SdsIp => {
  const x = 'SdsIp' in i ? i.SdsIp : i;
  return { ip: x.ip, role: x.role ?? 'all' };
};

const checkRoles = (ips: SdsIp[]): E.Either<SimError, SdsIp[]> => {
  if (ips.length === 0)
    return E.left(badRequest('Request message is not valid: sdsIpList must not be empty.'));
  if (ips.length === 1 && ips[0]?.role !== 'all')
    return E.left(badRequest('A single SDS IP must have the role all.'));
  const sds = ips.some((i) => i.role !== 'sdcOnly');
  const sdc = ips.some((i) => i.role !== 'sdsOnly');
  return sds && sdc
    ? E.right(ips)
    : E.left(badRequest('The SDS must have an IP for SDS traffic and one for SDC traffic.'));
};

/** Size of a block device as the SDS reports it: whole MiB, in KiB. */
export const deviceKb = (sizeBytes: number): number => Math.floor(sizeBytes / 1024 / 1024) * 1024;

interface DeviceSpec {
  path: string;
  poolId: string;
  name: string | null;
  limitKb: number | undefined;
}

const checkDevice = (
  m: Model,
  sds: Sds,
  others: Device[],
  d: DeviceSpec,
): E.Either<SimError, Device> => {
  const pool = m.pools.get(d.poolId);
  if (pool === undefined) return E.left(mdmError('STORAGE_POOL_NOT_FOUND'));
  if (pool.pdId !== sds.pdId) return E.left(mdmError('FD_AND_SP_MISMATCH'));
  const disk = nodeOfSds(m, sds)?.devices.find((x) => x.path === d.path);
  if (disk === undefined) return E.left(mdmError('INVALID_DEVICE_PATH'));
  if (d.name !== null && others.some((o) => o.name === d.name))
    return E.left(mdmError('DEV_NAME_ALREADY_EXISTS'));
  if (others.some((o) => o.path === d.path)) return E.left(mdmError('DEV_PATH_ALREADY_EXISTS'));
  const maxKb = deviceKb(disk.sizeBytes);
  const limitKb = d.limitKb === undefined ? maxKb : Math.min(maxKb, d.limitKb);
  return E.right({
    id: '',
    name: d.name,
    sdsId: sds.id,
    poolId: d.poolId,
    path: d.path,
    maxKb,
    limitKb,
  });
};

const devicesOf = (m: Model, sdsId: string): Device[] =>
  [...m.devices.values()].filter((d) => d.sdsId === sdsId);

/** Adds an SDS (and the devices listed with it, all or none). */
export const createSds = (m: Model, i: CreateSds): E.Either<SimError, Sds> => {
  if (!m.pds.has(i.protectionDomainId)) return E.left(mdmError('FD_NOT_FOUND'));
  const ips = checkRoles(i.sdsIpList.map(flatIp));
  if (E.isLeft(ips)) return ips;
  if (i.faultSetId !== undefined) {
    const fs = m.faultSets.get(i.faultSetId);
    if (fs === undefined) return E.left(mdmError('FAULT_SET_NOT_FOUND'));
    if (fs.pdId !== i.protectionDomainId) return E.left(mdmError('FD_AND_FS_MISMATCH'));
  }
  const port = i.sdsPort ?? 7072;
  const inUse = [...m.sdss.values()].some(
    (s) => s.port === port && s.ipList.some((x) => ips.right.some((y) => y.ip === x.ip)),
  );
  if (inUse) return E.left(mdmError('TGT_ADDR_AND_PORT_IN_USE'));
  const name = i.name ?? `SDS_[${ips.right[0]?.ip ?? ''}]`;
  if ([...m.sdss.values()].some((s) => s.name === name)) return E.left(mdmError('TGT_NAME_IN_USE'));
  const sds: Sds = {
    id: '',
    name,
    pdId: i.protectionDomainId,
    faultSetId: i.faultSetId ?? null,
    ipList: ips.right,
    port,
  };
  const devices: Device[] = [];
  for (const d of i.deviceInfoList ?? []) {
    const spec = {
      path: d.devicePath,
      poolId: d.storagePoolId,
      name: d.deviceName ?? null,
      limitKb: undefined,
    };
    const r = checkDevice(m, sds, devices, spec);
    if (E.isLeft(r)) return r;
    devices.push(r.right);
  }
  sds.id = m.ids('Sds');
  m.sdss.set(sds.id, sds);
  for (const d of devices) {
    d.id = m.ids('Device');
    d.sdsId = sds.id;
    m.devices.set(d.id, d);
  }
  return E.right(sds);
};

/** Renames an SDS (98 if the name is taken). */
export const renameSds = (m: Model, sds: Sds, name: string): E.Either<SimError, void> => {
  if ([...m.sdss.values()].some((s) => s.name === name && s.id !== sds.id))
    return E.left(mdmError('TGT_NAME_IN_USE'));
  sds.name = name;
  return E.right(undefined);
};

const poolStillHolds = (m: Model, removed: Set<string>, poolIds: Set<string>): boolean =>
  [...poolIds].every((poolId) => {
    const pool = m.pools.get(poolId);
    if (pool === undefined) return true;
    // A device already being removed holds nothing any more (migration.ts).
    const kept = [...m.devices.values()].filter(
      (d) => d.poolId === poolId && !removed.has(d.id) && !isRemoving(m, d.id),
    );
    const c = poolCapacity({ ...m, devices: new Map(kept.map((d) => [d.id, d])) }, pool);
    const usable = c.capacityLimitInKb - c.spareCapacityInKb;
    const allocated = c.thickCapacityInUseInKb + c.thinCapacityAllocatedInKb;
    return allocated <= usable && c.thickCapacityInUseInKb + 2 * pool.writtenKb <= usable;
  });

/**
 * A pool with volumes left on devices of fewer than three failure units (a fault set, or an SDS
 * without one) once `sdsId` is gone: 287 with fault sets, 144 without. "Storage Pools must
 * contain devices from at least three Fault Sets or SDSs (that are not associated with a Fault
 * Set)" (RC 287) and "Less than three devices from different SDSs are defined in this Storage
 * Pool" (RC 144): reference scaleio-api.md §2.6 and §7. A pool without volumes may shrink below
 * it: EMC's vagrant recovery script removes every SDS of a 3-SDS system after removing the
 * volumes (`scli --remove_sds` ×3; "For this to work, all volumes … should be removed") [I].
 */
const spreadProblem = (m: Model, sdsId: string, poolIds: Set<string>): SimError | undefined => {
  for (const poolId of poolIds) {
    if (![...m.volumes.values()].some((v) => v.poolId === poolId)) continue;
    const rest = [...m.devices.values()]
      .filter((d) => d.poolId === poolId && d.sdsId !== sdsId)
      .map((d) => m.sdss.get(d.sdsId))
      .filter((s): s is Sds => s !== undefined);
    const units = new Set(rest.map((s) => s.faultSetId ?? `sds:${s.id}`));
    if (units.size >= 3) continue;
    const faultSets = [...m.sdss.values()].some(
      (s) => s.pdId === m.pools.get(poolId)?.pdId && s.faultSetId !== null,
    );
    return mdmError(
      faultSets ? 'NOT_ENOUGH_FSS_IN_STORAGE_POOL' : 'NOT_ENOUGH_TGTS_IN_STORAGE_POOL',
    );
  }
  return undefined;
};

/**
 * Removes an SDS and its devices. Refused while a pool it serves is rebuilding a lost SDS's data
 * (`rebuild.ts`: its own, or another's), if a pool with volumes would keep devices on fewer than
 * three SDSs or fault sets (144/287), or if its pools could no longer hold their volumes (904).
 * An SDS that is down and rebuilt holds nothing any more: it goes at once, its devices with it.
 */
export const removeSds = (m: Model, sds: Sds): E.Either<SimError, void> => {
  const devs = devicesOf(m, sds.id);
  const poolIds = new Set(devs.map((d) => d.poolId));
  if ([...poolIds].some((id) => poolRebuildKb(m, id) > 0)) return E.left(rebuildRunning);
  const spread = spreadProblem(m, sds.id, poolIds);
  if (spread !== undefined) return E.left(spread);
  if (!poolStillHolds(m, new Set(devs.map((d) => d.id)), poolIds))
    return E.left(mdmError('TOO_MUCH_THIN_CAPACITY_FOR_REMOVAL'));
  const ip = nodeOfSds(m, sds)?.ip ?? sds.ipList[0]?.ip ?? null;
  for (const d of devs) {
    m.devices.delete(d.id);
    notifyDeviceUse(m, d, false);
  }
  m.sdss.delete(sds.id);
  sample(m, 'sds removed', ip);
  return E.right(undefined);
};

/** Adds a device to an SDS and a pool. */
export const createDevice = (m: Model, i: CreateDevice): E.Either<SimError, Device> => {
  const path = i.deviceCurrentPathname ?? i.deviceCurrentPathName;
  if (path === undefined)
    return E.left(
      badRequest(
        'Request message is not valid: The following parameter(s) must be part of the request body: deviceCurrentPathname.',
      ),
    );
  const sds = m.sdss.get(i.sdsId);
  if (sds === undefined) return E.left(mdmError('TGT_NOT_FOUND'));
  const spec = {
    path,
    poolId: i.storagePoolId,
    name: i.name ?? i.deviceName ?? null,
    limitKb: i.capacityLimitInKb,
  };
  const r = checkDevice(m, sds, devicesOf(m, sds.id), spec);
  if (E.isLeft(r)) return r;
  const d = { ...r.right, id: m.ids('Device') };
  m.devices.set(d.id, d);
  notifyDeviceUse(m, d, true);
  return E.right(d);
};

/**
 * Starts removing a device: its data migrates to the pool's other devices, then it is gone
 * (`migration.ts`). 136 for an SDS's last device (devices being removed do not count), 904 if the
 * rest of the pool could not hold its data. A device already being removed: no change [U].
 */
export const removeDevice = (m: Model, d: Device): E.Either<SimError, void> => {
  if (isRemoving(m, d.id)) return E.right(undefined);
  const staying = devicesOf(m, d.sdsId).filter((x) => x.id !== d.id && !isRemoving(m, x.id));
  if (staying.length === 0) return E.left(mdmError('NOT_ENOUGH_TGT_DEV'));
  if (!poolStillHolds(m, new Set([d.id]), new Set([d.poolId])))
    return E.left(mdmError('TOO_MUCH_THIN_CAPACITY_FOR_REMOVAL'));
  startRemoval(m, d);
  return E.right(undefined);
};

/** Renames a device (206 if another device of the SDS has the name). */
export const renameDevice = (m: Model, d: Device, name: string): E.Either<SimError, void> => {
  if (devicesOf(m, d.sdsId).some((o) => o.name === name && o.id !== d.id))
    return E.left(mdmError('DEV_NAME_ALREADY_EXISTS'));
  d.name = name;
  return E.right(undefined);
};

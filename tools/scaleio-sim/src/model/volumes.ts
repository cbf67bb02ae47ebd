/**
 * Volumes: create (8 GiB steps, thin or thick, capacity checked), map, unmap, resize, remove.
 */
import * as E from 'fp-ts/lib/Either.js';
import { badRequest, mdmError, type SimError } from '../errors.js';
import { ceilToStep, poolCapacity, ALLOCATION_STEP_KB } from './capacity.js';
import type { CreateVolume, MapSdc, SdcLimits, UnmapSdc } from './inputs.js';
import type { Model, Pool, Volume } from './types.js';

/** Longest volume name the MDM accepts. */
export const MAX_VOLUME_NAME = 31;

/** Failure units of a pool: fault sets, or SDSs without one, that hold devices in the pool. */
export const failureUnits = (m: Model, pool: Pool): { units: number; usesFaultSets: boolean } => {
  const units = new Set<string>();
  let usesFaultSets = false;
  for (const d of m.devices.values()) {
    if (d.poolId !== pool.id) continue;
    const sds = m.sdss.get(d.sdsId);
    if (sds === undefined) continue;
    if (sds.faultSetId !== null) usesFaultSets = true;
    units.add(sds.faultSetId ?? `sds:${sds.id}`);
  }
  return { units: units.size, usesFaultSets };
};

const checkRoom = (
  m: Model,
  pool: Pool,
  addKb: number,
  type: Volume['type'],
): E.Either<SimError, void> => {
  const f = failureUnits(m, pool);
  if (f.units < 3)
    return E.left(
      mdmError(
        f.usesFaultSets ? 'NOT_ENOUGH_FSS_IN_STORAGE_POOL' : 'NOT_ENOUGH_TGTS_IN_STORAGE_POOL',
      ),
    );
  const available = poolCapacity(m, pool).capacityAvailableForVolumeAllocationInKb;
  if (addKb > available)
    return E.left(
      mdmError(type === 'ThinProvisioned' ? 'TOO_MUCH_THIN_CAPACITY' : 'VOL_CREATE_FAIL'),
    );
  return E.right(undefined);
};

/** Creates a volume; the size is rounded up to 8 GiB. Default type is thick, as on the MDM. */
export const createVolume = (m: Model, i: CreateVolume): E.Either<SimError, Volume> => {
  const pool = m.pools.get(i.storagePoolId);
  if (pool === undefined) return E.left(mdmError('STORAGE_POOL_NOT_FOUND'));
  if (i.protectionDomainId !== undefined && i.protectionDomainId !== pool.pdId)
    return E.left(mdmError('FD_AND_SP_MISMATCH'));
  if (i.name !== undefined && i.name.length > MAX_VOLUME_NAME)
    return E.left(badRequest(`The volume name must be at most ${MAX_VOLUME_NAME} characters.`));
  if (i.name !== undefined && [...m.volumes.values()].some((v) => v.name === i.name))
    return E.left(mdmError('VOL_NAME_IN_USE'));
  if (!Number.isInteger(i.volumeSizeInKb) || i.volumeSizeInKb <= 0)
    return E.left(mdmError('VOL_SIZE_ILLEGAL'));
  const sizeKb = ceilToStep(i.volumeSizeInKb);
  const type = i.volumeType ?? 'ThickProvisioned';
  const room = checkRoom(m, pool, sizeKb, type);
  if (E.isLeft(room)) return room;
  const v: Volume = {
    id: m.ids('Volume'),
    name: i.name ?? null,
    poolId: pool.id,
    sizeKb,
    type,
    vtreeId: m.ids('VTree'),
    creationTimeS: Math.floor(m.clock() / 1000),
    mappings: [],
    useRmcache: i.useRmcache ?? false,
  };
  m.volumes.set(v.id, v);
  return E.right(v);
};

/** The SDC a (un)map names: 400 when it names none (and not all), 80 when there is no such SDC. */
const knownSdc = (m: Model, sdcId: string | undefined): E.Either<SimError, string> => {
  if (sdcId === undefined)
    return E.left(
      badRequest(
        'Request message is not valid: One of the parameter(s) must be part of the request body: sdcId, allSdcs',
      ),
    );
  return m.sdcs.has(sdcId) ? E.right(sdcId) : E.left(mdmError('INI_NOT_FOUND'));
};

/** Maps a volume to an SDC (81 already mapped there, 297 mapped elsewhere without multi-map). */
export const mapVolume = (m: Model, v: Volume, i: MapSdc): E.Either<SimError, void> => {
  if (i.allSdcs !== undefined) {
    for (const id of m.sdcs.keys())
      if (!v.mappings.some((x) => x.sdcId === id))
        v.mappings.push({ sdcId: id, limitIops: 0, limitBwInMbps: 0 });
    return E.right(undefined);
  }
  const sdcId = knownSdc(m, i.sdcId);
  if (E.isLeft(sdcId)) return sdcId;
  if (v.mappings.some((x) => x.sdcId === sdcId.right))
    return E.left(mdmError('VOL_ALREADY_MAPPED_TO_THIS_INI'));
  if (v.mappings.length > 0 && i.allowMultipleMappings !== true)
    return E.left(mdmError('NOT_ALLOWED_MORE_THAN_ONE_MAPPING'));
  v.mappings.push({ sdcId: sdcId.right, limitIops: 0, limitBwInMbps: 0 });
  return E.right(undefined);
};

/** Unmaps a volume from one SDC (84 if not mapped there) or from all. */
export const unmapVolume = (m: Model, v: Volume, i: UnmapSdc): E.Either<SimError, void> => {
  if (i.allSdcs !== undefined) {
    if (v.mappings.length === 0) return E.left(mdmError('VOL_NOT_MAPPED_TO_INI'));
    v.mappings = [];
    return E.right(undefined);
  }
  const sdcId = knownSdc(m, i.sdcId);
  if (E.isLeft(sdcId)) return sdcId;
  if (!v.mappings.some((x) => x.sdcId === sdcId.right))
    return E.left(mdmError('VOL_NOT_MAPPED_TO_INI'));
  v.mappings = v.mappings.filter((x) => x.sdcId !== sdcId.right);
  return E.right(undefined);
};

/** Sets the QoS limits of one mapping. */
export const setLimits = (m: Model, v: Volume, i: SdcLimits): E.Either<SimError, void> => {
  const mp = v.mappings.find((x) => x.sdcId === i.sdcId);
  if (!m.sdcs.has(i.sdcId)) return E.left(mdmError('INI_NOT_FOUND'));
  if (mp === undefined) return E.left(mdmError('VOL_NOT_MAPPED_TO_INI'));
  if (i.iopsLimit !== undefined) mp.limitIops = i.iopsLimit;
  if (i.bandwidthLimitInKbps !== undefined)
    mp.limitBwInMbps = Math.floor(i.bandwidthLimitInKbps / 1024);
  return E.right(undefined);
};

/** Grows a volume to `sizeInGB` (133 to shrink, 225 if not a multiple of 8). */
export const resizeVolume = (m: Model, v: Volume, sizeInGB: number): E.Either<SimError, void> => {
  const kb = sizeInGB * 1024 * 1024;
  if (!Number.isInteger(sizeInGB) || sizeInGB <= 0 || kb % ALLOCATION_STEP_KB !== 0)
    return E.left(mdmError('VOL_SIZE_ILLEGAL'));
  if (kb < v.sizeKb) return E.left(mdmError('VOL_DECREASE_NOT_SUPPORTED'));
  const pool = m.pools.get(v.poolId);
  if (pool === undefined) return E.left(mdmError('STORAGE_POOL_NOT_FOUND'));
  const room = checkRoom(m, pool, kb - v.sizeKb, v.type);
  if (E.isLeft(room)) return room;
  v.sizeKb = kb;
  return E.right(undefined);
};

/** Renames a volume (99 if taken). */
export const renameVolume = (m: Model, v: Volume, name: string): E.Either<SimError, void> => {
  if (name.length > MAX_VOLUME_NAME)
    return E.left(badRequest(`The volume name must be at most ${MAX_VOLUME_NAME} characters.`));
  if ([...m.volumes.values()].some((x) => x.name === name && x.id !== v.id))
    return E.left(mdmError('VOL_NAME_IN_USE'));
  v.name = name;
  return E.right(undefined);
};

/** Removes an unmapped volume (104 if mapped); its written data goes with it. */
export const removeVolume = (m: Model, v: Volume): E.Either<SimError, void> => {
  if (v.mappings.length > 0) return E.left(mdmError('VOL_MAPPED'));
  const pool = m.pools.get(v.poolId);
  if (pool !== undefined && v.type === 'ThinProvisioned') {
    const thinKb = [...m.volumes.values()]
      .filter((x) => x.poolId === v.poolId && x.type === 'ThinProvisioned')
      .reduce((s, x) => s + x.sizeKb, 0);
    pool.writtenKb -= Math.floor((pool.writtenKb * v.sizeKb) / thinKb);
  }
  m.volumes.delete(v.id);
  return E.right(undefined);
};

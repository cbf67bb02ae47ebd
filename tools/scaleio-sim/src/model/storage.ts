/**
 * Protection domains, storage pools and fault sets: create, rename, remove, with the MDM's rules.
 */
import * as E from 'fp-ts/lib/Either.js';
import { mdmError, type SimError } from '../errors.js';
import type { CreateFaultSet, CreatePd, CreatePool } from './inputs.js';
import type { FaultSet, Model, Pd, Pool } from './types.js';

const taken = (
  names: Iterable<{ name: string | null }>,
  name: string | undefined | null,
): boolean => name !== undefined && name !== null && [...names].some((x) => x.name === name);

/** Creates a protection domain (141 if the name is taken). */
export const createPd = (m: Model, i: CreatePd): E.Either<SimError, Pd> => {
  if (taken(m.pds.values(), i.name)) return E.left(mdmError('FD_NAME_IN_USE'));
  const pd: Pd = { id: m.ids('ProtectionDomain'), name: i.name ?? null, state: 'Active' };
  m.pds.set(pd.id, pd);
  return E.right(pd);
};

/** Renames a protection domain. */
export const renamePd = (m: Model, pd: Pd, name: string): E.Either<SimError, void> => {
  if (pd.name !== name && taken(m.pds.values(), name)) return E.left(mdmError('FD_NAME_IN_USE'));
  pd.name = name;
  return E.right(undefined);
};

/** Removes an empty protection domain (176 pools, 143 SDSs, 269 fault sets). */
export const removePd = (m: Model, pd: Pd): E.Either<SimError, void> => {
  if ([...m.pools.values()].some((p) => p.pdId === pd.id))
    return E.left(mdmError('FD_HAS_STORAGE_POOLS'));
  if ([...m.sdss.values()].some((s) => s.pdId === pd.id)) return E.left(mdmError('FD_HAS_TGTS'));
  if ([...m.faultSets.values()].some((f) => f.pdId === pd.id))
    return E.left(mdmError('FD_HAS_FAULT_SETS'));
  m.pds.delete(pd.id);
  return E.right(undefined);
};

/** Checks a spare percentage (316 outside 0-99). */
export const checkSpare = (n: number): E.Either<SimError, number> =>
  Number.isInteger(n) && n >= 0 && n <= 99
    ? E.right(n)
    : E.left(mdmError('INVALID_SPARE_PERCENTAGE'));

const poolsOf = (m: Model, pdId: string): Pool[] =>
  [...m.pools.values()].filter((p) => p.pdId === pdId);

/** Creates a storage pool in a protection domain (spare 10 % unless given). */
export const createPool = (m: Model, i: CreatePool): E.Either<SimError, Pool> => {
  if (!m.pds.has(i.protectionDomainId)) return E.left(mdmError('FD_NOT_FOUND'));
  if (taken(poolsOf(m, i.protectionDomainId), i.name))
    return E.left(mdmError('STORAGE_POOL_NAME_ALREADY_EXISTS'));
  const spare = checkSpare(i.sparePercentage ?? 10);
  if (E.isLeft(spare)) return spare;
  const pool: Pool = {
    id: m.ids('StoragePool'),
    name: i.name ?? null,
    pdId: i.protectionDomainId,
    sparePercentage: spare.right,
    zeroPaddingEnabled: i.zeroPaddingEnabled ?? false,
    useRmcache: i.useRmcache ?? false,
    useRfcache: i.useRfcache ?? false,
    rebuildEnabled: i.rebuildEnabled ?? true,
    rebalanceEnabled: i.rebalanceEnabled ?? true,
    capacityAlertHighThreshold: 80,
    capacityAlertCriticalThreshold: 90,
    writtenKb: 0,
  };
  m.pools.set(pool.id, pool);
  return E.right(pool);
};

/** Renames a storage pool. */
export const renamePool = (m: Model, p: Pool, name: string): E.Either<SimError, void> => {
  if (p.name !== name && taken(poolsOf(m, p.pdId), name))
    return E.left(mdmError('STORAGE_POOL_NAME_ALREADY_EXISTS'));
  p.name = name;
  return E.right(undefined);
};

/** Removes a storage pool without volumes (196) or devices (172). */
export const removePool = (m: Model, p: Pool): E.Either<SimError, void> => {
  if ([...m.volumes.values()].some((v) => v.poolId === p.id))
    return E.left(mdmError('STORAGE_POOL_HAS_VOLS'));
  if ([...m.devices.values()].some((d) => d.poolId === p.id))
    return E.left(mdmError('STORAGE_POOL_HAS_DEVS'));
  m.pools.delete(p.id);
  m.writers.splice(0, m.writers.length, ...m.writers.filter((w) => w.poolId !== p.id));
  return E.right(undefined);
};

/** Creates a fault set in a protection domain. */
export const createFaultSet = (m: Model, i: CreateFaultSet): E.Either<SimError, FaultSet> => {
  if (!m.pds.has(i.protectionDomainId)) return E.left(mdmError('FD_NOT_FOUND'));
  const same = [...m.faultSets.values()].filter((f) => f.pdId === i.protectionDomainId);
  if (taken(same, i.name)) return E.left(mdmError('FAULT_SET_NAME_ALREADY_EXISTS'));
  const fs: FaultSet = { id: m.ids('FaultSet'), name: i.name ?? null, pdId: i.protectionDomainId };
  m.faultSets.set(fs.id, fs);
  return E.right(fs);
};

/** Renames a fault set. */
export const renameFaultSet = (m: Model, f: FaultSet, name: string): E.Either<SimError, void> => {
  const same = [...m.faultSets.values()].filter((x) => x.pdId === f.pdId && x.id !== f.id);
  if (taken(same, name)) return E.left(mdmError('FAULT_SET_NAME_ALREADY_EXISTS'));
  f.name = name;
  return E.right(undefined);
};

/** Removes an empty fault set (268). */
export const removeFaultSet = (m: Model, f: FaultSet): E.Either<SimError, void> => {
  if ([...m.sdss.values()].some((s) => s.faultSetId === f.id))
    return E.left(mdmError('FAULT_SET_HAS_TGTS'));
  m.faultSets.delete(f.id);
  return E.right(undefined);
};

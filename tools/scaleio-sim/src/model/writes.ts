/**
 * Simulated writes: user data lands in a pool now, or at a rate on the injected clock.
 * Data is counted per pool (one net copy); the pool stores it twice. A pool cannot hold more
 * than its usable capacity, so writes past full are dropped, as a full pool drops them.
 */
import * as E from 'fp-ts/lib/Either.js';
import { adminError, type SimError } from '../errors.js';
import { poolCapacity, writableNetKb } from './capacity.js';
import { inMaintenance } from './components.js';
import { settleMigrations } from './migration.js';
import { settleRebuilds } from './rebuild.js';
import type { Model, Pool } from './types.js';

/** Input of {@link addWrites}. */
export interface WritesInput {
  storagePoolId: string;
  /** Bytes written now. */
  bytes?: number | undefined;
  /** From now on, bytes written per second of simulated time (0 stops it). */
  bytesPerSecond?: number | undefined;
}

const addNet = (m: Model, pool: Pool, kb: number): void => {
  const c = poolCapacity(m, pool);
  const room = writableNetKb(c.capacityLimitInKb, c.spareCapacityInKb, c.thickCapacityInUseInKb);
  pool.writtenKb = Math.min(room, pool.writtenKb + kb);
};

/** Brings every rate writer (and removal) up to the current time. Called before any read of the model. */
export const settleWrites = (m: Model): void => {
  // Device removals and rebalance move on the same clock (migration.ts), rebuilds too (rebuild.ts).
  settleMigrations(m);
  settleRebuilds(m, (sds) => inMaintenance(m, sds));
  const now = m.clock();
  for (const w of m.writers) {
    const pool = m.pools.get(w.poolId);
    if (now <= w.lastMs) continue;
    const bytes = (w.bytesPerSecond * (now - w.lastMs)) / 1000 + w.carryBytes;
    w.lastMs = now;
    const kb = Math.floor(bytes / 1024);
    w.carryBytes = bytes - kb * 1024;
    if (pool !== undefined && kb > 0) addNet(m, pool, kb);
  }
};

/** Adds written data now and/or sets the pool's write rate. */
export const addWrites = (
  m: Model,
  input: WritesInput,
): E.Either<SimError, { writtenKb: number }> => {
  const pool = m.pools.get(input.storagePoolId);
  if (pool === undefined) return E.left(adminError(404, `no storage pool ${input.storagePoolId}`));
  if ((input.bytes ?? 0) < 0 || (input.bytesPerSecond ?? 0) < 0)
    return E.left(adminError(400, 'bytes and bytesPerSecond must not be negative'));
  settleWrites(m);
  if (input.bytes !== undefined) addNet(m, pool, Math.floor(input.bytes / 1024));
  if (input.bytesPerSecond !== undefined) {
    const i = m.writers.findIndex((w) => w.poolId === pool.id);
    if (i >= 0) m.writers.splice(i, 1);
    if (input.bytesPerSecond > 0)
      m.writers.push({
        poolId: pool.id,
        bytesPerSecond: input.bytesPerSecond,
        lastMs: m.clock(),
        carryBytes: 0,
      });
  }
  return E.right({ writtenKb: pool.writtenKb });
};

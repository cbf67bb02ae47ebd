import type { RandomHex } from './clock.js';

/** Object types that carry 16-hex ids in the simulator. */
export type IdType =
  | 'ProtectionDomain'
  | 'StoragePool'
  | 'FaultSet'
  | 'Sds'
  | 'Device'
  | 'Volume'
  | 'VTree'
  | 'Sdc'
  | 'Mdm';

/** Mints ids shaped like the real ones: 8 hex that grow per object, then an 8-hex sequence number. */
export type IdGen = (type: IdType) => string;

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/**
 * Creates an id generator whose per-type prefixes come from `random`.
 * @param random - source of random hex
 */
export const createIdGen = (random: RandomHex): IdGen => {
  const bases = new Map<IdType, number>();
  const counters = new Map<IdType, number>();
  return (type) => {
    let base = bases.get(type);
    if (base === undefined) {
      base = parseInt(random(4), 16);
      bases.set(type, base);
    }
    const n = counters.get(type) ?? 0;
    counters.set(type, n + 1);
    return hex8(base + n) + hex8(n);
  };
};

/** True when `s` is a 16-digit lowercase or uppercase hex id. */
export const isHexId = (s: string): boolean => /^[0-9a-fA-F]{1,16}$/.test(s);

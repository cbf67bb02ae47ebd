import { randomBytes, randomUUID } from 'node:crypto';

/** A random RFC-4122 v4 UUID as text. */
export const uuidText = (): string => randomUUID();

/** A random v4 UUID as base64 of its 16 bytes, the form Mesos puts in `TaskStatus.uuid`. */
export const uuidBase64 = (): string => {
  const b = randomBytes(16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  return b.toString('base64');
};

/**
 * True when `s` is base64 of exactly 16 bytes forming an RFC-4122 UUID (version 1-5),
 * as stout's `UUID::fromBytes` requires.
 */
export const isUuidBase64 = (s: string): boolean => {
  if (!/^[A-Za-z0-9+/]{22}==$/.test(s)) return false;
  const b = Buffer.from(s, 'base64');
  if (b.length !== 16) return false;
  const version = (b[6] ?? 0) >> 4;
  return version >= 1 && version <= 5;
};

/** Stout duration text for milliseconds, the largest unit giving a whole number (`15mins`, `2secs`). */
export const stoutDuration = (ms: number): string => {
  const units: [number, string][] = [
    [604_800_000, 'weeks'],
    [86_400_000, 'days'],
    [3_600_000, 'hrs'],
    [60_000, 'mins'],
    [1000, 'secs'],
    [1, 'ms'],
  ];
  for (const [size, name] of units) if (ms !== 0 && ms % size === 0) return `${ms / size}${name}`;
  return ms === 0 ? '0ns' : `${Math.round(ms * 1e6)}ns`;
};

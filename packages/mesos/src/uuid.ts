/**
 * Status-update uuids as Mesos wants them on the wire: base64 of exactly 16 bytes forming an
 * RFC-4122 UUID (version nibble 1-5). Mesos rejects the base64 of the 36-character text form.
 *
 * @module
 */

/** Source of random bytes; injected so tests are deterministic. */
export type RandomBytes = (size: number) => Uint8Array;

/** A random (version 4) UUID as base64 of its 16 bytes. */
export const newUuidBase64 = (randomBytes: RandomBytes): string => {
  const bytes = Uint8Array.from(randomBytes(16).subarray(0, 16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return Buffer.from(bytes).toString('base64');
};

/** True when `value` is base64 of 16 bytes whose version nibble is 1-5, as Mesos validates. */
export const isValidUuidBase64 = (value: string): boolean => {
  if (!/^[A-Za-z0-9+/]{22}==$/.test(value)) return false;
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== 16) return false;
  const version = (bytes[6] ?? 0) >> 4;
  return version >= 1 && version <= 5;
};

/** The canonical text form (`8-4-4-4-12` hex) of a base64 uuid, for logs and ids. */
export const uuidText = (value: string): string => {
  const hex = Buffer.from(value, 'base64').toString('hex').padEnd(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

import * as t from 'io-ts';

/** Brand of {@link NodeId}. */
export interface NodeIdBrand {
  readonly CapacityNodeId: unique symbol;
}
/**
 * Codec of {@link NodeId}: the cloud's own id of a machine that runs an SDS (an EC2 instance id,
 * a GCE instance name, an Azure VM resource id). Non-empty, at most 255 characters.
 */
export const NodeId = t.brand(
  t.string,
  (s): s is t.Branded<string, NodeIdBrand> => s.length > 0 && s.length <= 255,
  'CapacityNodeId',
);
/** The cloud's id of a machine that runs an SDS. */
export type NodeId = t.TypeOf<typeof NodeId>;

/** Brand of {@link VolumeId}. */
export interface VolumeIdBrand {
  readonly CapacityVolumeId: unique symbol;
}
/** Codec of {@link VolumeId}: the cloud's id of a block volume (e.g. `vol-0123…`). Non-empty. */
export const VolumeId = t.brand(
  t.string,
  (s): s is t.Branded<string, VolumeIdBrand> => s.length > 0 && s.length <= 255,
  'CapacityVolumeId',
);
/** The cloud's id of a block volume. */
export type VolumeId = t.TypeOf<typeof VolumeId>;

/** The grammar shared by idempotency keys and cluster ids: safe as EC2 client token and GCE label. */
const labelSafe = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Brand of {@link IdempotencyKey}. */
export interface IdempotencyKeyBrand {
  readonly IdempotencyKey: unique symbol;
}
/**
 * Codec of {@link IdempotencyKey}: 1–63 characters of `[a-z0-9-]`, starting with a letter or
 * digit. That grammar is valid as an EC2 `ClientToken` (≤ 64 ASCII), a GCE label value and an
 * Azure tag value, so every provider can store it on the volume itself. Build one with
 * `deriveIdempotencyKey`.
 */
export const IdempotencyKey = t.brand(
  t.string,
  (s): s is t.Branded<string, IdempotencyKeyBrand> => labelSafe.test(s),
  'IdempotencyKey',
);
/** A deterministic name for one provisioning intent: a retry with the same key never duplicates. */
export type IdempotencyKey = t.TypeOf<typeof IdempotencyKey>;

/** Brand of {@link ClusterId}. */
export interface ClusterIdBrand {
  readonly ClusterId: unique symbol;
}
/** Codec of {@link ClusterId}: same grammar as {@link IdempotencyKey}. */
export const ClusterId = t.brand(
  t.string,
  (s): s is t.Branded<string, ClusterIdBrand> => labelSafe.test(s),
  'ClusterId',
);
/** The id of one ScaleIO cluster managed by this framework; every volume it owns is tagged with it. */
export type ClusterId = t.TypeOf<typeof ClusterId>;

/** Brand of {@link PositiveInt}. */
export interface PositiveIntBrand {
  readonly PositiveInt: unique symbol;
}
/** Codec of {@link PositiveInt}: an integer ≥ 1. */
export const PositiveInt = t.brand(
  t.number,
  (n): n is t.Branded<number, PositiveIntBrand> => Number.isSafeInteger(n) && n >= 1,
  'PositiveInt',
);
/** An integer ≥ 1 (sizes in GiB, counts). */
export type PositiveInt = t.TypeOf<typeof PositiveInt>;

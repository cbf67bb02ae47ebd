import * as t from 'io-ts';

/** A branded string codec named `name` (the brand's key) that accepts the strings `valid` accepts. */
const stringBrand =
  (valid: (s: string) => boolean) =>
  <B extends { readonly [K in keyof B]: symbol }>(name: keyof B & string) =>
    t.brand(t.string, (s): s is t.Branded<string, B> => valid(s), name);

/** A cloud's own id: non-empty, at most 255 characters. */
const cloudId = stringBrand((s) => s.length > 0 && s.length <= 255);

/**
 * The grammar shared by idempotency keys and cluster ids: 1–63 characters of `[a-z0-9-]`,
 * starting with a letter or digit. That is valid as an EC2 `ClientToken` (≤ 64 ASCII), a GCE
 * label value and an Azure tag value, so every provider can store it on the volume itself.
 */
const labelSafe = stringBrand((s) => /^[a-z0-9][a-z0-9-]{0,62}$/.test(s));

// The brands, then the codecs, then their types.

/** Brand of {@link NodeId}. */
export type NodeIdBrand = { readonly CapacityNodeId: unique symbol };
/** Brand of {@link VolumeId}. */
export type VolumeIdBrand = { readonly CapacityVolumeId: unique symbol };
/** Brand of {@link IdempotencyKey}. */
export type IdempotencyKeyBrand = { readonly IdempotencyKey: unique symbol };
/** Brand of {@link ClusterId}. */
export type ClusterIdBrand = { readonly ClusterId: unique symbol };

/**
 * Codec of {@link NodeId}: the cloud's own id of a machine that runs an SDS (an EC2 instance id,
 * a GCE instance name, an Azure VM resource id). Non-empty, at most 255 characters.
 */
export const NodeId = cloudId<NodeIdBrand>('CapacityNodeId');
/** Codec of {@link VolumeId}: the cloud's id of a block volume (e.g. `vol-0123…`). Non-empty. */
export const VolumeId = cloudId<VolumeIdBrand>('CapacityVolumeId');
/**
 * Codec of {@link IdempotencyKey}: the label-safe grammar (1–63 characters of `[a-z0-9-]`,
 * starting with a letter or digit), so every provider can store it on the volume itself. Build
 * one with `deriveIdempotencyKey`.
 */
export const IdempotencyKey = labelSafe<IdempotencyKeyBrand>('IdempotencyKey');
/** Codec of {@link ClusterId}: same grammar as {@link IdempotencyKey}. */
export const ClusterId = labelSafe<ClusterIdBrand>('ClusterId');

/** The cloud's id of a machine that runs an SDS. */
export type NodeId = t.TypeOf<typeof NodeId>;
/** The cloud's id of a block volume. */
export type VolumeId = t.TypeOf<typeof VolumeId>;
/** A deterministic name for one provisioning intent: a retry with the same key never duplicates. */
export type IdempotencyKey = t.TypeOf<typeof IdempotencyKey>;
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

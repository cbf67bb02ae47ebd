/**
 * The healer's effects as data, and what comes back of them. The core never performs anything:
 * it returns an {@link HealerEffect}; the shell performs it over its ports and hands the result
 * back as an {@link Observation} (entry effects), a list of {@link NodeAnswer}s (`describeNodes`)
 * or the owned volumes (`listOwned`).
 */
import {
  isRetryable,
  type Attachment,
  type IdempotencyKey,
  type NodeCapacity,
  type NodeId,
  type ProviderError,
  type ProviderErrorTag,
  type ProvisionRequest,
  type Volume,
  type VolumeId,
} from '@scaleio-framework/capacity';
import type { PoolRef } from './pools.js';

/** What the executor needs to find an attached volume inside the guest. */
export interface ResolveRequest {
  readonly volume: VolumeId;
  readonly sizeGiB: number;
  /** The name given to the cloud API (`/dev/sdf`); not necessarily the in-guest name. */
  readonly deviceName: string;
  /** Stable in-guest paths to look for, best first (NVMe serial path first). */
  readonly guestPaths: ReadonlyArray<string>;
}

/** One side effect on behalf of one ledger entry. */
export type EntryEffect =
  /** Create the volume in the node's zone (idempotent by `request.key`). */
  | { readonly _tag: 'provision'; readonly request: ProvisionRequest }
  /** Attach the volume to its node under a free device name. */
  | { readonly _tag: 'attach'; readonly volume: VolumeId; readonly node: NodeId }
  /** The executor probe: the in-guest path of the attached volume, checked new and empty. */
  | { readonly _tag: 'resolveDevice'; readonly node: NodeId; readonly request: ResolveRequest }
  /** Add the device at `path` to the node's SDS in `pool` (idempotent by path). */
  | {
      readonly _tag: 'addDevice';
      readonly node: NodeId;
      readonly pool: PoolRef;
      readonly path: string;
    }
  /** Look the entry's volume up by its idempotency key (its id was never stored). */
  | { readonly _tag: 'findByKey'; readonly key: IdempotencyKey }
  /** The volume's current state and attachment. */
  | { readonly _tag: 'describe'; readonly volume: VolumeId }
  | { readonly _tag: 'detach'; readonly volume: VolumeId; readonly node: NodeId }
  | { readonly _tag: 'delete'; readonly volume: VolumeId }
  /**
   * Shrink: remove the device from its SDS — ScaleIO migrates its data to the pool's other devices
   * (`removeDevice`, `scli --remove_sds_device`). Idempotent: a device already being removed, or
   * gone, is success.
   */
  | {
      readonly _tag: 'removeDevice';
      readonly node: NodeId;
      readonly pool: PoolRef;
      readonly deviceId: string;
      readonly path: string;
    }
  /** Shrink: is the device gone, and does the pool show moving or degraded capacity? */
  | { readonly _tag: 'checkDrain'; readonly pool: PoolRef; readonly deviceId: string };

/** Every effect the core asks for: an entry's, the nodes' attachment slots, or the owned volumes. */
export type HealerEffect =
  | EntryEffect
  /** Zone and attachment slots of the pool's nodes (only once the policy reaches placement). */
  | { readonly _tag: 'describeNodes'; readonly nodes: ReadonlyArray<NodeId> }
  /** Every live volume tagged as this cluster's (leak report). */
  | { readonly _tag: 'listOwned' }
  /** Shrink: the pool's devices with their SDS, node and fault set (only once a shrink is due). */
  | { readonly _tag: 'describePoolDevices'; readonly pool: PoolRef };

/** Why an effect failed: the capacity provider's own error, or a port's message and hints. */
export type EffectError =
  | { readonly _tag: 'provider'; readonly error: ProviderError }
  | {
      readonly _tag: 'port';
      readonly message: string;
      readonly retryable: boolean;
      /** Nothing was tried: the node cannot be reached yet (e.g. its agent not seen since a restart). */
      readonly notReady: boolean;
    };

/**
 * What the stage table reads for an entry: `due` (its stage's work has not started this round),
 * or what the last effect came back with.
 */
export type Observation =
  | { readonly _tag: 'due' }
  | { readonly _tag: 'provisioned'; readonly volume: Volume }
  | { readonly _tag: 'attached'; readonly attachment: Attachment }
  | { readonly _tag: 'resolved'; readonly path: string }
  | { readonly _tag: 'deviceAdded'; readonly deviceId: string }
  | { readonly _tag: 'found'; readonly volume: Volume | null }
  | { readonly _tag: 'described'; readonly volume: Volume }
  | { readonly _tag: 'detached'; readonly volume: VolumeId }
  | { readonly _tag: 'deleted'; readonly volume: VolumeId }
  /** The removal was accepted (or the device was already being removed, or gone). */
  | { readonly _tag: 'removalStarted'; readonly deviceGone: boolean }
  | { readonly _tag: 'drainChecked'; readonly drain: DrainState }
  | { readonly _tag: 'failed'; readonly effect: EntryEffect; readonly error: EffectError };

/** What a drain check found: the device still listed or not, and the pool's unsettled capacity. */
export interface DrainState {
  readonly deviceGone: boolean;
  /** Raw capacity still moving: migration (norm rebuild), rebalance, any rebuild (bytes). */
  readonly movingBytes: number;
  /** Raw capacity degraded, failed, unreachable or in maintenance (bytes). */
  readonly degradedBytes: number;
}

/** The tags of {@link Observation}. */
export type ObservationTag = Observation['_tag'];

/** The observation an entry starts each round with. */
export const due: Observation = { _tag: 'due' };

/** An entry effect failed with the provider's error. */
export const providerFailed = (effect: EntryEffect, error: ProviderError): Observation => ({
  _tag: 'failed',
  effect,
  error: { _tag: 'provider', error },
});

/** An entry effect failed at a gateway or executor port. */
export const portFailed = (
  effect: EntryEffect,
  message: string,
  retryable: boolean,
  notReady = false,
): Observation => ({
  _tag: 'failed',
  effect,
  error: { _tag: 'port', message, retryable, notReady },
});

/** One node's answer to `describeNodes`. */
export type NodeAnswer =
  | { readonly node: NodeId; readonly ok: true; readonly capacity: NodeCapacity }
  | { readonly node: NodeId; readonly ok: false; readonly error: ProviderError };

/** How a failed effect is named in an entry's `lastError` and `reason`. */
export const effectLabel: Readonly<Record<EntryEffect['_tag'], string>> = {
  provision: 'provision',
  attach: 'attach',
  resolveDevice: 'resolve',
  addDevice: 'add device',
  findByKey: 'rollback find',
  describe: 'rollback describe',
  detach: 'rollback detach',
  delete: 'rollback delete',
  removeDevice: 'remove device',
  checkDrain: 'drain check',
};

/** A provider error in one line: `<tag>: <message>`. */
export const describeProviderError = (e: ProviderError): string => `${e._tag}: ${e.message}`;

/** An effect error in one line. */
export const describeEffectError = (e: EffectError): string =>
  e._tag === 'provider' ? describeProviderError(e.error) : e.message;

/** Whether the same effect may succeed later without any change. */
export const isRetryableError = (e: EffectError): boolean =>
  e._tag === 'provider' ? isRetryable(e.error) : e.retryable;

/** Whether the effect's node could not be reached yet (nothing was tried). */
export const isNotReady = (e: EffectError): boolean => e._tag === 'port' && e.notReady;

/** Whether the effect failed with the provider error `tag`. */
export const failedWith = (e: EffectError, tag: ProviderErrorTag): boolean =>
  e._tag === 'provider' && e.error._tag === tag;

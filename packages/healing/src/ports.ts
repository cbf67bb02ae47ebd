/**
 * The narrow ports the healer needs. The app implements them (this folder ships the gateway and
 * state-store adapters); tests fake the rest. No port throws: every outcome is a value.
 */
import type { CapacityProvider, NodeId, VolumeId } from '@scaleio-framework/capacity';
import type { HealingEvent } from './events.js';
import type { HealingLedger } from './ledger.js';

/** The outcome of a port call: a value, or an error saying whether a later retry may succeed. */
export type Outcome<A> =
  | { readonly ok: true; readonly value: A }
  | { readonly ok: false; readonly error: string; readonly retryable: boolean };

/** A successful {@link Outcome}. */
export const success = <A>(value: A): Outcome<A> => ({ ok: true, value });
/** A failed {@link Outcome}. */
export const failure = <A>(error: string, retryable: boolean): Outcome<A> => ({
  ok: false,
  error,
  retryable,
});

/** A storage pool by its names and gateway ids. `key` (`pd/sp`) names it in the ledger. */
export interface PoolRef {
  /** `<protection domain name>/<pool name>`: stable across scheduler restarts. */
  readonly key: string;
  readonly id: string;
  readonly name: string;
  readonly protectionDomain: string;
  readonly protectionDomainId: string;
}

/** A cloud node that runs an SDS serving the pool. */
export interface PoolNode {
  readonly node: NodeId;
  readonly faultSet?: string;
}

/** One pool's figures from one statistics read. GiB are raw (both copies), as percent full uses. */
export interface PoolStat {
  readonly pool: PoolRef;
  /** Raw capacity holding data (`capacityInUseInKb`). */
  readonly usedGiB: number;
  /** Raw capacity that can hold data: `maxCapacityInKb − spareCapacityInKb`. */
  readonly capacityGiB: number;
  readonly percentFull: number;
  /** The nodes whose SDS has a device in the pool (those the app can map to a cloud node). */
  readonly nodes: ReadonlyArray<PoolNode>;
}

/** The gateway side: statistics of every pool in one call, and adding a device to an SDS. */
export interface StatsPort {
  /** Every pool of every protection domain, from ONE `querySelectedStatistics` call. */
  poolStats(): Promise<Outcome<ReadonlyArray<PoolStat>>>;
  /**
   * Adds the block device at `path` on `node` to the node's SDS, in `pool`. Idempotent by path:
   * a device already there with that path (in that pool) is success with its id.
   */
  addDeviceToSds(node: NodeId, pool: PoolRef, path: string): Promise<Outcome<{ deviceId: string }>>;
}

/** What the executor needs to find an attached volume inside the guest. */
export interface ResolveRequest {
  readonly volume: VolumeId;
  readonly sizeGiB: number;
  /** The name given to the cloud API (`/dev/sdf`); not necessarily the in-guest name. */
  readonly deviceName: string;
  /** Stable in-guest paths to look for, best first (NVMe serial path first). */
  readonly guestPaths: ReadonlyArray<string>;
}

/**
 * The answer of the device resolver. `retryable` defaults to true (the disk may not be visible
 * yet). `notReady`: nothing was tried because the node cannot be reached yet (e.g. a restarted
 * scheduler has not seen that agent's offers): the entry waits without using an attempt, for at
 * most {@link NOT_READY_GRACE_MS}.
 */
export type ResolveResult =
  | { readonly ok: true; readonly path: string }
  | {
      readonly ok: false;
      readonly error: string;
      readonly retryable?: boolean;
      readonly notReady?: boolean;
    };

/** How long a stage waits for a node that is not reachable yet before its attempts count. */
export const NOT_READY_GRACE_MS = 10 * 60_000;

/**
 * Maps an attached volume to its in-guest path on its node and checks it is the new, empty disk
 * (right size, no partitions, not in use). On the real system the app runs this as an executor
 * step task; the healer only awaits the answer.
 */
export interface DeviceResolverPort {
  resolve(node: NodeId, volume: ResolveRequest): Promise<ResolveResult>;
}

/** Where the ledger lives: read it, and read-modify-write it with compare-and-set. */
export interface LedgerStorePort {
  read(): Promise<Outcome<HealingLedger>>;
  /** Applies `f` to the current ledger and writes it with CAS (re-applied on conflict). */
  update(f: (current: HealingLedger) => HealingLedger): Promise<Outcome<HealingLedger>>;
}

/** Receives every event (to log it); the healer also keeps the recent ones for `status()`. */
export interface HealingEventSink {
  emit(event: HealingEvent): void;
}

/** Everything the healer talks to. */
export interface HealerPorts {
  readonly stats: StatsPort;
  readonly provider: CapacityProvider;
  readonly resolver: DeviceResolverPort;
  readonly ledger: LedgerStorePort;
  /** Epoch milliseconds. */
  readonly now: () => number;
  readonly events?: HealingEventSink;
}

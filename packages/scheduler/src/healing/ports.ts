/**
 * The narrow ports the healer's shell performs effects through. The app implements them (this
 * folder ships the gateway, state-store and executor adapters); tests fake the rest. No port
 * throws: every outcome is a value.
 */
import type { CapacityProvider, NodeId } from '@scaleio-framework/capacity';
import type {
  DrainState,
  HealerStatus,
  HealingEvent,
  HealingLedger,
  Outcome,
  PoolRef,
  PoolDevice,
  PoolStat,
  ResolveRequest,
} from '@scaleio-framework/healing';

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

/**
 * The answer of the device resolver. `retryable` defaults to true (the disk may not be visible
 * yet). `notReady`: nothing was tried because the node cannot be reached yet (e.g. a restarted
 * scheduler has not seen that agent's offers): the entry waits without using an attempt, for at
 * most `NOT_READY_GRACE_MS`.
 */
export type ResolveResult =
  | { readonly ok: true; readonly path: string }
  | {
      readonly ok: false;
      readonly error: string;
      readonly retryable?: boolean;
      readonly notReady?: boolean;
    };

/**
 * Maps an attached volume to its in-guest path on its node and checks it is the new, empty disk
 * (right size, no partitions, not in use). On the real system this is an executor probe task.
 */
export interface DeviceResolverPort {
  resolve(node: NodeId, volume: ResolveRequest): Promise<ResolveResult>;
}

/**
 * The gateway side of a shrink: the pool's devices, removing one device from its SDS (ScaleIO
 * migrates its data; idempotent: already removing or gone is success), and the drain's state.
 */
export interface DrainPort {
  poolDevices(pool: PoolRef): Promise<Outcome<ReadonlyArray<PoolDevice>>>;
  removeDevice(
    pool: PoolRef,
    deviceId: string,
    path: string,
  ): Promise<Outcome<{ deviceGone: boolean }>>;
  drainState(pool: PoolRef, deviceId: string): Promise<Outcome<DrainState>>;
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
  /** The gateway side of shrinking; without it no device is ever removed. */
  readonly drain?: DrainPort;
  /** Epoch milliseconds. */
  readonly now: () => number;
  readonly events?: HealingEventSink;
  /**
   * Called with the new status after every change of the healer's state — a round, an operator
   * action, a leak report — so that read models (status, metrics, history) are fed when the
   * observation happens, never when someone reads them.
   */
  readonly observe?: (status: HealerStatus) => void;
}

/**
 * What every operation of the GCE provider works with: the official `@google-cloud/compute`
 * clients (REST transport), the call wrapper (retries on an injected clock, errors as values), the
 * operation wait, and per-node caches.
 */
import { createRequire } from 'node:module';
import type { DisksClient } from '@google-cloud/compute/build/src/v1/disks_client.js';
import type { InstancesClient } from '@google-cloud/compute/build/src/v1/instances_client.js';
import type { MachineTypesClient } from '@google-cloud/compute/build/src/v1/machine_types_client.js';
import type { ZoneOperationsClient } from '@google-cloud/compute/build/src/v1/zone_operations_client.js';
import { right, type Either } from 'fp-ts/lib/Either.js';
import {
  pollBackingOff,
  providerError,
  realTiming,
  retryTransient,
  type Backoff,
  type ClusterId,
  type ProviderError,
  type ResourceKind,
  type Timing,
} from '@scaleio-framework/capacity';
import { clientOptionsOf, type GceVolumesConfig } from './config.js';
import { failureOf, fromFailure, fromOperationError, isTransient } from './errors.js';

/** Clock, sleep and jitter, injected so that waits are deterministic in tests (capacity's). */
export { realTiming, type Timing } from '@scaleio-framework/capacity';

/** Options of the GCE capacity provider. */
export interface GceProviderOptions extends GceVolumesConfig {
  readonly cluster: ClusterId;
  readonly timing?: Timing;
}

/** A provider operation's result. */
export type R<A> = Promise<Either<ProviderError, A>>;

/** The clients, sharing one auth (Application Default Credentials unless configured otherwise). */
export interface Clients {
  readonly disks: DisksClient;
  readonly instances: InstancesClient;
  readonly operations: ZoneOperationsClient;
  readonly machineTypes: MachineTypesClient;
}

/** The provider's working context. */
export interface GceContext {
  readonly cluster: ClusterId;
  readonly clients: Clients;
  readonly timing: Timing;
  /** The project: configured, else the credentials' (ADC: the metadata server's `project-id`). */
  readonly project: () => R<string>;
  /** One API call with retries of transient failures; a failure as the contract's error. */
  readonly call: <A>(what: string, kind: ResourceKind, id: string, f: () => Promise<A>) => R<A>;
  /** Polls a zonal operation until DONE (bounded); its `error` as the contract's error. */
  readonly waitOperation: (zone: string, name: string, id: string, timeoutMs: number) => R<void>;
  readonly operationTimeoutMs: number;
  /** Per-call options: a timeout, and the client's own retries off (ours run on {@link Timing}). */
  readonly callOptions: { readonly timeout: number; readonly retry: null };
  /** Instance name -> zone (instances never move). */
  readonly zones: Map<string, string>;
  /** `<zone>/<machine type>` -> maximumPersistentDisks. */
  readonly maxDisks: Map<string, number>;
}

/** Jittered exponential backoff of a retried call: 250 ms doubling to 8 s, ±20 %. */
const CALL_BACKOFF: Backoff = { initialMs: 250, factor: 2, maxMs: 8000, jitter: 0.2 };

/** Builds the context: clients from the documented endpoint options, and the defaults. */
export const gceContext = (opts: GceProviderOptions): GceContext => {
  const timing = opts.timing ?? realTiming;
  const base = clientOptionsOf(opts);
  // The four clients by their own modules (the package root also loads every other Compute client
  // and a 30 MB static protos module), loaded only when a GCE provider is built, so that a
  // scheduler on AWS never loads google-gax. (`createRequire(import.meta.url)(…)` is the form the
  // app's bundler turns into a bundled, lazily evaluated require.)
  const { DisksClient: Disks } = createRequire(import.meta.url)(
    '@google-cloud/compute/build/src/v1/disks_client.js',
  ) as {
    DisksClient: typeof DisksClient;
  };
  const { InstancesClient: Instances } = createRequire(import.meta.url)(
    '@google-cloud/compute/build/src/v1/instances_client.js',
  ) as { InstancesClient: typeof InstancesClient };
  const { MachineTypesClient: MachineTypes } = createRequire(import.meta.url)(
    '@google-cloud/compute/build/src/v1/machine_types_client.js',
  ) as { MachineTypesClient: typeof MachineTypesClient };
  const { ZoneOperationsClient: ZoneOperations } = createRequire(import.meta.url)(
    '@google-cloud/compute/build/src/v1/zone_operations_client.js',
  ) as { ZoneOperationsClient: typeof ZoneOperationsClient };
  const disks = new Disks(base);
  const shared = { ...base, auth: disks.auth };
  const clients: Clients = {
    disks,
    instances: new Instances(shared),
    operations: new ZoneOperations(shared),
    machineTypes: new MachineTypes(shared),
  };
  const attempts = opts.maxAttempts ?? 6;
  const callTimeoutMs = opts.callTimeoutMs ?? 30_000;
  const call = <A>(
    what: string,
    kind: ResourceKind,
    id: string,
    f: () => Promise<A>,
  ): Promise<Either<ProviderError, A>> =>
    retryTransient(
      f,
      {
        attempts,
        backoff: CALL_BACKOFF,
        failureOf,
        isTransient,
        errorOf: (failure) => {
          const pe = fromFailure(failure, kind, id);
          return { ...pe, message: `${what}: ${pe.message}` };
        },
      },
      timing,
    );
  let project: string | undefined = opts.project === '' ? undefined : opts.project;
  const ctx: GceContext = {
    cluster: opts.cluster,
    clients,
    timing,
    project: async () => {
      if (project !== undefined) return right(project);
      const r = await call('project id', 'node', 'project', () => disks.getProjectId());
      if (r._tag === 'Right') project = r.right;
      return r;
    },
    call,
    operationTimeoutMs: opts.operationTimeoutMs ?? 300_000,
    callOptions: { timeout: callTimeoutMs, retry: null },
    waitOperation: async (zone, name, id, timeoutMs) => {
      const p = await ctx.project();
      if (p._tag === 'Left') return p;
      // Polls at about 0.5, 1.25, 2.4 … s, at most every `pollMaxIntervalMs`.
      const backoff: Backoff = {
        initialMs: 500,
        factor: 1.5,
        maxMs: opts.pollMaxIntervalMs ?? 2000,
        jitter: 0.1,
      };
      return pollBackingOff(
        async () => {
          const r = await call('zoneOperations.get', 'volume', id, async () => {
            const [op] = await clients.operations.get(
              { project: p.right, zone, operation: name },
              ctx.callOptions,
            );
            return op;
          });
          if (r._tag === 'Left') return r;
          const op = r.right;
          if (op.status !== 'DONE')
            return right({ _tag: 'pending', state: String(op.status ?? '?') });
          const err = op.error?.errors?.[0];
          return right(
            err === undefined
              ? { _tag: 'done', value: undefined }
              : {
                  _tag: 'failed',
                  error: fromOperationError(err.code ?? 'UNKNOWN', err.message ?? '', id),
                },
          );
        },
        { timeoutMs, backoff },
        timing,
        (state) =>
          providerError.timeout(id, `operation ${name} not DONE within ${timeoutMs} ms (${state})`),
      );
    },
    zones: new Map(),
    maxDisks: new Map(),
  };
  return ctx;
};

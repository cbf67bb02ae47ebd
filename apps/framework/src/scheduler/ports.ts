import type {
  AgentFacts,
  AgentId,
  DeployState,
  StorageObjects,
} from '@scaleio-framework/orchestrator';
import type { ResolveDeviceSpec, StepSpec } from '@scaleio-framework/orchestrator';

/** The outcome of a port call: ok, or a message that contains no secret. */
export type PortResult = { readonly ok: true } | { readonly ok: false; readonly error: string };

/** A step task to launch: the scheduler core's view; the Mesos adapter builds the TaskInfo. */
export interface StepTask {
  readonly taskId: string;
  readonly agentId: AgentId;
  readonly name: string;
  /** JSON for `TaskInfo.data`: a deploy step or a probe. */
  readonly spec: StepSpec | ResolveDeviceSpec;
}

/** An offer, as the core sees it. */
export interface OfferInput {
  readonly offerId: string;
  readonly agent: AgentFacts;
}

/** A task status update, as the core sees it. */
export interface StatusInput {
  readonly taskId: string;
  readonly agentId: string | undefined;
  readonly state: string;
  readonly message: string | undefined;
  /** Decoded `TaskStatus.data`, when the executor sent any. */
  readonly data: unknown;
  /** Present when the update must be acknowledged. */
  readonly uuid: string | undefined;
}

/** The Mesos calls the core makes (owned here, implemented by the app's Mesos adapter). */
export interface MesosPort {
  launch(offerId: string, task: StepTask): Promise<PortResult>;
  decline(offerIds: readonly string[], refuseSeconds: number): Promise<PortResult>;
  suppress(): Promise<PortResult>;
  revive(): Promise<PortResult>;
  acknowledge(agentId: string, taskId: string, uuid: string): Promise<PortResult>;
  reconcile(tasks: readonly { taskId: string; agentId: string }[]): Promise<PortResult>;
}

/** The gateway work of the `storage-objects` step: find-or-create, idempotent. */
export interface GatewayPort {
  ensureStorageObjects(objects: StorageObjects): Promise<PortResult>;
}

/** Persistence of the deploy state (compare-and-set lives behind it). */
export interface DeployStore {
  load(): Promise<DeployState | undefined>;
  save(state: DeployState): Promise<PortResult>;
}

/** A structured logger; one line per decision with its reason. */
export interface Log {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

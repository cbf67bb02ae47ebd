/**
 * The channels the scheduler shell performs actions on, each a narrow port owned here: Mesos
 * calls, the gateway's storage objects, the deploy-state store, and the log.
 */
import type {
  AgentId,
  DeployState,
  DeployStepSpec,
  ResolveDeviceSpec,
  StorageObjects,
} from '@scaleio-framework/orchestrator';

/** The outcome of a port call: ok, or a message that contains no secret. */
export type PortResult = { readonly ok: true } | { readonly ok: false; readonly error: string };

/** A launch that did not happen; `offerUnused`: the offer was not accepted (it may be declined). */
export type LaunchResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: string; readonly offerUnused?: boolean };

/** A task to launch, as the Mesos channel receives it (the password added where the step uses it). */
export interface StepTask {
  readonly taskId: string;
  readonly agentId: AgentId;
  readonly name: string;
  /** JSON for `TaskInfo.data`: a deploy step or a probe. */
  readonly spec: DeployStepSpec | ResolveDeviceSpec;
}

/** The Mesos calls the scheduler makes. */
export interface MesosPort {
  launch(offerId: string, task: StepTask): Promise<LaunchResult>;
  decline(offerIds: readonly string[], refuseSeconds: number): Promise<PortResult>;
  suppress(): Promise<PortResult>;
  revive(): Promise<PortResult>;
  acknowledge(agentId: string, taskId: string, uuid: string): Promise<PortResult>;
  reconcile(tasks: readonly { taskId: string; agentId: string }[]): Promise<PortResult>;
  /** KILL of one task on its agent (a task that stayed TASK_STAGING past the launch timeout). */
  kill(agentId: string, taskId: string): Promise<PortResult>;
}

/** The `storage-objects` step's outcome: done, with the devices the MDM refused and why. */
export type StorageObjectsResult =
  | {
      readonly ok: true;
      readonly skipped?: readonly { readonly path: string; readonly reason: string }[];
    }
  | {
      readonly ok: false;
      readonly error: string;
      /** The gateway could not be used (down, failing, untrusted): the node waits for it. */
      readonly unavailable?: boolean;
    };

/** The gateway work of the `storage-objects` step: find-or-create, idempotent. */
export interface GatewayPort {
  ensureStorageObjects(objects: StorageObjects): Promise<StorageObjectsResult>;
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

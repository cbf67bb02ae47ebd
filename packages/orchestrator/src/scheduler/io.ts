/**
 * The scheduler core's vocabulary: observations in, actions out. Every handler of the shell
 * turns what happened into an {@link Observation}; `decide` returns {@link Action}s as data and
 * one executor per channel (Mesos, gateway, healing, log) performs them.
 */
import type { AgentFacts, AgentId } from '../agents.js';
import type { DeployStep } from '../plan.js';
import type { DeployState } from '../state.js';
import type { DeployStepResult, TaskData } from '../task-data.js';
import type { StorageObjects } from '../views.js';
import type { Probe, SchedulerModel } from './model.js';

/** An offer as the core sees it: its agent's facts and whether our executor runs there. */
export interface OfferInput {
  readonly offerId: string;
  readonly agent: AgentFacts;
  /** Whether the framework's executor already runs on the agent (absent: no). */
  readonly executorRunning?: boolean;
}

/** A task status update as the core sees it. */
export interface StatusInput {
  readonly taskId: string;
  readonly agentId: string | undefined;
  readonly state: string;
  readonly message: string | undefined;
  /** `TaskStatus.reason` (e.g. `REASON_CONTAINER_LIMITATION_MEMORY`), when Mesos gave one. */
  readonly reason?: string | undefined;
  /** Decoded `TaskStatus.data`, when the executor sent any. */
  readonly data: unknown;
  /** Present when the update must be acknowledged. */
  readonly uuid: string | undefined;
}

/** What happened. */
export type Observation =
  | { readonly _tag: 'subscribed' }
  | { readonly _tag: 'offers'; readonly offers: readonly OfferInput[] }
  | { readonly _tag: 'update'; readonly update: StatusInput }
  /** Timer: retries whose backoff ended, gateway work, offer interest. */
  | { readonly _tag: 'tick' }
  /** Timer: explicit reconciliation of the tasks we think are running. */
  | { readonly _tag: 'reconcileRunning' }
  /** Timer: implicit reconciliation (every task Mesos knows of ours). */
  | { readonly _tag: 'reconcileAll' }
  /** Timer: look for agents that joined while offers were suppressed. */
  | { readonly _tag: 'discover' }
  /** Operator: every failed step of the node back to pending. */
  | { readonly _tag: 'retryNode'; readonly agentId: AgentId }
  | { readonly _tag: 'probeRequested'; readonly probe: Probe }
  /** The requester stopped waiting: a probe still queued is dropped. */
  | { readonly _tag: 'probeCancelled'; readonly id: string }
  /** A launch action failed; `offerUnused`: the offer was not accepted and may be declined. */
  | {
      readonly _tag: 'launchFailed';
      readonly taskId: string;
      readonly offerId: string;
      readonly error: string;
      readonly offerUnused: boolean;
    }
  | {
      readonly _tag: 'gatewayStepDone';
      readonly agentId: AgentId;
      readonly step: DeployStep;
      readonly error: string | undefined;
      /**
       * The gateway could not be used (down, failing, or its certificate not the pinned one): the
       * node waits for it without using an attempt, and tries again after a capped backoff.
       */
      readonly gatewayUnavailable?: boolean;
      /** Devices the MDM refused (skipped, the step still done), with why. */
      readonly skipped?: readonly { readonly path: string; readonly reason: string }[];
    }
  /** A suppress or revive call failed: offers are as they were. */
  | { readonly _tag: 'offerInterestFailed'; readonly wanted: 'suppress' | 'revive' };

/** A task to launch: its data carries no secret; `secret` says the shell must add the password. */
export interface LaunchTask {
  readonly taskId: string;
  readonly agentId: AgentId;
  readonly name: string;
  readonly data: TaskData;
  readonly secret: boolean;
}

/** A line for the log (and the status events). */
export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** What to do, in order. */
export type Action =
  | { readonly _tag: 'launch'; readonly offerId: string; readonly task: LaunchTask }
  | {
      readonly _tag: 'decline';
      readonly offerIds: readonly string[];
      readonly refuseSeconds: number;
      readonly reason: string;
    }
  | {
      readonly _tag: 'acknowledge';
      readonly agentId: string;
      readonly taskId: string;
      readonly uuid: string;
    }
  | {
      readonly _tag: 'reconcile';
      readonly tasks: readonly { readonly taskId: string; readonly agentId: string }[];
    }
  /** KILL a task (one that stayed TASK_STAGING past the launch timeout). */
  | { readonly _tag: 'kill'; readonly taskId: string; readonly agentId: string }
  | { readonly _tag: 'suppress' }
  | { readonly _tag: 'revive' }
  | {
      readonly _tag: 'ensureStorageObjects';
      readonly agentId: AgentId;
      readonly step: DeployStep;
      readonly objects: StorageObjects;
    }
  | {
      readonly _tag: 'probeAnswered';
      readonly id: string;
      /** A device probe answers its `path`; an upgrade task its step `result` (path `''`). */
      readonly outcome:
        | { readonly ok: true; readonly path: string; readonly result?: DeployStepResult }
        | ProbeFailure;
    }
  | { readonly _tag: 'log'; readonly line: LogLine };

/** A probe that did not resolve its device. */
export interface ProbeFailure {
  readonly ok: false;
  readonly error: string;
}

/**
 * What `decide` returns. The shell saves `model.deploy` first when it differs from the previous
 * model's (the intent), then performs `actions`; when the save fails it keeps the previous model
 * and performs `onSaveFailure` instead (e.g. declines the offers it could not use).
 */
export interface Decision {
  readonly model: SchedulerModel;
  readonly actions: readonly Action[];
  readonly onSaveFailure: readonly Action[];
}

/** A log action. */
export const logLine = (
  level: LogLine['level'],
  msg: string,
  fields: Record<string, unknown> = {},
): Action => ({ _tag: 'log', line: { level, msg, fields } });

/** The deploy state a decision wants saved, or undefined when it did not change. */
export const toSave = (before: SchedulerModel, d: Decision): DeployState | undefined =>
  d.model.deploy === before.deploy ? undefined : d.model.deploy;

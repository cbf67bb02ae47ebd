/**
 * The types of a running node simulator (`startNodeSim`'s answer) and its parts.
 */
import type * as E from 'fp-ts/lib/Either.js';
import type { AttachmentEvent } from './attachments.js';
import type { DeviceUseSource, GuestHoldSink } from './guest.js';
import type { NodeSimError } from './errors.js';
import type { NodeHandle } from './node-handle.js';
import type { RepoRequest } from './repo/server.js';
import type { NodeConfig } from './spec.js';
import type { MemoryCgroups } from './tools/memory.js';
import type { DvdiIsolator } from './volumes/dvdi.js';

/** A source of ec2-sim attachment events (ec2-sim's in-process handle). */
export interface AttachmentSource {
  onAttachment(listener: (e: AttachmentEvent) => void): unknown;
}

/** What a Host needs to act on a node: its root and an environment whose PATH holds only the fake tools. */
export interface HostOptions {
  readonly root: string;
  readonly env: Readonly<Record<string, string>>;
  readonly path: string;
}

/** The repository's controls. */
export interface RepoControl {
  readonly url: string;
  /** Every file with its URL and sha256. */
  files(): { file: string; url: string; sha256: string; size: number }[];
  /** The URL of one file. */
  urlOf(file: string): string;
  /** The next `times` downloads of `file` answer 404 (default 1; `'always'` until cleared). */
  failNotFound(file: string, times?: number | 'always'): E.Either<NodeSimError, void>;
  /** The next `times` downloads of `file` serve bytes that do not match its sha256. */
  corrupt(file: string, times?: number | 'always'): E.Either<NodeSimError, void>;
  clearFaults(): void;
  requests(): readonly RepoRequest[];
}

/** A running node simulator. */
export interface NodeSim {
  readonly nodes: readonly NodeConfig[];
  readonly baseDir: string;
  /** Root of the loopback server (repository, tool calls, webhook, `GET /sim/nodes`). */
  readonly url: string;
  readonly repoUrl: string;
  readonly repo: RepoControl;
  /** POST an {@link AttachmentEvent} here (ec2-sim's `--attachment-webhook`). */
  readonly attachmentWebhookUrl: string;
  hostFor(nodeId: string): E.Either<NodeSimError, HostOptions>;
  /**
   * The mesos-module-dvdi isolator of a node's Mesos agent, for the agent to call around each
   * container: it mounts the `DVDI_VOLUME_*` volumes through the node's dvdcli and REX-Ray.
   */
  isolator(nodeId: string): E.Either<NodeSimError, DvdiIsolator>;
  node(nodeId: string): E.Either<NodeSimError, NodeHandle>;
  /** Applies an attachment event to the node with that instance id (and tells scaleio-sim if its SDS runs). */
  applyAttachment(e: AttachmentEvent): Promise<E.Either<NodeSimError, { changed: boolean }>>;
  /**
   * Charges every tool call from now on to the memory cgroup of the Mesos container it runs in
   * (mesos-sim's `sim.memory`): its modelled peak (`MEMORY_PEAKS`) while it runs; past the
   * container's limit the call is OOM-killed (exit 137, no effect) with its container.
   */
  chargeMemoryTo(cgroups: MemoryCgroups): void;
  /** Subscribes to ec2-sim's in-process hook (unsubscribed by `stop` when the hook returns an unsubscribe function). */
  subscribe(source: AttachmentSource): void;
  /**
   * Plays the guest's hold on attached volumes (`guest.ts`): a device an SDS uses (scaleio-sim's
   * `onDeviceUse`) is held in ec2-sim (`setGuestHold`) until the SDS drops it.
   */
  holdDevices(sds: DeviceUseSource, cloud: GuestHoldSink): void;
  stop(): Promise<void>;
}

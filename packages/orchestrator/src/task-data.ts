import * as t from 'io-ts';
import { DevicePolicyCodec } from '@scaleio-framework/installers';
import { DeployStep } from './plan.js';
import { Role } from './roles.js';

/** An MDM of the cluster, as the install steps need it. */
export const MdmMember = t.type({
  ip: t.string,
  name: t.string,
  role: t.keyof({ primary: null, secondary: null, tiebreaker: null }),
});
/** An MDM of the cluster. */
export type MdmMember = t.TypeOf<typeof MdmMember>;

/**
 * What a deploy step needs on its node: the one wire contract of `TaskInfo.data` for deploy
 * steps. The scheduler puts it, as JSON, in `TaskInfo.data`; the executor decodes it with this
 * codec. `TaskInfo.data` is not part of what the master shows (`Task` has no `data` field), which
 * is why the password may travel here and nowhere else (never in labels, environment or command
 * lines) — and only to the steps whose plan row says they use it ({@link DeployStepDef.secret}).
 */
export const DeployStepSpec = t.intersection([
  t.type({
    step: DeployStep,
    role: Role,
    agentId: t.string,
    hostname: t.string,
    ip: t.string,
    mode: t.keyof({ full: null, existing: null }),
    systemName: t.string,
    protectionDomain: t.string,
    storagePool: t.string,
    /** Every MDM, primary first. In existing mode: the configured addresses. */
    mdms: t.array(MdmMember),
    gatewayUrl: t.string,
    gatewayUser: t.string,
    packageRepoUrl: t.string,
    /** Versions to install; the files come from `packageRepoUrl`. */
    versions: t.type({ scaleio: t.string, rexray: t.string, dvdcli: t.string, dvdi: t.string }),
    /** Where the Mesos agent keeps its flags: `mesos-slave-dir` or `flags-file:<path>`. */
    agentFlags: t.string,
    /** The agent's service name (restarted by the last step). */
    agentService: t.string,
    /** Skip TLS verification between REX-Ray/gateway and the MDM (self-signed certificates). */
    insecureTls: t.boolean,
  }),
  t.partial({
    /** The ScaleIO admin password: present only for steps that use it. */
    password: t.string,
    /**
     * Which block devices the `sds` step may offer (allow/deny globs, minimum size in bytes);
     * absent: every free disk. A device outside it is reported and skipped, never fatal.
     */
    diskPolicy: DevicePolicyCodec,
    /**
     * The sha256 of every package file of the repository, by file name (the operator's
     * `--package-sha256-file`): a step that downloads a package checks it on the node before
     * installing. Carried by the steps that download packages only.
     */
    packageSha256: t.record(t.string, t.string),
    /** PEM CA bundle an https `packageRepoUrl` must chain to; absent: the node's system CAs. */
    packageRepoCa: t.string,
  }),
]);
/** Which disks an SDS may be given (allow/deny globs, minimum size in bytes). */
export type DiskPolicy = t.TypeOf<typeof DevicePolicyCodec>;

/** What a deploy step needs on its node. */
export type DeployStepSpec = t.TypeOf<typeof DeployStepSpec>;

/** What a finished deploy step reports back in `TaskStatus.data`. */
export const DeployStepResult = t.intersection([
  t.type({ step: DeployStep }),
  t.partial({
    /** Free block devices (the `sds` step). */
    devices: t.array(t.string),
    /** Devices the `sds` step left out, each with why (in use, or outside the disk policy). */
    rejected: t.array(t.type({ path: t.string, reason: t.string })),
    /** Versions found or installed, by component. */
    versions: t.record(t.string, t.string),
    /** Install steps of the node's plan that were applied (the rest were already done). */
    applied: t.array(t.string),
    /**
     * The `gateway` step: the certificate the node's gateway serves (read from its keystore with
     * keytool), PEM and SHA-256 fingerprint. Public; the scheduler pins it.
     */
    gatewayCertificate: t.type({ sha256: t.string, pem: t.string }),
  }),
]);
/** What a finished deploy step reports back. */
export type DeployStepResult = t.TypeOf<typeof DeployStepResult>;

/**
 * A probe the scheduler runs on a node outside the deploy plan: find the in-guest path of a
 * newly attached cloud volume and check it is the new, empty disk (capacity healing).
 */
export const ResolveDeviceSpec = t.type({
  kind: t.literal('resolve-device'),
  volumeId: t.string,
  sizeGiB: t.number,
  /** Candidate paths, best first (NVMe by-id link, Xen name, requested name). */
  guestPaths: t.array(t.string),
});
/** A device-resolution probe. */
export type ResolveDeviceSpec = t.TypeOf<typeof ResolveDeviceSpec>;

/** What a device-resolution probe reports in `TaskStatus.data`. */
export const ResolveDeviceResult = t.type({ kind: t.literal('resolve-device'), path: t.string });
/** What a device-resolution probe reports. */
export type ResolveDeviceResult = t.TypeOf<typeof ResolveDeviceResult>;

/** What may travel in `TaskInfo.data`: a deploy step or a device probe. */
export const TaskData = t.union([ResolveDeviceSpec, DeployStepSpec]);
/** What may travel in `TaskInfo.data`. */
export type TaskData = t.TypeOf<typeof TaskData>;

/**
 * Codecs of the state files a node root keeps under `sim/`. Tools and the in-process API share
 * them; every read decodes.
 */
import * as t from 'io-ts';
import { DeviceSpec } from '../spec.js';

/** One installed package. `version` is what `dpkg -s` prints, or rpm's `VERSION`. */
export const InstalledPackage = t.intersection([
  t.type({
    name: t.string,
    version: t.string,
    arch: t.string,
    source: t.keyof({ file: null, repo: null, preinstalled: null }),
    installedAt: t.string,
  }),
  t.partial({ release: t.string, component: t.string, kernels: t.array(t.string) }),
]);
/** One installed package. */
export type InstalledPackage = t.TypeOf<typeof InstalledPackage>;

/** `sim/packages.json`: installed packages by name. */
export const Packages = t.record(t.string, InstalledPackage);
/** Installed packages by name. */
export type Packages = t.TypeOf<typeof Packages>;

/** One service (a unit or job that some package installed). */
export const Service = t.type({
  enabled: t.boolean,
  active: t.boolean,
  starts: t.number,
  restarts: t.number,
});
/** One service. */
export type Service = t.TypeOf<typeof Service>;

/** `sim/services.json`: services by name (without `.service`). */
export const Services = t.record(t.string, Service);
/** Services by name. */
export type Services = t.TypeOf<typeof Services>;

/** `sim/devices.json`: the node's block devices. */
export const Devices = t.array(DeviceSpec);

/** An injected command failure. `remaining: null` fails every time until cleared. */
export const CommandFault = t.type({
  id: t.string,
  tool: t.string,
  /** Every one of these must appear among the arguments for the fault to fire. */
  argsInclude: t.array(t.string),
  remaining: t.union([t.number, t.null]),
  exitCode: t.number,
  stderr: t.string,
});
/** An injected command failure. */
export type CommandFault = t.TypeOf<typeof CommandFault>;

/** `sim/faults.json`. */
export const Faults = t.type({ commands: t.array(CommandFault) });
/** The node's injected faults. */
export type Faults = t.TypeOf<typeof Faults>;

/**
 * One line of `sim/calls.jsonl`: a fake tool invocation. Env values are never recorded.
 * `modelledMs`: the scaled real duration node-sim waited (`facts/durations.ts`), part of
 * `durationMs`; absent when it waited none.
 */
export const CallRecord = t.intersection([
  t.type({
    tool: t.string,
    argv: t.array(t.string),
    envKeys: t.array(t.string),
    cwd: t.string,
    startedAt: t.string,
    durationMs: t.number,
    exitCode: t.number,
    stdout: t.string,
    stderr: t.string,
    injectedFault: t.union([t.string, t.null]),
  }),
  t.partial({ modelledMs: t.number }),
]);
/** One recorded call. */
export type CallRecord = t.TypeOf<typeof CallRecord>;

/** `sim/scli-session.json`: whether scli is logged in on this node. */
export const ScliSession = t.type({ loggedIn: t.boolean, user: t.string });
/** The scli session. */
export type ScliSession = t.TypeOf<typeof ScliSession>;

/** A member of the simulated cluster, as `<clusterDir>/nodes.json` lists it. */
export const ClusterMember = t.type({
  id: t.string,
  ip: t.string,
  hostname: t.string,
  root: t.string,
});
/** A member of the simulated cluster. */
export type ClusterMember = t.TypeOf<typeof ClusterMember>;

/** `<clusterDir>/nodes.json`. */
export const ClusterMembers = t.array(ClusterMember);

/** `<clusterDir>/mdm.json`: what the MDM keeps that the gateway model does not (hashed password, MDM names). */
export const MdmShared = t.type({
  salt: t.string,
  passwordHash: t.string,
  mdmNames: t.record(t.string, t.string),
  installationId: t.string,
});
/** The shared MDM facts. */
export type MdmShared = t.TypeOf<typeof MdmShared>;

/** `sim/agent-loaded.json`: the isolators and module names the agent started with. */
export const AgentLoaded = t.type({ isolation: t.array(t.string), modules: t.array(t.string) });
/** What the agent loaded. */
export type AgentLoaded = t.TypeOf<typeof AgentLoaded>;

/** One external mount of mesos-module-dvdi, per container. */
export const DvdiMount = t.type({
  containerId: t.string,
  driver: t.string,
  name: t.string,
  mountpoint: t.string,
});
/** `sim/dvdi-mounts.json`. */
export const DvdiMounts = t.array(DvdiMount);
/** One external mount. */
export type DvdiMount = t.TypeOf<typeof DvdiMount>;

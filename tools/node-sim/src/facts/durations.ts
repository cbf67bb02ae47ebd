/**
 * How long each fake tool's real counterpart takes, so that a simulated deploy spends its time
 * where a real one does (package installs, service starts, the Mesos agent's restart, scli round
 * trips) rather than in the simulator's own work. node-sim waits the modelled duration times one
 * factor, its `timeScale` (`DEFAULT_TIME_SCALE` unless the caller asks for another), before the
 * tool acts and answers. Each row says where its number comes from; where no measurement is
 * public, the row says so and what node-sim assumes (`basis`). Durations are real seconds on a
 * real host with a nearby package mirror, before scaling.
 */
import type { NodeConfig } from '../spec.js';
import { packageComponents } from './package-files.js';

/** One modelled duration: real milliseconds the call takes, and where the number comes from. */
export interface DurationFact {
  readonly ms: number;
  readonly basis: string;
}

/**
 * The factor node-sim applies to every modelled duration unless told otherwise: 1/1000, so a
 * 20 s `apt-get install` waits 20 ms and the unit and e2e tests stay as fast as without the
 * model; `deploy-bench` runs with a larger one (its README row names it).
 */
export const DEFAULT_TIME_SCALE = 0.001;

/** Every modelled duration, by what runs. */
export const TOOL_DURATIONS = {
  repoInstall: {
    ms: 20_000,
    basis:
      'apt-get/yum/dnf install of a few prerequisite packages from a nearby mirror: metal3-io/metal3-dev-env#296 (cloud-init log) shows dnf resolving and downloading 3 packages (201 kB) in about 1 s of a longer transaction; metadata refresh and unpacking dominate; no public end-to-end figure for this set: node-sim assumes 20 s',
  },
  repoQuery: {
    ms: 1_000,
    basis:
      'apt-get/yum without an install (update of a local cache, list, check): reads the package cache; assumed 1 s',
  },
  packageFile: {
    ms: 3_000,
    basis:
      'dpkg -i / rpm -i of one local package file (LIA, SDS, REX-Ray, dvdcli, mesos-module-dvdi): unpack and run its scripts; no public measurement: node-sim assumes 3 s',
  },
  mdmPackage: {
    ms: 5_000,
    basis:
      'the MDM package: its post-install script creates the MDM configuration and starts the MDM service (ScaleIO 2.0 deployment guide, "Install the MDM"); no public measurement: node-sim assumes 5 s',
  },
  sdcPackage: {
    ms: 8_000,
    basis:
      'the SDC package: its scripts install and load the scini kernel module for the running kernel (rexray/rexray#545 install output; "Verifying scini.ko against current system kernel"); no public measurement: node-sim assumes 8 s',
  },
  gatewayPackage: {
    ms: 15_000,
    basis:
      'the gateway package: its scripts run keytool and start the gateway\'s Tomcat; a tuned Tomcat starts in about 8 s (gpickin.com, "How to get your Tomcat to pounce on startup": 164 s down to 8 s) plus the unpack and keytool: node-sim assumes 15 s',
  },
  packageQuery: {
    ms: 100,
    basis: 'dpkg -s, dpkg-query, rpm -q: read the package database; assumed 0.1 s',
  },
  serviceStart: {
    ms: 1_000,
    basis:
      'systemctl/service/initctl start or restart of a daemon: systemd counts a Type=simple service started once forked (systemd-analyze blame does not even list them: techcrazeonline.com systemd-analyze guide), a SysV script returns after its daemon forks; node-sim assumes 1 s with the stop of the old process',
  },
  mesosAgentRestart: {
    ms: 3_500,
    basis:
      "restart of the Mesos agent (mesos-slave) with a checkpointing executor on it: the executor hears the new agent about 0.3 s after the old one exited (d2iq-archive/dcos-commons#373 log: 'Agent exited' 01:25:56.754, 'Received reconnect request' 01:25:57.062), then the agent finishes recovery only when executor_reregistration_timeout (2 s by default) fires (slave.cpp `Slave::_recover`: 'We set recovered flag inside reregisterExecutorTimeout()'), then registers with the master after a random delay of up to registration_backoff_factor (1 s; slave.cpp `Slave::detected`); the executor's status update waits for all of it: node-sim assumes 3.5 s",
  },
  serviceQuery: {
    ms: 50,
    basis:
      'systemctl is-active/status, service status, initctl status: one IPC round trip; assumed 50 ms',
  },
  serviceEnable: {
    ms: 300,
    basis:
      'systemctl enable/disable, update-rc.d, chkconfig: write symlinks (systemctl also reloads the unit files); assumed 0.3 s',
  },
  scliQuery: {
    ms: 300,
    basis:
      "scli --query_*, --login: one TCP round trip to the MDM plus the client's start; no public measurement: node-sim assumes 0.3 s",
  },
  scliChange: {
    ms: 1_000,
    basis:
      'scli commands that change the system (--create_mdm_cluster, --add_standby_mdm, --switch_cluster_mode, --add_sds ...): the MDM commits them to its cluster; scaleio-framework PR #105 had to add a delay after such commands on RHEL; no public measurement: node-sim assumes 1 s',
  },
  keytool: {
    ms: 1_000,
    basis: 'keytool: a JVM start and one keystore operation; assumed 1 s',
  },
  dvdcli: {
    ms: 500,
    basis: 'dvdcli: one call to the REX-Ray daemon; assumed 0.5 s',
  },
  small: {
    ms: 10,
    basis:
      'lsblk, blkid, fdisk -l, uname, hostname, ldd, getconf, sha256sum, install, the loader: small C tools on local data; assumed 10 ms',
  },
} as const satisfies Record<string, DurationFact>;

/** The duration of installing the package file(s) named in `args`. */
const packageFile = (config: NodeConfig, args: readonly string[]): DurationFact => {
  switch (packageComponents(config, args)[0]) {
    case 'mdm':
      return TOOL_DURATIONS.mdmPackage;
    case 'sdc':
      return TOOL_DURATIONS.sdcPackage;
    case 'gateway':
      return TOOL_DURATIONS.gatewayPackage;
    default:
      return TOOL_DURATIONS.packageFile;
  }
};

const STARTS = new Set(['start', 'restart', 'try-restart', 'reload', 'force-reload', 'stop']);
const ENABLES = new Set(['enable', 'disable', 'defaults', 'remove', 'on', 'off']);
const AGENT = /^mesos-(slave|agent)(\.service)?$/;

/** A service client call: `verb` on `svc`. */
const serviceCall = (verb: string | undefined, svc: string | undefined): DurationFact =>
  verb !== undefined && STARTS.has(verb)
    ? svc !== undefined && AGENT.test(svc) && verb !== 'stop'
      ? TOOL_DURATIONS.mesosAgentRestart
      : TOOL_DURATIONS.serviceStart
    : verb !== undefined && ENABLES.has(verb)
      ? TOOL_DURATIONS.serviceEnable
      : TOOL_DURATIONS.serviceQuery;

/** The modelled real duration of one call of `tool` with `args` on the node `config`. */
export const toolDuration = (
  config: NodeConfig,
  tool: string,
  args: readonly string[],
): DurationFact => {
  const has = (...flags: string[]) => args.some((a) => flags.includes(a));
  const positional = args.filter((a) => !a.startsWith('-'));
  switch (tool) {
    case 'apt-get':
    case 'yum':
    case 'dnf':
      return positional[0] === 'install' || positional[0] === 'upgrade'
        ? TOOL_DURATIONS.repoInstall
        : TOOL_DURATIONS.repoQuery;
    case 'dpkg':
      return has('-i', '--install') ? packageFile(config, args) : TOOL_DURATIONS.packageQuery;
    case 'rpm':
      return args.some((a) => /^-(U|i|F)/.test(a) || a === '--install' || a === '--upgrade')
        ? packageFile(config, args)
        : TOOL_DURATIONS.packageQuery;
    case 'dpkg-query':
      return TOOL_DURATIONS.packageQuery;
    case 'systemctl':
      return serviceCall(positional[0], positional[1]);
    case 'service':
      return serviceCall(positional[1], positional[0]);
    case 'initctl':
      return serviceCall(positional[0], positional[1]);
    case 'update-rc.d':
      return serviceCall(positional[1], positional[0]);
    case 'chkconfig':
      return positional.length >= 2 ? TOOL_DURATIONS.serviceEnable : TOOL_DURATIONS.serviceQuery;
    case 'scli':
      return args.some((a) => /^--(query|login)/.test(a))
        ? TOOL_DURATIONS.scliQuery
        : TOOL_DURATIONS.scliChange;
    case 'keytool':
      return TOOL_DURATIONS.keytool;
    case 'dvdcli':
      return TOOL_DURATIONS.dvdcli;
    default:
      return TOOL_DURATIONS.small;
  }
};

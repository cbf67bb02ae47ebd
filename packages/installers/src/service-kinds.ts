/**
 * Which service manager runs each of our services on a platform. On systemd platforms every one
 * is a systemd unit (SysV scripts such as `/etc/init.d/scini` run through systemd's SysV
 * generator: "Stopping scini (via systemctl)", rexray/rexray#469). Ubuntu 14.04 runs upstart, but
 * not every service is an upstart job:
 * - `mdm`, `sds`, `lia` are upstart jobs: the original framework expects `mdm start/running` from
 *   their install (thecodeteam/scaleio-framework, `executor/pkgmgr/deb/ubuntu14/common.go`);
 * - `mesos-slave` is `/etc/init/mesos-slave.conf` (mesosphere/mesos-deb-packaging `build_mesos`,
 *   `init_scripts`: `ubuntu/*` gets upstart jobs);
 * - `scini` is `/etc/init.d/scini` (rexray/rexray#545: `/etc/init.d/scini start`; #386: the SDC
 *   package's `update-rc.d` and `service scini status`), `rexray` is `/etc/init.d/rexray` (the
 *   original edits it: `rexrayProcedural.go`), and the gateway is `service scaleio-gateway
 *   start` (REX-Ray 0.11.4 `.docs/user-guide/storage-providers/dellemc.md`): SysV scripts.
 */
import type { SupportedOs } from './os.js';
import type { InitSystem } from './platform.js';

/** The SysV-script services of the upstart platform (Ubuntu 14.04). */
const SYSV_ON_UPSTART: ReadonlySet<string> = new Set(['scini', 'rexray', 'scaleio-gateway']);

/**
 * The init system that controls `service` on `os`: its own init system, except the SysV scripts
 * of an upstart platform, which `service`/`update-rc.d` drive (`initctl` does not know them).
 */
export const initFor = (os: SupportedOs, service: string): InitSystem =>
  os.init === 'upstart' && SYSV_ON_UPSTART.has(service) ? 'sysvinit' : os.init;

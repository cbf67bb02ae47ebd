/**
 * Platform vocabulary shared by the host and the plans: package formats, package installers
 * and init systems. The detection from `/etc/os-release` lives in `./os.ts`.
 */

/** The low-level package format of a platform; `none` on Flatcar / Container Linux. */
export type PackageFormat = 'dpkg' | 'rpm' | 'none';

/** The repository front end: apt for dpkg, yum for rpm. */
export type PackageInstaller = 'apt' | 'yum' | 'none';

/** How services are controlled. */
export type InitSystem = 'systemd' | 'upstart' | 'sysvinit';

/** A service action. `status` succeeds when the service is running. */
export type ServiceAction = 'start' | 'stop' | 'restart' | 'enable' | 'status';

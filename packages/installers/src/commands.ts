/**
 * Pure builders of the exact command lines this package runs for packages and services. The
 * host runs them; the dry-run renderer prints them; node-sim's fake tools accept them.
 */
import type { InitSystem, PackageFormat, PackageInstaller, ServiceAction } from './platform.js';

/** A command line plus extra environment. */
export interface CommandSpec {
  readonly argv: readonly [string, ...string[]];
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * The query for an installed package's version: `dpkg -s <name>` (parse `Status:` and
 * `Version:`) or `rpm -q --queryformat '%{VERSION}-%{RELEASE}\n' <name>`. Both exit non-zero
 * when the package is not installed.
 */
export const packageQueryCommand = (format: 'dpkg' | 'rpm', name: string): CommandSpec =>
  format === 'dpkg'
    ? { argv: ['dpkg', '-s', name] }
    : { argv: ['rpm', '-q', '--queryformat', '%{VERSION}-%{RELEASE}\\n', name] };

/** Parses the output of {@link packageQueryCommand}; `undefined` when not installed. */
export const parsePackageQuery = (
  format: 'dpkg' | 'rpm',
  exitCode: number,
  stdout: string,
): string | undefined => {
  if (exitCode !== 0) return undefined;
  if (format === 'rpm') {
    const line = stdout.trim().split('\n')[0]?.trim() ?? '';
    return line === '' || /not installed/.test(line) ? undefined : line;
  }
  const status = /^Status:\s*(.*)$/m.exec(stdout)?.[1]?.trim();
  const version = /^Version:\s*(.*)$/m.exec(stdout)?.[1]?.trim();
  if (status !== undefined && !/\binstalled$/.test(status)) return undefined;
  if (status !== undefined && /not-installed|config-files/.test(status)) return undefined;
  return version === undefined || version === '' ? undefined : version;
};

/** Installs a package file: `dpkg -i <file>` or `rpm -Uvh <file>`. */
export const packageFileInstallCommand = (format: 'dpkg' | 'rpm', file: string): CommandSpec =>
  format === 'dpkg' ? { argv: ['dpkg', '-i', file] } : { argv: ['rpm', '-Uvh', file] };

/** Installs packages from the platform's repositories: `apt-get -y install …` or `yum -y install …`. */
export const repoInstallCommand = (
  installer: Exclude<PackageInstaller, 'none'>,
  names: readonly [string, ...string[]],
): CommandSpec =>
  installer === 'apt'
    ? { argv: ['apt-get', '-y', 'install', ...names], env: { DEBIAN_FRONTEND: 'noninteractive' } }
    : { argv: ['yum', '-y', 'install', ...names] };

/**
 * A service command.
 * - systemd: `systemctl <start|stop|restart|enable> <name>`, status `systemctl is-active <name>`.
 * - upstart: `initctl <start|stop|restart|status> <name>`; enabling is the job file itself, so
 *   `enable` is `initctl show-config <name>` (fails when there is no job).
 * - sysvinit: `service <name> <action>`; enable is `update-rc.d <name> defaults` on dpkg
 *   systems and `chkconfig <name> on` on rpm systems.
 */
export const serviceCommand = (
  init: InitSystem,
  action: ServiceAction,
  name: string,
  format: PackageFormat = 'dpkg',
): CommandSpec => {
  switch (init) {
    case 'systemd':
      return action === 'status'
        ? { argv: ['systemctl', 'is-active', name] }
        : { argv: ['systemctl', action, name] };
    case 'upstart':
      return action === 'enable'
        ? { argv: ['initctl', 'show-config', name] }
        : { argv: ['initctl', action, name] };
    case 'sysvinit':
      if (action === 'enable')
        return format === 'rpm'
          ? { argv: ['chkconfig', name, 'on'] }
          : { argv: ['update-rc.d', name, 'defaults'] };
      return { argv: ['service', name, action] };
  }
};

/**
 * Reads a status command's result: running or not. `initctl status` exits 0 for a stopped job
 * too, so its output (`start/running`) decides.
 */
export const isRunning = (init: InitSystem, exitCode: number, stdout: string): boolean =>
  init === 'upstart' ? exitCode === 0 && /start\/running/.test(stdout) : exitCode === 0;

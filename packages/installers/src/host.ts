/**
 * The `Host`: everything a plan may do to a node. Plans only talk to a Host, so the same plan runs
 * on a real machine ({@link ./local-host.ts}), on a node-sim root, or on a recording fake.
 *
 * A host is built from a small {@link HostCore} (commands, files, downloads) by {@link createHost},
 * which derives service control, package queries/installs and the block-device inventory from
 * the exact command lines in `./commands.ts` and `./devices.ts`.
 */
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import {
  isRunning,
  packageFileInstallCommand,
  packageQueryCommand,
  parsePackageQuery,
  repoInstallCommand,
  serviceCommand,
} from './commands.js';
import {
  BLKID_ARGV,
  LSBLK_ARGV,
  parseBlkid,
  parseLsblkPairs,
  type BlockInventory,
} from './devices.js';
import type { HostError } from './errors.js';
import type { InitSystem, PackageFormat, PackageInstaller, ServiceAction } from './platform.js';
import type { Secret, Text } from './secret.js';

/** One command-line argument: plain, or a secret revealed only to the process. */
export type Arg = string | Secret;

/** A command to run. Secrets in argv, env or stdin are revealed to the process only. */
export interface CommandRequest {
  readonly argv: readonly [string, ...Arg[]];
  /** Extra environment, merged over the host's base environment. */
  readonly env?: Readonly<Record<string, Text>>;
  readonly stdin?: Text;
  /** Kill the command after this long (default: the host's default timeout). */
  readonly timeoutMs?: number;
}

/** What a command did. Every text here has secrets redacted. */
export interface CommandResult {
  /** The command line as people may see it (`VAR=<secret:x> prog arg …`). */
  readonly commandLine: string;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

/** A file's metadata. */
export interface FileStat {
  readonly size: number;
  /** Permission bits, e.g. `0o600`. */
  readonly mode: number;
  readonly isDirectory: boolean;
}

/** A download into a file under the host root. */
export interface DownloadRequest {
  readonly url: string;
  /** Absolute path on the node. */
  readonly dest: string;
  /** Expected lowercase hex sha256; a mismatch is an error and nothing is written. */
  readonly sha256?: string;
  readonly mode?: number;
  /** Attempts in total (default: the host's). */
  readonly attempts?: number;
  /** PEM CA bundle an https URL's certificate must chain to (default: the system CAs). */
  readonly ca?: string;
}

/** The result of a download. */
export interface DownloadResult {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly attempts: number;
}

/** An event a host records, secrets redacted. */
export type HostEvent =
  | {
      readonly kind: 'command';
      readonly commandLine: string;
      readonly exitCode: number;
      readonly durationMs: number;
      readonly output: string;
    }
  | { readonly kind: 'write'; readonly path: string; readonly mode: number; readonly bytes: number }
  | { readonly kind: 'remove'; readonly path: string }
  | {
      readonly kind: 'download';
      readonly url: string;
      readonly path: string;
      readonly attempts: number;
      readonly ok: boolean;
      readonly message: string;
    };

/** Receives every {@link HostEvent}; already redacted. */
export type HostLogger = (event: HostEvent) => void;

/**
 * The primitive operations a host implementation provides. Paths are absolute paths on the node
 * (`/etc/rexray/config.yml`); the implementation maps them under its root.
 */
export interface HostCore {
  /** A short description, e.g. `local:/` or `fake:node1`. */
  readonly description: string;
  /** Runs a command; any exit status is a `Right`. `Left` only when it could not run or timed out. */
  run(req: CommandRequest): Promise<Either<HostError, CommandResult>>;
  /** The file's text, or `undefined` when it does not exist. */
  readFile(path: string): Promise<Either<HostError, string | undefined>>;
  /** Atomically replaces the file (temp file + rename in the same directory); creates parents. */
  writeFile(
    path: string,
    content: Text,
    opts?: { readonly mode?: number },
  ): Promise<Either<HostError, void>>;
  /** The file's metadata, or `undefined` when it does not exist. */
  stat(path: string): Promise<Either<HostError, FileStat | undefined>>;
  /** Removes a file; removing a missing file succeeds. */
  remove(path: string): Promise<Either<HostError, void>>;
  /** Names in a directory (sorted); a missing directory lists as empty. */
  list(dir: string): Promise<Either<HostError, readonly string[]>>;
  /** Downloads with retries and an optional sha256 check. */
  download(req: DownloadRequest): Promise<Either<HostError, DownloadResult>>;
}

/** A node as plans see it. */
export interface Host extends HostCore {
  /** True when the path exists. */
  exists(path: string): Promise<Either<HostError, boolean>>;
  /** Runs a service action; for `status`, `Right(true)` when running. Other actions: `Right(true)` or a `CommandFailed`. */
  service(
    init: InitSystem,
    action: ServiceAction,
    name: string,
    format?: PackageFormat,
  ): Promise<Either<HostError, boolean>>;
  /** The installed version of a package, or `undefined` when it is not installed. */
  packageVersion(
    format: 'dpkg' | 'rpm',
    name: string,
  ): Promise<Either<HostError, string | undefined>>;
  /** Installs a package file (`dpkg -i` / `rpm -Uvh`) with extra environment (e.g. `MDM_IP`). */
  installPackageFile(
    format: 'dpkg' | 'rpm',
    file: string,
    env?: Readonly<Record<string, Text>>,
  ): Promise<Either<HostError, CommandResult>>;
  /** Installs packages from the platform repositories. */
  installPackages(
    installer: Exclude<PackageInstaller, 'none'>,
    names: readonly [string, ...string[]],
  ): Promise<Either<HostError, CommandResult>>;
  /** The lsblk tree and blkid signatures. */
  blockDevices(): Promise<Either<HostError, BlockInventory>>;
}

/** Turns a non-zero exit into a `CommandFailed` error. */
export const requireSuccess = (
  r: Either<HostError, CommandResult>,
  accept: readonly number[] = [0],
): Either<HostError, CommandResult> => {
  if (isLeft(r) || accept.includes(r.right.exitCode)) return r;
  const out = (r.right.stderr.trim() !== '' ? r.right.stderr : r.right.stdout)
    .trim()
    .split('\n')
    .slice(-5)
    .join('\n');
  return left({
    _tag: 'CommandFailed',
    commandLine: r.right.commandLine,
    exitCode: r.right.exitCode,
    output: out,
    message: `\`${r.right.commandLine}\` exited with ${r.right.exitCode}${out === '' ? '' : `: ${out}`}`,
  });
};

/** Derives a full {@link Host} from a {@link HostCore}. */
export const createHost = (core: HostCore): Host => {
  const run = (req: CommandRequest) => core.run(req);
  return {
    description: core.description,
    run,
    readFile: (p) => core.readFile(p),
    writeFile: (p, c, o) => core.writeFile(p, c, o),
    stat: (p) => core.stat(p),
    remove: (p) => core.remove(p),
    list: (d) => core.list(d),
    download: (r) => core.download(r),
    exists: async (p) => {
      const s = await core.stat(p);
      return isLeft(s) ? s : right(s.right !== undefined);
    },
    service: async (init, action, name, format) => {
      const cmd = serviceCommand(init, action, name, format);
      const r = await run(
        cmd.env === undefined ? { argv: cmd.argv } : { argv: cmd.argv, env: cmd.env },
      );
      if (isLeft(r)) return r;
      if (action === 'status') return right(isRunning(init, r.right.exitCode, r.right.stdout));
      const ok = requireSuccess(r);
      return isLeft(ok) ? ok : right(true);
    },
    packageVersion: async (format, name) => {
      const r = await run({ argv: packageQueryCommand(format, name).argv });
      return isLeft(r) ? r : right(parsePackageQuery(format, r.right.exitCode, r.right.stdout));
    },
    installPackageFile: async (format, file, env) =>
      requireSuccess(
        await run(
          env === undefined
            ? { argv: packageFileInstallCommand(format, file).argv }
            : { argv: packageFileInstallCommand(format, file).argv, env },
        ),
      ),
    installPackages: async (installer, names) => {
      const cmd = repoInstallCommand(installer, names);
      return requireSuccess(
        await run(cmd.env === undefined ? { argv: cmd.argv } : { argv: cmd.argv, env: cmd.env }),
      );
    },
    blockDevices: async () => {
      const ls = requireSuccess(await run({ argv: [...LSBLK_ARGV] }));
      if (isLeft(ls)) return ls;
      const devices = parseLsblkPairs(ls.right.stdout);
      if (isLeft(devices)) return devices;
      // blkid exits 2 when no device carries a signature.
      const bl = requireSuccess(await run({ argv: [...BLKID_ARGV] }), [0, 2]);
      if (isLeft(bl)) return bl;
      return right({ devices: devices.right, signatures: parseBlkid(bl.right.stdout) });
    },
  };
};

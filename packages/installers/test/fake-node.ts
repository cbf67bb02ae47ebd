/**
 * A recording, in-memory fake node for unit tests: files, packages, services, an `scli` with an
 * MDM cluster, lsblk/blkid, a package repository, and injectable faults. It implements
 * `HostCore`; `createHost` derives the rest, exactly as for the real host.
 */
import { createHash } from 'node:crypto';
import { left, right } from 'fp-ts/lib/Either.js';
import {
  createHost,
  isSecret,
  revealText,
  showCommandLine,
  type CommandRequest,
  type Host,
  type HostCore,
  type HostError,
} from '../src/index.js';

/** A package file served by the fake repository. */
export interface RepoFile {
  readonly name: string;
  readonly version: string;
}

/** A fault: the next `times` commands (or `download <url>`) matching `match` fail. */
export interface Fault {
  readonly match: RegExp;
  times: number;
  readonly exitCode?: number;
  readonly stderr?: string;
}

interface Member {
  name: string;
  ip: string;
  role: 'manager' | 'tb';
  state: 'standby' | 'active';
}

/** Options of {@link fakeNode}. */
export interface FakeNodeOptions {
  readonly osRelease?: string;
  readonly repo?: Readonly<Record<string, RepoFile>>;
  readonly files?: Readonly<Record<string, string>>;
  /** `lsblk -P` output. */
  readonly lsblk?: string;
  /** `uname -r` (default 4.4.0-38-generic, a kernel the Ubuntu 14.04 SDC covers). */
  readonly kernel?: string;
  readonly blkid?: string;
  readonly services?: readonly string[];
}

/** Services each package provides; the install starts them (as the real packages do), except rexray. */
const PROVIDES: Record<string, string> = {
  mdm: 'mdm',
  sds: 'sds',
  sdc: 'scini',
  lia: 'lia',
  gateway: 'scaleio-gateway',
  rexray: 'rexray',
};

/** Builds a fake node. */
export const fakeNode = (opts: FakeNodeOptions = {}) => {
  const files = new Map<string, { content: string; mode: number }>();
  for (const [p, c] of Object.entries(opts.files ?? {})) files.set(p, { content: c, mode: 0o644 });
  if (opts.osRelease !== undefined)
    files.set('/etc/os-release', { content: opts.osRelease, mode: 0o644 });
  const packages = new Map<string, string>();
  const known = new Set<string>(opts.services ?? ['mesos-slave']);
  const running = new Set<string>(opts.services ?? ['mesos-slave']);
  const calls: string[] = [];
  const faults: Fault[] = [];
  const restarts: string[] = [];
  let cluster:
    | { master: Member; members: Member[]; mode: number; name?: string; password: string }
    | undefined;
  let loggedIn = false;

  const fault = (line: string): Fault | undefined => {
    const f = faults.find((x) => x.times > 0 && x.match.test(line));
    if (f !== undefined) f.times--;
    return f;
  };
  const res = (exitCode: number, stdout = '', stderr = '') => ({ exitCode, stdout, stderr });

  const installFile = (path: string, env: Record<string, string>) => {
    const f = files.get(path);
    if (f === undefined)
      return res(1, '', `dpkg: error: cannot access archive '${path}': No such file or directory`);
    const pkg = JSON.parse(f.content) as RepoFile;
    packages.set(pkg.name, pkg.version);
    const part = /(mdm|sds|sdc|lia|gateway|rexray)$/i.exec(pkg.name)?.[1]?.toLowerCase();
    const svc = part === undefined ? undefined : PROVIDES[part];
    if (svc !== undefined) {
      known.add(svc);
      if (svc !== 'rexray') running.add(svc);
    }
    if (part === 'mdm')
      files.set('/opt/emc/scaleio/mdm/cfg/conf.txt', {
        content: `actor_role_is_manager=${env['MDM_ROLE_IS_MANAGER'] ?? ''}\n`,
        mode: 0o644,
      });
    if (part === 'gateway')
      files.set('/opt/emc/scaleio/gateway/webapps/ROOT/WEB-INF/classes/gatewayUser.properties', {
        content: `mdm.ip.addresses=\nsecurity.bypass_certificate_check=false\nadmin.password=${env['GATEWAY_ADMIN_PASSWORD'] === undefined ? '' : 'hashed'}\n`,
        mode: 0o644,
      });
    if (part === 'rexray')
      files.set('/etc/init.d/rexray', {
        content: '#!/bin/sh\ncase "$1" in\n  start)\n    /usr/bin/rexray start\n    ;;\nesac\n',
        mode: 0o755,
      });
    return res(0, `Setting up ${pkg.name} (${pkg.version}) ...`);
  };

  const queryCluster = (): string => {
    if (cluster === undefined) return '';
    const c = cluster;
    const member = (m: Member) =>
      `\tName: ${m.name}, ID: 0x${createHash('sha1').update(m.name).digest('hex').slice(0, 16)}\n\t\tIPs: ${m.ip}, Management IPs: ${m.ip}, Port: 9011\n`;
    const section = (title: string, ms: Member[]) =>
      ms.length === 0 ? '' : `${title}:\n${ms.map(member).join('')}`;
    return (
      `Cluster:\n\t${c.name === undefined ? '' : `Name: ${c.name}, `}ID: 5f1c0e7a, Mode: ${c.mode}_node, State: Normal\n` +
      `Master MDM:\n${member(c.master)}` +
      section(
        'Slave MDMs',
        c.members.filter((m) => m.state === 'active' && m.role === 'manager'),
      ) +
      section(
        'Tie-Breakers',
        c.members.filter((m) => m.state === 'active' && m.role === 'tb'),
      ) +
      section(
        'Standby MDMs',
        c.members.filter((m) => m.state === 'standby'),
      )
    );
  };

  const opt = (argv: readonly string[], name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i < 0 ? undefined : argv[i + 1];
  };

  const scli = (argv: readonly string[]) => {
    if (argv.includes('--query_cluster'))
      return cluster === undefined
        ? res(7, '', 'Error: MDM failed command.  Status: MDM is not clustered')
        : res(0, queryCluster());
    if (argv.includes('--create_mdm_cluster')) {
      if (cluster !== undefined)
        return res(1, '', 'Error: MDM failed command. Status: Already in a cluster');
      cluster = {
        master: {
          name: opt(argv, '--master_mdm_name') ?? 'mdm',
          ip: opt(argv, '--master_mdm_ip') ?? '',
          role: 'manager',
          state: 'active',
        },
        members: [],
        mode: 1,
        password: 'admin',
      };
      return res(0, 'Successfully created the MDM Cluster. Master MDM ID: 0x1');
    }
    if (cluster === undefined)
      return res(7, '', 'Error: MDM failed command.  Status: Could not connect to MDM');
    if (argv.includes('--login')) {
      // The real scli takes the password as an argument (it would prompt on a terminal).
      if (opt(argv, '--password') !== cluster.password)
        return res(1, '', 'Error: MDM failed command.  Status: Invalid username or password');
      loggedIn = true;
      return res(0, 'Logged in. User role is SuperUser. System ID is 5f1c0e7a');
    }
    if (!loggedIn) return res(1, '', 'Error: MDM failed command.  Status: Not logged in');
    if (argv.includes('--set_password')) {
      if (opt(argv, '--old_password') !== cluster.password)
        return res(1, '', 'Error: wrong old password');
      cluster.password = opt(argv, '--new_password') ?? '';
      loggedIn = false;
      return res(0, 'Password changed successfully');
    }
    if (argv.includes('--add_standby_mdm')) {
      const ip = opt(argv, '--new_mdm_ip') ?? '';
      if ([cluster.master, ...cluster.members].some((m) => m.ip === ip))
        return res(1, '', 'Error: MDM failed command. Status: IP already in use');
      cluster.members.push({
        name: opt(argv, '--new_mdm_name') ?? ip,
        ip,
        role: opt(argv, '--mdm_role') === 'tb' ? 'tb' : 'manager',
        state: 'standby',
      });
      return res(0, 'Successfully added a standby MDM. Object ID 0x2');
    }
    if (argv.includes('--switch_cluster_mode')) {
      const names = [
        ...(opt(argv, '--add_slave_mdm_name') ?? '').split(','),
        ...(opt(argv, '--add_tb_name') ?? '').split(','),
      ];
      for (const m of cluster.members) if (names.includes(m.name)) m.state = 'active';
      cluster.mode = Number((opt(argv, '--cluster_mode') ?? '1_node')[0]);
      return res(0, 'Successfully switched the cluster mode.');
    }
    if (argv.includes('--rename_system')) {
      cluster.name = opt(argv, '--new_name') ?? '';
      return res(0, `Successfully renamed system to ${cluster.name}`);
    }
    return res(2, '', `scli: unknown command ${argv.join(' ')}`);
  };

  const service = (action: string, name: string, upstart = false) => {
    if (upstart && action === 'start' && running.has(name))
      return res(1, '', `initctl: Job is already running: ${name}`);
    if (upstart && (action === 'stop' || action === 'restart') && !running.has(name))
      return res(1, '', 'initctl: Unknown instance: ');
    if (action === 'is-active' || action === 'status')
      return running.has(name)
        ? res(0, action === 'status' ? `${name} start/running` : 'active')
        : res(3, 'inactive');
    if (!known.has(name))
      return res(5, '', `Failed to ${action} ${name}.service: Unit ${name}.service not found.`);
    if (action === 'start' || action === 'restart') {
      running.add(name);
      if (action === 'restart') restarts.push(name);
    }
    if (action === 'stop') running.delete(name);
    return res(0);
  };

  const exec = (argv: readonly string[], env: Record<string, string>) => {
    const [cmd, ...args] = argv;
    switch (cmd) {
      case 'dpkg':
        if (args[0] === '-s') {
          const v = packages.get(args[1] ?? '');
          return v === undefined
            ? res(1, '', `dpkg-query: package '${args[1]}' is not installed`)
            : res(0, `Package: ${args[1]}\nStatus: install ok installed\nVersion: ${v}\n`);
        }
        return installFile(args[1] ?? '', env);
      case 'rpm':
        if (args[0] === '-q') {
          const v = packages.get(args.at(-1) ?? '');
          return v === undefined
            ? res(1, `package ${args.at(-1)} is not installed\n`)
            : res(0, `${v}\n`);
        }
        return installFile(args[1] ?? '', env);
      case 'apt-get':
      case 'yum':
        if (args[0] === 'update') return res(0);
        for (const n of args.slice(2)) packages.set(n, '1.0-1');
        return res(0, cmd === 'yum' ? 'Complete!' : `${args.length - 2} newly installed`);
      case 'systemctl':
        return args[0] === 'daemon-reload' ? res(0) : service(args[0] ?? '', args[1] ?? '');
      case 'service':
        return service(args[1] ?? '', args[0] ?? '');
      case 'update-rc.d':
        return known.has(args[0] ?? '')
          ? res(0)
          : res(1, '', `update-rc.d: /etc/init.d/${args[0] ?? ''}: file does not exist`);
      case 'initctl':
        return service(args[0] === 'show-config' ? 'enable' : (args[0] ?? ''), args[1] ?? '', true);
      case 'scli':
        return scli(args);
      case 'sha256sum': {
        const f = files.get(args[0] ?? '');
        return f === undefined
          ? res(1, '', `sha256sum: ${args[0] ?? ''}: No such file or directory`)
          : res(0, `${createHash('sha256').update(f.content).digest('hex')}  ${args[0] ?? ''}\n`);
      }
      case 'install': {
        // install -m <mode> <src> <dest>
        const f = files.get(args[2] ?? '');
        if (f === undefined)
          return res(1, '', `install: cannot stat '${args[2] ?? ''}': No such file or directory`);
        files.set(args[3] ?? '', {
          content: f.content,
          mode: Number.parseInt(args[1] ?? '644', 8),
        });
        return res(0);
      }
      case 'uname':
        return res(0, `${opts.kernel ?? '4.4.0-38-generic'}\n`);
      case 'lsblk':
        return res(0, opts.lsblk ?? '');
      case 'blkid':
        return opts.blkid === undefined || opts.blkid === '' ? res(2) : res(0, opts.blkid);
      default:
        return undefined;
    }
  };

  const core: HostCore = {
    description: 'fake',
    run: async (req: CommandRequest) => {
      const commandLine = showCommandLine(req);
      calls.push(commandLine);
      const f = fault(commandLine);
      if (f !== undefined)
        return right({
          commandLine,
          exitCode: f.exitCode ?? 1,
          stdout: '',
          stderr: f.stderr ?? 'injected failure',
          durationMs: 0,
        });
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.env ?? {})) env[k] = revealText(v);
      const r = exec(
        req.argv.map((a) => (isSecret(a) ? a.reveal() : a)),
        env,
      );
      if (r === undefined)
        return left<HostError>({
          _tag: 'CommandNotFound',
          command: req.argv[0],
          message: `${req.argv[0]}: command not found on PATH`,
        });
      return right({ commandLine, ...r, durationMs: 0 });
    },
    readFile: async (p) => right(files.get(p)?.content),
    writeFile: async (p, c, o) => {
      calls.push(`write ${p}`);
      files.set(p, { content: revealText(c), mode: o?.mode ?? 0o644 });
      return right(undefined);
    },
    stat: async (p) => {
      const f = files.get(p);
      return right(
        f === undefined ? undefined : { size: f.content.length, mode: f.mode, isDirectory: false },
      );
    },
    remove: async (p) => {
      files.delete(p);
      return right(undefined);
    },
    list: async (d) =>
      right(
        [...files.keys()].filter((k) => k.startsWith(`${d}/`)).map((k) => k.slice(d.length + 1)),
      ),
    download: async (r) => {
      calls.push(`download ${r.url}`);
      const f = fault(`download ${r.url}`);
      if (f !== undefined)
        return left<HostError>({
          _tag: 'DownloadFailed',
          url: r.url,
          attempts: 3,
          message: `download ${r.url} failed after 3 attempt(s): HTTP 404 Not Found`,
        });
      const file = opts.repo?.[r.url];
      if (file === undefined)
        return left<HostError>({
          _tag: 'DownloadFailed',
          url: r.url,
          attempts: 3,
          message: `download ${r.url} failed after 3 attempt(s): HTTP 404 Not Found`,
        });
      const content = JSON.stringify(file);
      files.set(r.dest, { content, mode: r.mode ?? 0o644 });
      return right({
        path: r.dest,
        bytes: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        attempts: 1,
      });
    },
  };
  const host: Host = createHost(core);
  return {
    host,
    files,
    packages,
    running,
    restarts,
    calls,
    faults,
    cluster: () => cluster,
  };
};

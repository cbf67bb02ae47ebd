/**
 * Package managers: `dpkg`, `dpkg-query`, `apt-get` on deb systems; `rpm`, `yum`, `dnf` on rpm
 * systems. Package files are decoded and installed with their effects; repository packages
 * (prerequisites such as `libaio1`, `zip`) install with no effect, except ScaleIO, REX-Ray and
 * dvdcli, which no distribution repository carries.
 */
import * as E from 'fp-ts/lib/Either.js';
import { decodePackageFile, type PackageFile } from '../repo/catalog.js';
import type { InstalledPackage } from '../state/model.js';
import { files, packages, type Tool, type ToolContext } from './context.js';
import { installPackage, removePackage } from './effects.js';

const NOT_IN_DISTRO = /^(emc-scaleio|EMC-ScaleIO|rexray$|dvdcli$|missing-)/;

const isFileArg = (a: string): boolean => /\.(deb|rpm)$/.test(a);

const loadFile = (
  ctx: ToolContext,
  arg: string,
  format: 'deb' | 'rpm',
): E.Either<string, PackageFile> => {
  const f = files(ctx);
  if (!f.exists(arg)) return E.left(`cannot access archive '${arg}': No such file or directory`);
  const pkg = decodePackageFile(f.readBytes(arg));
  if (E.isLeft(pkg)) return E.left(`${arg}: ${pkg.left}`);
  if (pkg.right.format !== format) return E.left(`${arg}: not a ${format} package`);
  return pkg;
};

const repoPackage = (name: string, format: 'deb' | 'rpm'): PackageFile =>
  format === 'deb'
    ? { nodeSimPackage: 1, name, version: '1.0-sim1', arch: 'amd64', format, component: 'other' }
    : {
        nodeSimPackage: 1,
        name,
        version: '1.0',
        release: 'sim1.el7',
        arch: 'x86_64',
        format,
        component: 'other',
      };

const fullRpm = (p: InstalledPackage): string =>
  `${p.name}-${p.version}${p.release === undefined ? '' : `-${p.release}`}.${p.arch}`;

const cmpVersions = (a: string, b: string): number => {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
};

const evr = (p: { version: string; release?: string }): string =>
  p.release === undefined ? p.version : `${p.version}-${p.release}`;

const dpkgStatus = (p: InstalledPackage): string =>
  [
    `Package: ${p.name}`,
    'Status: install ok installed',
    'Priority: optional',
    'Section: misc',
    `Architecture: ${p.arch}`,
    `Version: ${p.version}`,
    `Description: ${p.name} (node-sim)`,
    '',
  ].join('\n');

const notInstalled = (ctx: ToolContext, name: string): void =>
  ctx.err(
    `dpkg-query: package '${name}' is not installed and no information is available\nUse dpkg --info (= dpkg-deb --info) to examine archive files.\n`,
  );

const installDebFiles = async (ctx: ToolContext, args: readonly string[]): Promise<number> => {
  for (const a of args) {
    const pkg = loadFile(ctx, a, 'deb');
    if (E.isLeft(pkg)) {
      ctx.err(`dpkg: error: ${pkg.left}\n`);
      return 2;
    }
    const p = pkg.right;
    const prev = packages(ctx).get()[p.name];
    ctx.out(prev === undefined ? `Selecting previously unselected package ${p.name}.\n` : '');
    ctx.out(
      `Preparing to unpack ${a} ...\nUnpacking ${p.name} (${p.version})${prev === undefined ? '' : ` over (${prev.version})`} ...\nSetting up ${p.name} (${p.version}) ...\n`,
    );
    const r = await installPackage(ctx, p, 'file');
    if (E.isLeft(r)) {
      ctx.err(
        `dpkg: error processing package ${p.name} (--install):\n ${r.left}\nErrors were encountered while processing:\n ${p.name}\n`,
      );
      return 1;
    }
    ctx.out(r.right);
  }
  return 0;
};

const dpkgQueryFormat = (p: InstalledPackage, fmt: string): string =>
  fmt
    .replace(/\$\{Package\}/g, p.name)
    .replace(/\$\{Version\}/g, p.version)
    .replace(/\$\{Architecture\}/g, p.arch)
    .replace(/\$\{Status\}/g, 'install ok installed')
    .replace(/\$\{db:Status-Abbrev\}/g, 'ii ')
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t');

/** `dpkg-query -W [-f=FMT] names`, `-s`, `-l`. */
export const dpkgQuery: Tool = async (ctx) => {
  const args = [...ctx.args];
  let fmt = '${Package}\t${Version}\n';
  const names: string[] = [];
  let mode: 'W' | 's' | 'l' = 'W';
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-W' || a === '--show') mode = 'W';
    else if (a === '-s' || a === '--status') mode = 's';
    else if (a === '-l' || a === '--list') mode = 'l';
    else if (a.startsWith('-f=') || a.startsWith('--showformat='))
      fmt = a.slice(a.indexOf('=') + 1);
    else if (a === '-f' || a === '--showformat') fmt = args[++i] ?? fmt;
    else names.push(a);
  }
  const all = packages(ctx).get();
  if (mode === 'l') {
    for (const p of Object.values(all))
      if (names.length === 0 || names.includes(p.name))
        ctx.out(`ii  ${p.name}  ${p.version}  ${p.arch}\n`);
    return 0;
  }
  let code = 0;
  for (const n of names) {
    const p = all[n];
    if (p === undefined) {
      if (mode === 's') notInstalled(ctx, n);
      else ctx.err(`dpkg-query: no packages found matching ${n}\n`);
      code = 1;
    } else ctx.out(mode === 's' ? dpkgStatus(p) : dpkgQueryFormat(p, fmt));
  }
  return code;
};

/** `dpkg -i files`, `-s names`, `-l`, `-r/-P names`, `--print-architecture`. */
export const dpkg: Tool = async (ctx) => {
  const opts = ctx.args.filter((a) => a.startsWith('-'));
  const rest = ctx.args.filter((a) => !a.startsWith('-'));
  if (opts.includes('--print-architecture')) {
    ctx.out('amd64\n');
    return 0;
  }
  if (opts.includes('-i') || opts.includes('--install')) return installDebFiles(ctx, rest);
  if (opts.some((o) => ['-s', '--status', '-l', '--list', '-W'].includes(o))) return dpkgQuery(ctx);
  if (opts.some((o) => ['-r', '-P', '--remove', '--purge'].includes(o))) {
    for (const n of rest) {
      if (!(await removePackage(ctx, n)))
        ctx.err(`dpkg: warning: ignoring request to remove ${n} which isn't installed\n`);
      else ctx.out(`Removing ${n} ...\n`);
    }
    return 0;
  }
  ctx.err('dpkg: error: need an action option\n');
  return 2;
};

const installFromRepo = async (
  ctx: ToolContext,
  names: readonly string[],
  format: 'deb' | 'rpm',
): Promise<E.Either<string, string[]>> => {
  const missing = names.filter((n) => NOT_IN_DISTRO.test(n));
  if (missing.length > 0) return E.left(missing[0] ?? '');
  const fresh: string[] = [];
  for (const n of names) {
    if (packages(ctx).get()[n] !== undefined) continue;
    const r = await installPackage(ctx, repoPackage(n, format), 'repo');
    if (E.isLeft(r)) return E.left(n);
    fresh.push(n);
  }
  return E.right(fresh);
};

/** `apt-get [-y] install names|./file.deb`, `update`, `remove`. */
export const aptGet: Tool = async (ctx) => {
  const yes = ctx.args.some(
    (a) => a === '-y' || a === '--yes' || a === '--assume-yes' || a === '-qy' || a === '-yq',
  );
  const words = ctx.args.filter((a, i) => !a.startsWith('-') && ctx.args[i - 1] !== '-o');
  const [verb, ...names] = words;
  if (verb === 'update') {
    ctx.out('Reading package lists... Done\n');
    return 0;
  }
  if (verb === 'remove' || verb === 'purge') {
    for (const n of names) await removePackage(ctx, n);
    ctx.out(`0 upgraded, 0 newly installed, ${names.length} to remove and 0 not upgraded.\n`);
    return 0;
  }
  if (verb !== 'install') {
    ctx.err(`E: Invalid operation ${verb ?? ''}\n`);
    return 100;
  }
  ctx.out('Reading package lists...\nBuilding dependency tree...\nReading state information...\n');
  const fileArgs = names.filter(isFileArg);
  const repoNames = names.filter((n) => !isFileArg(n)).map((n) => n.split('=')[0] ?? n);
  const newOnes = repoNames.filter((n) => packages(ctx).get()[n] === undefined);
  if ((newOnes.length > 0 || fileArgs.length > 0) && !yes) {
    ctx.out('Do you want to continue? [Y/n] Abort.\n');
    return 1;
  }
  for (const n of repoNames.filter((x) => !newOnes.includes(x)))
    ctx.out(`${n} is already the newest version (${packages(ctx).get()[n]?.version ?? ''}).\n`);
  const r = await installFromRepo(ctx, repoNames, 'deb');
  if (E.isLeft(r)) {
    ctx.err(`E: Unable to locate package ${r.left}\n`);
    return 100;
  }
  if (r.right.length > 0)
    ctx.out(`The following NEW packages will be installed:\n  ${r.right.join(' ')}\n`);
  ctx.out(
    `0 upgraded, ${r.right.length + fileArgs.length} newly installed, 0 to remove and 0 not upgraded.\n`,
  );
  for (const n of r.right) ctx.out(`Setting up ${n} (1.0-sim1) ...\n`);
  return fileArgs.length === 0 ? 0 : (await installDebFiles(ctx, fileArgs)) === 0 ? 0 : 100;
};

const interpret = (fmt: string): string => fmt.replace(/\\n/g, '\n').replace(/\\t/g, '\t');

const rpmQueryFormat = (p: InstalledPackage, fmt: string): string =>
  interpret(fmt)
    .replace(/%\{NAME\}/g, p.name)
    .replace(/%\{VERSION\}/g, p.version)
    .replace(/%\{RELEASE\}/g, p.release ?? '')
    .replace(/%\{ARCH\}/g, p.arch);

const rpmInstallFiles = async (
  ctx: ToolContext,
  fileArgs: readonly string[],
  upgrade: boolean,
): Promise<number> => {
  for (const a of fileArgs) {
    const pkg = loadFile(ctx, a, 'rpm');
    if (E.isLeft(pkg)) {
      ctx.err(`error: ${pkg.left}\n`);
      return 1;
    }
    const p = pkg.right;
    const prev = packages(ctx).get()[p.name];
    if (prev !== undefined) {
      const c = cmpVersions(evr(p), evr(prev));
      if (c === 0 || !upgrade) {
        ctx.err(`\tpackage ${fullRpm(prev)} is already installed\n`);
        return 1;
      }
      if (c < 0) {
        ctx.err(
          `\tpackage ${fullRpm(prev)} (which is newer than ${p.name}-${evr(p)}.${p.arch}) is already installed\n`,
        );
        return 1;
      }
    }
    ctx.out(
      `Preparing...                          ################################# [100%]\nUpdating / installing...\n   1:${p.name}-${evr(p)}################################# [100%]\n`,
    );
    const r = await installPackage(ctx, p, 'file');
    if (E.isLeft(r)) {
      ctx.err(
        `error: %post(${p.name}-${evr(p)}.${p.arch}) scriptlet failed, exit status 1\n${r.left}\n`,
      );
      return 1;
    }
    ctx.out(r.right);
  }
  return 0;
};

/** `rpm -U/-i[vh] files`, `-q [--queryformat F] names`, `-qi`, `-qa`, `-e names`. */
export const rpm: Tool = async (ctx) => {
  const args = [...ctx.args];
  let fmt: string | undefined;
  const flags: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--queryformat' || a === '--qf') fmt = args[++i];
    else if (a.startsWith('--queryformat=') || a.startsWith('--qf='))
      fmt = a.slice(a.indexOf('=') + 1);
    else if (a.startsWith('--')) flags.push(a.slice(2));
    else if (a.startsWith('-')) flags.push(...a.slice(1).split(''));
    else rest.push(a);
  }
  const has = (...f: string[]): boolean => f.some((x) => flags.includes(x));
  if (has('U', 'i', 'upgrade', 'install') && !has('q'))
    return rpmInstallFiles(ctx, rest, has('U', 'upgrade'));
  if (has('e', 'erase')) {
    for (const n of rest)
      if (!(await removePackage(ctx, n))) {
        ctx.err(`error: package ${n} is not installed\n`);
        return 1;
      }
    return 0;
  }
  if (has('q', 'query')) {
    const all = packages(ctx).get();
    if (has('a', 'all')) {
      for (const p of Object.values(all))
        ctx.out(fmt === undefined ? `${fullRpm(p)}\n` : rpmQueryFormat(p, fmt));
      return 0;
    }
    let code = 0;
    for (const n of rest) {
      const p = all[n];
      if (p === undefined) {
        ctx.out(`package ${n} is not installed\n`);
        code = 1;
      } else if (has('i', 'info'))
        ctx.out(
          `Name        : ${p.name}\nVersion     : ${p.version}\nRelease     : ${p.release ?? ''}\nArchitecture: ${p.arch}\n`,
        );
      else ctx.out(fmt === undefined ? `${fullRpm(p)}\n` : rpmQueryFormat(p, fmt));
    }
    return code;
  }
  ctx.err('rpm: no operation specified\n');
  return 1;
};

/** `yum|dnf [-y] install|localinstall names|files`, `remove`, `makecache`, `clean`. */
export const yum: Tool = async (ctx) => {
  const yes = ctx.args.some((a) => a === '-y' || a === '--assumeyes');
  const [verb, ...names] = ctx.args.filter((a) => !a.startsWith('-'));
  if (verb === 'makecache' || verb === 'clean') return 0;
  if (verb === 'remove' || verb === 'erase') {
    for (const n of names) await removePackage(ctx, n);
    ctx.out('Complete!\n');
    return 0;
  }
  if (verb !== 'install' && verb !== 'localinstall') {
    ctx.err(`No such command: ${verb ?? ''}.\n`);
    return 1;
  }
  const fileArgs = names.filter(isFileArg);
  const repoNames = names.filter((n) => !isFileArg(n));
  const all = packages(ctx).get();
  const newOnes = repoNames.filter((n) => all[n] === undefined);
  for (const n of repoNames.filter((x) => !newOnes.includes(x)))
    ctx.out(
      `Package ${all[n] === undefined ? n : fullRpm(all[n])} already installed and latest version\n`,
    );
  if (newOnes.length === 0 && fileArgs.length === 0) {
    ctx.out('Nothing to do\n');
    return 0;
  }
  if (!yes) {
    ctx.out('Is this ok [y/d/N]: Exiting on user command\n');
    return 1;
  }
  const r = await installFromRepo(ctx, newOnes, 'rpm');
  if (E.isLeft(r)) {
    ctx.out(`No package ${r.left} available.\n`);
    ctx.err('Error: Nothing to do\n');
    return 1;
  }
  if (fileArgs.length > 0 && (await rpmInstallFiles(ctx, fileArgs, true)) !== 0) return 1;
  ctx.out(
    `\nInstalled:\n${r.right.map((n) => `  ${n}.x86_64 0:1.0-sim1.el7\n`).join('')}\nComplete!\n`,
  );
  return 0;
};

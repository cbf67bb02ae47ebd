/**
 * glibc's dynamic loader, `ld-linux-x86-64.so.2` (the ELF interpreter of every x86-64 binary on
 * these OSes, `/lib64/ld-linux-x86-64.so.2`). Before a dynamically linked program runs, the real
 * loader checks every symbol version the program needs (its `.gnu.version_r`) against the
 * libraries of the host; node-sim's simulated binaries (`runtime/archive.ts`) declare theirs and
 * ask this tool, which answers from the node's glibc in the facts table:
 *
 * `ld-linux-x86-64.so.2 --node-sim-versions <program> <lib>:<GLIBC_x.y>...`
 *
 * A version newer than the node's glibc prints, per missing version and in the order given, what
 * glibc prints — `<program>: <libdir>/<lib>: version `GLIBC_2.28' not found (required by
 * <program>)` (glibc elf/dl-version.c `match_symbol`: "version `%s' not found (required by %s)";
 * elf/rtld.c `print_missing_version`: "%s: %s: %s\n" with the program name first) — and exits 1
 * (elf/rtld.c `version_check_doit`: `_exit (1)` when a version is missing). Real captures:
 * nodejs/node#46412 on CentOS 7 (`./node: /lib64/libc.so.6: version `GLIBC_2.28' not found
 * (required by ./node)`), nodejs/node#42351 on Ubuntu 18.04 (`/lib/x86_64-linux-gnu/libc.so.6`).
 */
import { osRow } from '../facts/os-table.js';
import type { OsId } from '../spec.js';
import type { Tool } from './context.js';

/** The option of node-sim's version check (no real ld.so option has this name). */
export const LOADER_CHECK = '--node-sim-versions';

/** The loader's name on a node's PATH (its real path is `/lib64/ld-linux-x86-64.so.2`). */
export const LOADER = 'ld-linux-x86-64.so.2';

/**
 * Where the OS keeps `libc.so.6`: Debian and Ubuntu use the multiarch directory
 * (`/lib/x86_64-linux-gnu`, nodejs/node#42351, nodesource/distributions#1377), the Red Hat
 * family `/lib64` (nodejs/node#46412); Flatcar (Gentoo-based) `/lib64`.
 */
export const libDirOf = (os: OsId): string =>
  os.startsWith('ubuntu-') || os.startsWith('debian-') ? '/lib/x86_64-linux-gnu' : '/lib64';

const parts = (v: string): number[] => v.split('.').map((x) => Number(x));

/** Whether glibc `have` provides symbol version `GLIBC_<want>` (versions are cumulative). */
export const glibcProvides = (have: string, want: string): boolean => {
  const [a = 0, b = 0] = parts(have);
  const [c = 0, d = 0] = parts(want);
  return a !== c ? a > c : b >= d;
};

/** The loader's lines for the versions of `needs` (`lib:GLIBC_x.y`) that glibc `have` lacks. */
export const missingVersions = (
  os: OsId,
  have: string,
  program: string,
  needs: readonly string[],
): string[] =>
  needs.flatMap((need) => {
    const [lib = '', version = ''] = need.split(':');
    const m = /^GLIBC_([0-9]+\.[0-9]+)$/.exec(version);
    if (m === null || glibcProvides(have, m[1] ?? '')) return [];
    return [
      `${program}: ${libDirOf(os)}/${lib}: version \`${version}' not found (required by ${program})`,
    ];
  });

/** `ld-linux-x86-64.so.2 --node-sim-versions <program> <lib>:<GLIBC_x.y>...` (see above). */
export const loader: Tool = async (ctx) => {
  const [flag, program, ...needs] = ctx.args;
  if (flag !== LOADER_CHECK || program === undefined) {
    ctx.err(`node-sim ${LOADER}: only ${LOADER_CHECK} <program> <lib>:<version>... is simulated\n`);
    return 70;
  }
  const bad = needs.find((n) => !/^[A-Za-z0-9_.+-]+\.so\.[0-9]+:GLIBC_[0-9]+\.[0-9]+$/.test(n));
  if (bad !== undefined) {
    ctx.err(`node-sim ${LOADER}: not a <lib>:GLIBC_<x.y> requirement: ${bad}\n`);
    return 70;
  }
  const lines = missingVersions(ctx.config.os, osRow(ctx.config.os).glibc.version, program, needs);
  if (lines.length === 0) return 0;
  ctx.err(lines.map((l) => `${l}\n`).join(''));
  return 1;
};

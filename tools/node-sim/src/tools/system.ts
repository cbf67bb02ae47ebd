/**
 * Identity tools: `uname` and `hostname`; glibc's `ldd --version` and `getconf GNU_LIBC_VERSION`
 * answering with the OS's glibc from the facts table.
 */
import { osRow } from '../facts/os-table.js';
import type { Tool } from './context.js';

/** `uname [-a|-r|-s|-n|-m|-v|-o]`. */
export const uname: Tool = async (ctx) => {
  const kernel = ctx.config.kernel;
  const flags =
    ctx.args.length === 0
      ? ['s']
      : ctx.args.flatMap((a) => (a.startsWith('--') ? [a.slice(2, 3)] : a.slice(1).split('')));
  const parts: Record<string, string> = {
    s: 'Linux',
    n: ctx.config.hostname,
    r: kernel,
    v: '#1 SMP',
    m: 'x86_64',
    o: 'GNU/Linux',
  };
  const order = flags.includes('a')
    ? ['s', 'n', 'r', 'v', 'm', 'o']
    : ['s', 'n', 'r', 'v', 'm', 'o'].filter((f) => flags.includes(f));
  const bad = flags.find((f) => !(f in parts) && f !== 'a' && f !== 'k' && f !== 'p' && f !== 'i');
  if (bad !== undefined) {
    ctx.err(`uname: invalid option -- '${bad}'\n`);
    return 1;
  }
  ctx.out(order.map((f) => parts[f]).join(' ') + '\n');
  return 0;
};

/** `hostname [-I|-i|-f|-s]`. */
export const hostname: Tool = async (ctx) => {
  const a = ctx.args[0];
  ctx.out(a === '-I' || a === '-i' ? `${ctx.config.ip}\n` : `${ctx.config.hostname}\n`);
  return 0;
};

/**
 * `ldd --version`: the first line from the facts table (`ldd (<vendor> <release>) <version>`), then
 * glibc's copyright lines, exit 0. Listing a binary's libraries is not simulated.
 */
export const ldd: Tool = async (ctx) => {
  if (ctx.args[0] === '--version' || ctx.args[0] === '-v') {
    ctx.out(
      `${osRow(ctx.config.os).glibc.ldd}\nCopyright (C) Free Software Foundation, Inc.\nThis is free software; see the source for copying conditions.  There is NO\nwarranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\nWritten by Roland McGrath and Ulrich Drepper.\n`,
    );
    return 0;
  }
  ctx.err('node-sim ldd: only --version is simulated\n');
  return 70;
};

/** `getconf GNU_LIBC_VERSION` (`glibc 2.17`) and `GNU_LIBPTHREAD_VERSION` (`NPTL 2.17`). */
export const getconf: Tool = async (ctx) => {
  const v = osRow(ctx.config.os).glibc.version;
  const name = ctx.args[0];
  if (name === 'GNU_LIBC_VERSION') ctx.out(`glibc ${v}\n`);
  else if (name === 'GNU_LIBPTHREAD_VERSION') ctx.out(`NPTL ${v}\n`);
  else {
    // glibc's getconf for a name it does not know.
    ctx.err(`getconf: Unrecognized variable \`${name ?? ''}'\n`);
    return 1;
  }
  return 0;
};

/**
 * GNU coreutils that the installers run: `sha256sum` (the real digest of the file on the node, so
 * a tampered download shows as one) and `install -m MODE SOURCE DEST` (copy with a mode). Both are
 * part of coreutils on every OS in the facts table (sha256sum since coreutils 6.0; CentOS 7 ships
 * coreutils 8.22, Ubuntu 14.04 8.21, Flatcar and the rest newer).
 *
 * Output and exit codes as coreutils documents them (coreutils manual, "md5sum invocation", which
 * sha256sum follows: the checksum, a space, a mode flag — a space in text mode, the default on
 * GNU/Linux — and the name; a name with a backslash or newline is escaped and the line starts with
 * `\`; an unreadable file is reported on stderr, exit status 1. "install invocation": `-m` sets the
 * mode; a missing source is `install: cannot stat 'x': No such file or directory`, exit status 1).
 */
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { files, type Tool } from './context.js';

const escapeName = (name: string): { name: string; escaped: boolean } => {
  const escaped = /[\\\n]/.test(name);
  return { name: escaped ? name.replace(/\\/g, '\\\\').replace(/\n/g, '\\n') : name, escaped };
};

/** `sha256sum [-b|-t] FILE…`: `<digest>  <file>` per file (`*` before the name with `-b`). */
export const sha256sum: Tool = async (ctx) => {
  const binary = ctx.args.includes('-b') || ctx.args.includes('--binary');
  const names = ctx.args.filter((a) => !a.startsWith('-'));
  if (names.length === 0) {
    ctx.err('node-sim sha256sum: reading standard input is not simulated\n');
    return 70;
  }
  const f = files(ctx);
  let code = 0;
  for (const n of names) {
    const real = f.real(n);
    if (!existsSync(real)) {
      ctx.err(`sha256sum: ${n}: No such file or directory\n`);
      code = 1;
      continue;
    }
    if (statSync(real).isDirectory()) {
      ctx.err(`sha256sum: ${n}: Is a directory\n`);
      code = 1;
      continue;
    }
    const digest = createHash('sha256').update(f.readBytes(n)).digest('hex');
    const e = escapeName(n);
    ctx.out(`${e.escaped ? '\\' : ''}${digest} ${binary ? '*' : ' '}${e.name}\n`);
  }
  return code;
};

/**
 * `install [-m MODE] SOURCE DEST`: copies and sets the mode (default 0755). The node's root holds
 * only what node-sim wrote; the FHS directories a real node has (`/usr/lib`, `/usr/bin`) are
 * created when first used.
 */
export const install: Tool = async (ctx) => {
  const args = [...ctx.args];
  let mode = 0o755;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-m' || a === '--mode') {
      const m = args[++i] ?? '';
      if (!/^[0-7]{3,4}$/.test(m)) {
        ctx.err(`install: invalid mode '${m}'\n`);
        return 1;
      }
      mode = Number.parseInt(m, 8);
    } else if (a.startsWith('-')) {
      ctx.err(`node-sim install: option ${a} is not simulated\n`);
      return 70;
    } else rest.push(a);
  }
  const [source, dest] = rest;
  if (source === undefined || dest === undefined || rest.length > 2) {
    ctx.err(`install: missing destination file operand after '${source ?? ''}'\n`);
    return 1;
  }
  const f = files(ctx);
  if (!f.exists(source)) {
    ctx.err(`install: cannot stat '${source}': No such file or directory\n`);
    return 1;
  }
  const real = f.real(dest);
  mkdirSync(dirname(real), { recursive: true });
  copyFileSync(f.real(source), real);
  chmodSync(real, mode);
  return 0;
};

/**
 * `readlink -e|-f FILE`: the canonical name of FILE, every symlink followed, as the node sees it
 * (coreutils manual, "readlink invocation": with `-e` every component must exist, otherwise
 * nothing is printed and the exit status is 1; `-f` here behaves as `-e` for an existing file).
 * How a guest turns `/dev/disk/by-id/google-<device>` into its `/dev/sdX`.
 */
export const readlink: Tool = async (ctx) => {
  const names = ctx.args.filter((a) => !a.startsWith('-'));
  if (!ctx.args.some((a) => a === '-e' || a === '-f') || names.length !== 1) {
    ctx.err('node-sim readlink: only `readlink -e|-f FILE` is simulated\n');
    return 70;
  }
  const real = files(ctx).real(names[0] ?? '');
  let target: string;
  try {
    target = realpathSync(real);
  } catch {
    return 1;
  }
  const root = realpathSync(ctx.root);
  if (target !== root && !target.startsWith(`${root}/`)) return 1;
  ctx.out(`${target.slice(root.length) || '/'}\n`);
  return 0;
};

/**
 * `lsblk` as the node's util-linux release has it (`../facts/util-linux.ts`): the options its
 * `getopt_long` accepts (anything else: `lsblk: invalid option -- 'J'` and the usage on stderr,
 * exit 1, as `help(stderr)` does), the columns it knows (`lsblk: unknown column: SERIAL`, exit 1),
 * and its output: tree/list, `-r`, `-P` (`KEY="value"` pairs, util-linux ≥ 2.20) and `-J` (none
 * before 2.27, strings only until 2.32, typed from 2.33).
 */
import { osRow } from '../facts/os-table.js';
import { UTIL_LINUX, shortOptArity, type UtilLinux } from '../facts/util-linux.js';
import type { DeviceSpec, PartitionSpec } from '../spec.js';
import { devices, type Tool, type ToolContext } from './context.js';

interface Row {
  readonly name: string;
  readonly size: number;
  readonly type: string;
  readonly fstype: string | null;
  readonly mountpoint: string | null;
  readonly serial: string | null;
  readonly majMin: string;
  readonly parent: string | null;
  readonly children: Row[];
}

const major = (d: DeviceSpec): number =>
  d.type === 'loop'
    ? 7
    : d.type === 'rom'
      ? 11
      : d.type === 'lvm'
        ? 253
        : d.name.startsWith('nvme')
          ? 259
          : // SCSI disks (Compute Engine): block major 8 (Linux Documentation/admin-guide/devices.txt).
            d.name.startsWith('sd')
            ? 8
            : 202;

const partRow = (p: PartitionSpec, parent: DeviceSpec, i: number): Row => ({
  name: p.name,
  size: p.sizeBytes,
  type: 'part',
  fstype: p.fstype ?? null,
  mountpoint: p.mountpoint ?? null,
  serial: null,
  majMin: `${major(parent)}:${i + 1}`,
  parent: parent.name,
  children: [],
});

const rows = (all: readonly DeviceSpec[]): Row[] =>
  all.map((d, i) => ({
    name: d.name,
    size: d.sizeBytes,
    type: d.type ?? 'disk',
    fstype: d.fstype ?? null,
    mountpoint: d.mountpoint ?? null,
    serial: d.serial ?? null,
    majMin: `${major(d)}:${i * 16}`,
    parent: null,
    children: (d.partitions ?? []).map((p, j) => partRow(p, d, j)),
  }));

/** Human sizes as lsblk prints them without `-b` (`100G`, `7.9G`); `fdisk -l` prints them too. */
export const human = (n: number): string => {
  const units = ['B', 'K', 'M', 'G', 'T'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)}${units[u]}`;
};

type Kind = 'string' | 'size' | 'bool' | 'array';
const BOOLS = new Set(['RO', 'RM', 'ROTA', 'RAND', 'HOTPLUG']);
const kindOf = (col: string): Kind =>
  col === 'SIZE' ? 'size' : BOOLS.has(col) ? 'bool' : col === 'MOUNTPOINTS' ? 'array' : 'string';

interface Opts {
  json: boolean;
  pairs: boolean;
  raw: boolean;
  list: boolean;
  bytes: boolean;
  noDeps: boolean;
  fullPath: boolean;
  noHead: boolean;
  version: boolean;
  columns: string[];
  only: string[];
}

/** A cell's text as the text outputs print it ('' for none). */
const text = (r: Row, col: string, o: Opts): string => {
  switch (col) {
    case 'NAME':
      return o.fullPath ? `/dev/${r.name}` : r.name;
    case 'KNAME':
      return r.name;
    case 'PATH':
      return `/dev/${r.name}`;
    case 'PKNAME':
      return r.parent ?? '';
    case 'MAJ:MIN':
      return r.majMin;
    case 'RM':
    case 'RO':
    case 'RAND':
    case 'HOTPLUG':
      return '0';
    case 'ROTA':
      return '0';
    case 'SIZE':
      return o.bytes ? String(r.size) : human(r.size);
    case 'TYPE':
      return r.type;
    case 'MOUNTPOINT':
    case 'MOUNTPOINTS':
      return r.mountpoint ?? '';
    case 'FSTYPE':
      return r.fstype ?? '';
    case 'SERIAL':
      return r.serial ?? '';
    case 'MODEL':
      return r.name.startsWith('nvme') ? 'Amazon Elastic Block Store' : '';
    default:
      return '';
  }
};

/** A JSON value as `json` prints it: every value a string ('strings'), or typed (2.33+). */
const jsonValue = (t: string, col: string, o: Opts, json: UtilLinux['json']): unknown => {
  const kind = kindOf(col);
  if (json === 'strings' || kind === 'string' || (kind === 'size' && !o.bytes))
    return t === '' ? null : t;
  if (kind === 'size') return Number(t);
  if (kind === 'bool') return t !== '' && t !== '0';
  return [t === '' ? null : t];
};

const USAGE = '\nUsage:\n lsblk [options] [<device> ...]\n\nFor more information see lsblk(8).\n';

const LONG_TO_SHORT: Readonly<Record<string, string>> = {
  json: 'J',
  bytes: 'b',
  nodeps: 'd',
  paths: 'p',
  pairs: 'P',
  noheadings: 'n',
  output: 'o',
  list: 'l',
  raw: 'r',
  all: 'a',
  version: 'V',
  help: 'h',
};

/** Parses argv like `getopt_long` with this release's options; a string is the error to print. */
const parse = (args: readonly string[], ul: UtilLinux): Opts | string => {
  const o: Opts = {
    json: false,
    pairs: false,
    raw: false,
    list: false,
    bytes: false,
    noDeps: false,
    fullPath: false,
    noHead: false,
    version: false,
    columns: ['NAME', 'MAJ:MIN', 'RM', 'SIZE', 'RO', 'TYPE', 'MOUNTPOINT'],
    only: [],
  };
  const set = (c: string, value: string | undefined): void => {
    if (c === 'J') o.json = true;
    else if (c === 'P') o.pairs = true;
    else if (c === 'r') o.raw = true;
    else if (c === 'l') o.list = true;
    else if (c === 'b') o.bytes = true;
    else if (c === 'd') o.noDeps = true;
    else if (c === 'p') o.fullPath = true;
    else if (c === 'n') o.noHead = true;
    else if (c === 'V') o.version = true;
    else if (c === 'o') o.columns = (value ?? '').split(',').map((x) => x.trim().toUpperCase());
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') {
      o.only.push(...args.slice(i + 1).map((x) => x.replace(/^\/dev\//, '')));
      break;
    }
    if (a.startsWith('--')) {
      const [name = '', value] = a.slice(2).split(/=(.*)/s);
      const matches = ul.longOpts.filter((l) => l === name || l.startsWith(name));
      const long = matches.includes(name) ? name : matches.length === 1 ? matches[0] : undefined;
      if (long === undefined) return `lsblk: unrecognized option '--${name}'\n${USAGE}`;
      const c = LONG_TO_SHORT[long];
      if (c === 'o') {
        const v = value ?? args[++i];
        if (v === undefined) return `lsblk: option '--output' requires an argument\n${USAGE}`;
        set(c, v);
      } else if (c !== undefined) set(c, undefined);
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j] ?? '';
        const arity = shortOptArity(ul.shortOpts, c);
        if (arity === undefined) return `lsblk: invalid option -- '${c}'\n${USAGE}`;
        if (arity === 'none') {
          set(c, undefined);
          continue;
        }
        const glued = a.slice(j + 1);
        const v = glued !== '' ? glued : arity === 'required' ? args[++i] : undefined;
        if (arity === 'required' && v === undefined)
          return `lsblk: option requires an argument -- '${c}'\n${USAGE}`;
        set(c, v);
        break;
      }
    } else o.only.push(a.replace(/^\/dev\//, ''));
  }
  return o;
};

/** The flat (depth-first) order of lines lsblk prints. */
const flat = (list: readonly Row[], noDeps: boolean): Row[] =>
  list.flatMap((r) => [r, ...(noDeps ? [] : r.children)]);

const output = (ctx: ToolContext, list: readonly Row[], o: Opts, ul: UtilLinux): void => {
  if (o.json) {
    const obj = (r: Row): Record<string, unknown> => {
      const x: Record<string, unknown> = {};
      for (const c of o.columns) x[c.toLowerCase()] = jsonValue(text(r, c, o), c, o, ul.json);
      if (!o.noDeps && r.children.length > 0) x['children'] = r.children.map(obj);
      return x;
    };
    ctx.out(JSON.stringify({ blockdevices: list.map(obj) }, null, 3) + '\n');
    return;
  }
  if (o.pairs) {
    // libsmartcols/tt export format: KEY="value" separated by spaces, one device a line.
    for (const r of flat(list, o.noDeps))
      ctx.out(
        o.columns.map((c) => `${c}="${text(r, c, o).replace(/["\\]/g, '\\$&')}"`).join(' ') + '\n',
      );
    return;
  }
  const lines: string[] = o.noHead ? [] : [o.columns.join(' ')];
  const tree = !o.raw && !o.list;
  const line = (r: Row, prefix: string): void => {
    lines.push(
      o.columns.map((c) => (c === 'NAME' && tree ? prefix : '') + text(r, c, o)).join(' '),
    );
    if (!o.noDeps)
      r.children.forEach((ch, i) => line(ch, i === r.children.length - 1 ? '└─' : '├─'));
  };
  list.forEach((r) => line(r, ''));
  ctx.out(lines.join('\n') + '\n');
};

/** `lsblk` of the node's util-linux release. */
export const lsblk: Tool = async (ctx) => {
  const ul: UtilLinux = UTIL_LINUX[osRow(ctx.config.os).utilLinux];
  const o = parse(ctx.args, ul);
  if (typeof o === 'string') {
    ctx.err(o);
    return 1;
  }
  if (o.version) {
    ctx.out(`lsblk from util-linux ${ul.version}\n`);
    return 0;
  }
  const unknown = o.columns.find((c) => !ul.columns.includes(c));
  if (unknown !== undefined) {
    ctx.err(`lsblk: unknown column: ${unknown}\n`);
    return 1;
  }
  let list = rows(devices(ctx).get());
  if (o.only.length > 0) {
    const missing = o.only.find(
      (n) => !list.some((r) => r.name === n || r.children.some((c) => c.name === n)),
    );
    if (missing !== undefined) {
      ctx.err(`lsblk: /dev/${missing}: not a block device\n`);
      return 32;
    }
    list = list.flatMap((r) =>
      o.only.includes(r.name) ? [r] : r.children.filter((c) => o.only.includes(c.name)),
    );
  }
  output(ctx, list, o, ul);
  return 0;
};

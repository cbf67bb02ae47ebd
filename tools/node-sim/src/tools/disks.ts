/**
 * Block-device tools: `lsblk` (with `-J -b` JSON output like util-linux 2.3x), `blkid`, `fdisk -l`.
 */
import { devices, type Tool } from './context.js';
import type { DeviceSpec, PartitionSpec } from '../spec.js';

interface Row {
  readonly name: string;
  readonly size: number;
  readonly type: string;
  readonly fstype: string | null;
  readonly mountpoint: string | null;
  readonly serial: string | null;
  readonly major: number;
  readonly minor: number;
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
          : 202;

const partRow = (p: PartitionSpec, parent: DeviceSpec, i: number): Row => ({
  name: p.name,
  size: p.sizeBytes,
  type: 'part',
  fstype: p.fstype ?? null,
  mountpoint: p.mountpoint ?? null,
  serial: null,
  major: major(parent),
  minor: i + 1,
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
    major: major(d),
    minor: i * 16,
    parent: null,
    children: (d.partitions ?? []).map((p, j) => partRow(p, d, j)),
  }));

const DEFAULT_COLUMNS = ['NAME', 'MAJ:MIN', 'RM', 'SIZE', 'RO', 'TYPE', 'MOUNTPOINT'];

const human = (n: number): string => {
  const units = ['B', 'K', 'M', 'G', 'T'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)}${units[u]}`;
};

const cell = (
  r: Row,
  col: string,
  bytes: boolean,
  fullPath: boolean,
): string | number | boolean | null | (string | null)[] => {
  switch (col) {
    case 'NAME':
    case 'KNAME':
      return fullPath ? `/dev/${r.name}` : r.name;
    case 'PATH':
      return `/dev/${r.name}`;
    case 'MAJ:MIN':
      return `${r.major}:${r.minor}`;
    case 'RM':
    case 'RO':
      return false;
    case 'SIZE':
      return bytes ? r.size : human(r.size);
    case 'TYPE':
      return r.type;
    case 'MOUNTPOINT':
      return r.mountpoint;
    case 'MOUNTPOINTS':
      return [r.mountpoint];
    case 'FSTYPE':
      return r.fstype;
    case 'SERIAL':
      return r.serial;
    case 'PKNAME':
      return r.parent;
    case 'MODEL':
      return r.name.startsWith('nvme') ? 'Amazon Elastic Block Store' : null;
    default:
      return null;
  }
};

/** `lsblk [-J] [-b] [-d] [-p] [-n] [-o COLS] [devices...]`. */
export const lsblk: Tool = async (ctx) => {
  const args = [...ctx.args];
  let json = false;
  let bytes = false;
  let noDeps = false;
  let fullPath = false;
  let noHead = false;
  let columns = DEFAULT_COLUMNS;
  const only: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-o' || a === '--output')
      columns = (args[++i] ?? '').split(',').map((c) => c.trim().toUpperCase());
    else if (a.startsWith('--output='))
      columns = a
        .slice(9)
        .split(',')
        .map((c) => c.trim().toUpperCase());
    else if (a === '--json') json = true;
    else if (a === '--bytes') bytes = true;
    else if (a === '--nodeps') noDeps = true;
    else if (a === '--paths') fullPath = true;
    else if (a === '--noheadings') noHead = true;
    else if (/^-[a-zA-Z]+$/.test(a)) {
      for (const c of a.slice(1)) {
        if (c === 'J') json = true;
        else if (c === 'b') bytes = true;
        else if (c === 'd') noDeps = true;
        else if (c === 'p') fullPath = true;
        else if (c === 'n') noHead = true;
        else if (c === 'o')
          columns = (args[++i] ?? '').split(',').map((x) => x.trim().toUpperCase());
        else if (c !== 'a' && c !== 'l' && c !== 'P') {
          ctx.err(`lsblk: invalid option -- '${c}'\n`);
          return 1;
        }
      }
    } else only.push(a.replace(/^\/dev\//, ''));
  }
  let list = rows(devices(ctx).get());
  if (only.length > 0) {
    const missing = only.find(
      (n) => !list.some((r) => r.name === n || r.children.some((c) => c.name === n)),
    );
    if (missing !== undefined) {
      ctx.err(`lsblk: /dev/${missing}: not a block device\n`);
      return 32;
    }
    list = list.flatMap((r) =>
      only.includes(r.name) ? [r] : r.children.filter((c) => only.includes(c.name)),
    );
  }
  if (json) {
    const obj = (r: Row): Record<string, unknown> => {
      const o: Record<string, unknown> = {};
      for (const c of columns) o[c.toLowerCase()] = cell(r, c, bytes, fullPath);
      if (!noDeps && r.children.length > 0) o['children'] = r.children.map(obj);
      return o;
    };
    ctx.out(JSON.stringify({ blockdevices: list.map(obj) }, null, 3) + '\n');
    return 0;
  }
  const lines: string[] = noHead ? [] : [columns.join(' ')];
  const line = (r: Row, prefix: string): void => {
    lines.push(
      columns
        .map((c) => (c === 'NAME' ? prefix : '') + String(cell(r, c, bytes, fullPath) ?? ''))
        .join(' '),
    );
    if (!noDeps) r.children.forEach((ch, i) => line(ch, i === r.children.length - 1 ? '└─' : '├─'));
  };
  list.forEach((r) => line(r, ''));
  ctx.out(lines.join('\n') + '\n');
  return 0;
};

const uuidOf = (name: string): string => {
  let h = 0x811c9dc5;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  const x = h.toString(16).padStart(8, '0');
  return `${x}-${x.slice(0, 4)}-4${x.slice(1, 4)}-8${x.slice(4, 7)}-${x}${x.slice(0, 4)}`;
};

/** `blkid [devices...]`: one line per device that holds a filesystem; exit 2 when none matched. */
export const blkid: Tool = async (ctx) => {
  const want = ctx.args.filter((a) => !a.startsWith('-')).map((a) => a.replace(/^\/dev\//, ''));
  const found: { name: string; fstype: string }[] = [];
  for (const d of devices(ctx).get()) {
    if (d.fstype !== undefined) found.push({ name: d.name, fstype: d.fstype });
    for (const p of d.partitions ?? [])
      if (p.fstype !== undefined) found.push({ name: p.name, fstype: p.fstype });
  }
  const shown = want.length === 0 ? found : found.filter((f) => want.includes(f.name));
  for (const f of shown) ctx.out(`/dev/${f.name}: UUID="${uuidOf(f.name)}" TYPE="${f.fstype}"\n`);
  return shown.length === 0 ? 2 : 0;
};

/** `fdisk -l`: the disks with their sizes. */
export const fdisk: Tool = async (ctx) => {
  if (!ctx.args.includes('-l')) {
    ctx.err('fdisk: only -l is simulated\n');
    return 1;
  }
  for (const d of devices(ctx).get()) {
    if ((d.type ?? 'disk') !== 'disk') continue;
    ctx.out(
      `Disk /dev/${d.name}: ${human(d.sizeBytes)}, ${d.sizeBytes} bytes, ${Math.floor(d.sizeBytes / 512)} sectors\n`,
    );
    for (const p of d.partitions ?? []) ctx.out(`/dev/${p.name}  ${human(p.sizeBytes)} Linux\n`);
    ctx.out('\n');
  }
  return 0;
};

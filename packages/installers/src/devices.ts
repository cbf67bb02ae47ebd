/**
 * Block-device inventory: decode `lsblk -P -b -o NAME,TYPE,SIZE,MOUNTPOINT,FSTYPE,RO` and
 * `blkid`, then choose the disks that are safe to give to an SDS. A disk is offered only when it is
 * a whole `disk`, writable, has no partitions or holders, no mount point, no filesystem or other
 * signature, is not a loop/ram/mapper/scini/zram/optical device, passes the allow and deny lists,
 * and is at least the minimum size.
 */
import * as t from 'io-ts';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { decodeSafely } from './decode-report.js';
import { badOutput, type BadOutput } from './errors.js';

/**
 * The lsblk command line this package runs: the one form every supported util-linux accepts.
 * `-P` (key="value" pairs), `-b`, `-o` and these columns exist since util-linux 2.20 (Ubuntu
 * 14.04); `-J` only since 2.27 (not on Ubuntu 14.04 or RHEL/CentOS 7, util-linux 2.20/2.23) and
 * `-p` since 2.23 (util-linux release notes v2.20, v2.23, v2.27; `misc-utils/lsblk.c` at each tag).
 */
export const LSBLK_ARGV = [
  'lsblk',
  '-P',
  '-b',
  '-o',
  'NAME,TYPE,SIZE,MOUNTPOINT,FSTYPE,RO',
] as const;
/** The blkid command line this package runs (exit 2 with no output means "no signatures"). */
export const BLKID_ARGV = ['blkid'] as const;

/** lsblk prints numbers as numbers (util-linux ≥ 2.33) or strings (older); both are accepted. */
const NumLike = t.union([t.number, t.string]);
const BoolLike = t.union([t.boolean, t.string, t.number]);

interface LsblkNodeRaw {
  name: string;
  type: string;
  size?: number | string | null;
  mountpoint?: string | null;
  fstype?: string | null;
  ro?: boolean | string | number | null;
  children?: LsblkNodeRaw[];
}

const LsblkNodeRaw: t.Type<LsblkNodeRaw> = t.recursion('LsblkNode', () =>
  t.intersection([
    t.type({ name: t.string, type: t.string }),
    t.partial({
      size: t.union([NumLike, t.null]),
      mountpoint: t.union([t.string, t.null]),
      fstype: t.union([t.string, t.null]),
      ro: t.union([BoolLike, t.null]),
      children: t.array(LsblkNodeRaw),
    }),
  ]),
);

/** The codec of `lsblk -J` output. */
export const LsblkOutput = t.type({ blockdevices: t.array(LsblkNodeRaw) });

/** One block device as reported by lsblk, normalised. */
export interface BlockDevice {
  /** Full path, e.g. `/dev/xvdf`. */
  readonly path: string;
  /** lsblk TYPE: disk, part, loop, lvm, crypt, rom, … */
  readonly type: string;
  readonly sizeBytes: number;
  readonly mountpoint: string | null;
  readonly fstype: string | null;
  readonly readOnly: boolean;
  readonly children: readonly BlockDevice[];
}

/** What the host reports: the lsblk tree and the devices with a blkid signature (path → TYPE). */
export interface BlockInventory {
  readonly devices: readonly BlockDevice[];
  readonly signatures: Readonly<Record<string, string>>;
}

const toBool = (v: boolean | string | number | null | undefined): boolean =>
  v === true || v === 1 || v === '1' || v === 'true';

const normalise = (n: LsblkNodeRaw): BlockDevice => ({
  path: n.name.startsWith('/') ? n.name : `/dev/${n.name}`,
  type: n.type,
  sizeBytes: n.size === null || n.size === undefined ? 0 : Number(n.size),
  mountpoint: n.mountpoint ?? null,
  fstype: n.fstype ?? null,
  readOnly: toBool(n.ro),
  children: (n.children ?? []).map(normalise),
});

/** Decodes lsblk JSON text. */
export const parseLsblk = (text: string): Either<BadOutput, readonly BlockDevice[]> => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return left(badOutput('lsblk', `not JSON: ${(e as Error).message}`));
  }
  const decoded = decodeSafely(LsblkOutput, json);
  if (isLeft(decoded)) return left(badOutput('lsblk', decoded.left.join('; ')));
  try {
    return right(decoded.right.blockdevices.map(normalise));
  } catch {
    return left(badOutput('lsblk', 'device tree nested too deeply'));
  }
};

/** The devices that start a tree in lsblk's output; every other line belongs to the one above. */
const TOP_TYPES: ReadonlySet<string> = new Set(['disk', 'loop', 'rom']);

/** Unquotes one `-P` value (lsblk escapes `"` and `\\` with a backslash, others as `\\xHH`). */
const unquote = (v: string): string =>
  v.replace(/\\x([0-9a-fA-F]{2})|\\(.)/g, (_, hex: string | undefined, c: string | undefined) =>
    hex !== undefined ? String.fromCharCode(parseInt(hex, 16)) : (c ?? ''),
  );

/**
 * Decodes `lsblk -P` output. lsblk prints its tree depth-first, so a line that is not a whole
 * device (`part`, `lvm`, `crypt`, `raid1` …) belongs to the last whole device above it; those
 * lines become its children (flat: holders of partitions count as the disk's too).
 */
export const parseLsblkPairs = (text: string): Either<BadOutput, readonly BlockDevice[]> => {
  const out: { dev: BlockDevice; children: BlockDevice[] }[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const kv: Record<string, string> = {};
    for (const m of line.matchAll(/([A-Z][A-Z0-9:%_-]*)="((?:[^"\\]|\\.)*)"/g))
      kv[m[1] ?? ''] = unquote(m[2] ?? '');
    const name = kv['NAME'];
    const type = kv['TYPE'];
    const size = kv['SIZE'];
    if (
      name === undefined ||
      name === '' ||
      type === undefined ||
      size === undefined ||
      !/^\d+$/.test(size)
    )
      return left(
        badOutput(
          'lsblk',
          `line ${i + 1} is not NAME="…" TYPE="…" SIZE="<bytes>" …: ${line.slice(0, 120)}`,
        ),
      );
    const children: BlockDevice[] = [];
    const dev: BlockDevice = {
      path: name.startsWith('/') ? name : `/dev/${name}`,
      type,
      sizeBytes: Number(size),
      mountpoint:
        kv['MOUNTPOINT'] === undefined || kv['MOUNTPOINT'] === '' ? null : kv['MOUNTPOINT'],
      fstype: kv['FSTYPE'] === undefined || kv['FSTYPE'] === '' ? null : kv['FSTYPE'],
      readOnly: kv['RO'] === '1',
      children,
    };
    const top = out.at(-1);
    if (TOP_TYPES.has(type) || top === undefined) out.push({ dev, children });
    else top.children.push(dev);
  }
  return right(out.map((o) => o.dev));
};

/** Parses `blkid` lines (`/dev/sdb1: UUID="…" TYPE="ext4"`) into path → TYPE (or `signature`). */
export const parseBlkid = (text: string): Readonly<Record<string, string>> => {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^(\/dev\/[^:\s]+):(.*)$/.exec(line.trim());
    if (m?.[1] === undefined) continue;
    const type =
      /\bTYPE="([^"]*)"/.exec(m[2] ?? '')?.[1] ?? /\bPTTYPE="([^"]*)"/.exec(m[2] ?? '')?.[1];
    out[m[1]] = type ?? 'signature';
  }
  return out;
};

/** Which disks to consider. Patterns are exact paths or globs with `*` (e.g. `/dev/xvd*`). */
export interface DevicePolicy {
  /** When non-empty, only disks matching one of these are offered. */
  readonly allow?: readonly string[];
  /** Disks matching any of these are never offered. */
  readonly deny?: readonly string[];
  /** Smallest disk to offer, in bytes (default 1 byte: empty devices are never offered). */
  readonly minSizeBytes?: number;
}

/** A disk offered to an SDS. */
export interface FreeDisk {
  readonly path: string;
  readonly sizeBytes: number;
}

/** The result of {@link selectFreeDisks}: offered disks and, for every other device, why not. */
export interface DiskSelection {
  readonly offered: readonly FreeDisk[];
  readonly rejected: readonly { readonly path: string; readonly reason: string }[];
}

const globToRegExp = (glob: string): RegExp =>
  new RegExp(
    `^${glob
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

const matchesAny = (path: string, patterns: readonly string[]): boolean =>
  patterns.some((p) => globToRegExp(p).test(path));

const VIRTUAL_NAME = /^\/dev\/(loop|ram|zram|dm-|scini|sr|fd|nbd|md)\d*|^\/dev\/mapper\//;

const mountedBelow = (d: BlockDevice): string | undefined =>
  d.mountpoint !== null && d.mountpoint !== ''
    ? d.mountpoint
    : d.children.map(mountedBelow).find((m) => m !== undefined);

const rejectionReason = (
  d: BlockDevice,
  signatures: Readonly<Record<string, string>>,
  policy: DevicePolicy,
): string | undefined => {
  if (VIRTUAL_NAME.test(d.path)) return 'virtual device (loop, ram, mapper, scini, optical)';
  if (d.type !== 'disk') return `type ${d.type}, not a whole disk`;
  if (d.readOnly) return 'read-only';
  const mp = mountedBelow(d);
  if (mp !== undefined) return `mounted at ${mp}`;
  if (d.children.length > 0)
    return `has partitions or holders (${d.children.map((c) => c.path).join(', ')})`;
  if (d.fstype !== null && d.fstype !== '') return `holds a ${d.fstype} filesystem`;
  const sig = signatures[d.path];
  if (sig !== undefined) return `blkid finds a ${sig} signature`;
  if (policy.deny !== undefined && matchesAny(d.path, policy.deny)) return 'on the deny list';
  if (policy.allow !== undefined && policy.allow.length > 0 && !matchesAny(d.path, policy.allow))
    return 'not on the allow list';
  const min = policy.minSizeBytes ?? 1;
  if (d.sizeBytes < min) return `size ${d.sizeBytes} bytes is below the minimum ${min}`;
  return undefined;
};

/** Chooses the disks that may be given to an SDS (pure). Results are sorted by path. */
export const selectFreeDisks = (
  inventory: BlockInventory,
  policy: DevicePolicy = {},
): DiskSelection => {
  const offered: FreeDisk[] = [];
  const rejected: { path: string; reason: string }[] = [];
  for (const d of [...inventory.devices].sort((a, b) => a.path.localeCompare(b.path))) {
    const reason = rejectionReason(d, inventory.signatures, policy);
    if (reason === undefined) offered.push({ path: d.path, sizeBytes: d.sizeBytes });
    else rejected.push({ path: d.path, reason });
  }
  return { offered, rejected };
};

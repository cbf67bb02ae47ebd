/**
 * What each util-linux release's `lsblk` accepts and prints, read from its source at the release
 * tag (github.com/util-linux/util-linux, `misc-utils/lsblk.c`: the `getopt_long` option string,
 * `longopts[]` and the column table `infos[]`) and from its release notes
 * (`Documentation/releases/v2.NN-ReleaseNotes`). Only the releases the OS table uses are here.
 */

/** How `lsblk --json` prints values: not at all, every value a string, or typed. */
export type LsblkJson = 'none' | 'strings' | 'typed';

/** One util-linux release as its `lsblk` behaves. */
export interface UtilLinux {
  readonly version: string;
  /** The `getopt_long` short option string of `lsblk` (a letter followed by `:` takes a value). */
  readonly shortOpts: string;
  /** The long options of `lsblk`. */
  readonly longOpts: readonly string[];
  /** The columns `-o` accepts; any other is `lsblk: unknown column: X`, exit 1. */
  readonly columns: readonly string[];
  /**
   * `--json`: none before 2.27 (v2.27-ReleaseNotes: "lsblk … provide output in JSON format");
   * every value a string (empty ones `null`) until 2.32 (libsmartcols `print_data`, `case
   * SCOLS_FMT_JSON` at v2.32.1); numbers and booleans typed from 2.33 (v2.33-ReleaseNotes:
   * "differentiate between numbers, booleans and strings in JSON output").
   */
  readonly json: LsblkJson;
  /** Where the facts were read. */
  readonly source: string;
}

const V220_COLUMNS = [
  'NAME',
  'KNAME',
  'MAJ:MIN',
  'FSTYPE',
  'MOUNTPOINT',
  'LABEL',
  'UUID',
  'RO',
  'RM',
  'ROTA',
  'MODEL',
  'SIZE',
  'STATE',
  'OWNER',
  'GROUP',
  'MODE',
  'ALIGNMENT',
  'MIN-IO',
  'OPT-IO',
  'PHY-SEC',
  'LOG-SEC',
  'SCHED',
  'RQ-SIZE',
  'TYPE',
  'DISC-ALN',
  'DISC-GRAN',
  'DISC-MAX',
  'DISC-ZERO',
];

/** 2.20's columns and those 2.23 added to `infos[]` (`-o` checks membership only, not order). */
const V223_COLUMNS = [
  ...V220_COLUMNS,
  'PKNAME',
  'PARTLABEL',
  'PARTUUID',
  'RA',
  'RAND',
  'SERIAL',
  'WSAME',
  'WWN',
  'HCTL',
  'TRAN',
  'REV',
  'VENDOR',
];

const V227_COLUMNS = [...V223_COLUMNS, 'PARTTYPE', 'PARTFLAGS', 'HOTPLUG', 'SUBSYSTEMS'];
const V231_COLUMNS = [...V227_COLUMNS, 'ZONED'];
const V234_COLUMNS = [
  ...V231_COLUMNS,
  'PATH',
  'FSAVAIL',
  'FSSIZE',
  'FSUSED',
  'FSUSE%',
  'PTUUID',
  'PTTYPE',
];
const V237_COLUMNS = [...V234_COLUMNS, 'FSROOTS', 'FSVER', 'MOUNTPOINTS', 'PARTTYPENAME', 'DAX'];
const V238_COLUMNS = [
  ...V237_COLUMNS,
  'START',
  'ZONE-SZ',
  'ZONE-WGRAN',
  'ZONE-APP',
  'ZONE-NR',
  'ZONE-OMAX',
  'ZONE-AMAX',
];
const V239_COLUMNS = [...V238_COLUMNS, 'ID', 'ID-LINK', 'DISK-SEQ', 'MQ', 'PARTN'];

const LONG_220 = [
  'all',
  'bytes',
  'nodeps',
  'discard',
  'help',
  'output',
  'perms',
  'noheadings',
  'list',
  'ascii',
  'raw',
  'fs',
  'exclude',
  'topology',
  'pairs',
];
const LONG_223 = [...LONG_220, 'inverse', 'include', 'paths', 'scsi', 'version'];
const LONG_227 = [...LONG_223, 'json', 'output-all', 'sort'];
const LONG_231 = [...LONG_227, 'zoned', 'tree'];
const LONG_234 = [...LONG_231, 'dedup', 'merge', 'sysroot'];
const LONG_237 = [...LONG_234, 'width'];
const LONG_238 = [...LONG_237, 'noempty', 'shell'];
const LONG_239 = [...LONG_238, 'nvme', 'virtio'];

const src = (tag: string): string =>
  `util-linux ${tag}: misc-utils/lsblk.c (getopt_long string, longopts[], infos[])`;

/** The util-linux releases of the supported (and the one unsupported) OSes. */
export const UTIL_LINUX = {
  '2.20.1': {
    version: '2.20.1',
    shortOpts: 'abdDe:fhlnmo:Pirt',
    longOpts: LONG_220,
    columns: V220_COLUMNS,
    json: 'none',
    source: src('v2.20.1'),
  },
  '2.23.2': {
    version: '2.23.2',
    shortOpts: 'abdDe:fhlnmo:pPiI:rstVS',
    longOpts: LONG_223,
    columns: V223_COLUMNS,
    json: 'none',
    source: src('v2.23.2'),
  },
  '2.27.1': {
    version: '2.27.1',
    shortOpts: 'abdDe:fhJlnmo:OpPiI:rstVSx:',
    longOpts: LONG_227,
    columns: V227_COLUMNS,
    json: 'strings',
    source: src('v2.27.1'),
  },
  '2.31.1': {
    version: '2.31.1',
    shortOpts: 'abdDze:fhJlnmo:OpPiI:rstVSTx:',
    longOpts: LONG_231,
    columns: V231_COLUMNS,
    json: 'strings',
    source: src('v2.31.1'),
  },
  '2.32.1': {
    version: '2.32.1',
    shortOpts: 'abdDze:fhJlnmo:OpPiI:rstVSTx:',
    longOpts: LONG_231,
    columns: V231_COLUMNS,
    json: 'strings',
    source: src('v2.32.1'),
  },
  '2.34': {
    version: '2.34',
    shortOpts: 'abdDzE:e:fhJlnMmo:OpPiI:rstVST:x:',
    longOpts: LONG_234,
    columns: V234_COLUMNS,
    json: 'typed',
    source: src('v2.34'),
  },
  '2.37.2': {
    version: '2.37.2',
    shortOpts: 'abdDzE:e:fhJlnMmo:OpPiI:rstVST::w:x:',
    longOpts: LONG_237,
    columns: V237_COLUMNS,
    json: 'typed',
    source: src('v2.37.2'),
  },
  '2.38.1': {
    version: '2.38.1',
    shortOpts: 'AabdDzE:e:fhJlnMmo:OpPiI:rstVST::w:x:y',
    longOpts: LONG_238,
    columns: V238_COLUMNS,
    json: 'typed',
    source: src('v2.38.1'),
  },
  '2.39.3': {
    version: '2.39.3',
    shortOpts: 'AabdDzE:e:fhJlNnMmo:OpPiI:rstVvST::w:x:y',
    longOpts: LONG_239,
    columns: V239_COLUMNS,
    json: 'typed',
    source: src('v2.39.3'),
  },
} as const satisfies Record<string, UtilLinux>;

/** One of the util-linux releases of {@link UTIL_LINUX}. */
export type UtilLinuxVersion = keyof typeof UTIL_LINUX;

/** Whether the short option `c` takes a value in `shortOpts` (`x:`; `x::` is optional, glued only). */
export const shortOptArity = (
  shortOpts: string,
  c: string,
): 'none' | 'required' | 'optional' | undefined => {
  const i = shortOpts.indexOf(c);
  if (i < 0 || c === ':') return undefined;
  if (shortOpts[i + 1] !== ':') return 'none';
  return shortOpts[i + 2] === ':' ? 'optional' : 'required';
};

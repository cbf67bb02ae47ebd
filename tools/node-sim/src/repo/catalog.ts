/**
 * The packages the loopback repository serves: ScaleIO 2.0.1 (the original framework's defaults),
 * REX-Ray, dvdcli and the mesos-module-dvdi library. A package file is a small JSON document that
 * the fake `dpkg`/`rpm` decode; its sha256 is that of those bytes.
 */
import { createHash } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { osRow } from '../facts/os-table.js';
import type { OsId } from '../spec.js';

/** What a package installs, which decides its install-time effects. */
export const Component = t.keyof({
  mdm: null,
  sds: null,
  sdc: null,
  lia: null,
  gateway: null,
  rexray: null,
  dvdcli: null,
  isolator: null,
  other: null,
});
/** One of {@link Component}. */
export type Component = t.TypeOf<typeof Component>;

/** The content of a `.deb`/`.rpm` file from the repository. */
export const PackageFile = t.intersection([
  t.type({
    nodeSimPackage: t.literal(1),
    name: t.string,
    version: t.string,
    arch: t.string,
    format: t.keyof({ deb: null, rpm: null }),
    component: Component,
  }),
  t.partial({
    release: t.string,
    /** SDC only: the kernels its `scini` module is built for (`*` for a kABI family). */
    kernels: t.array(t.string),
  }),
]);
/** A decoded package file. */
export type PackageFile = t.TypeOf<typeof PackageFile>;

/** One file of the repository. */
export interface RepoFile {
  readonly file: string;
  readonly bytes: Buffer;
  readonly sha256: string;
  /** Set for packages; absent for plain files such as the isolator library. */
  readonly pkg?: PackageFile;
}

/** Decodes the bytes of a package file, or says why they are not one. */
export const decodePackageFile = (bytes: Buffer): E.Either<string, PackageFile> => {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    return E.left('not a package archive (unreadable header)');
  }
  const d = PackageFile.decode(raw);
  return E.isRight(d)
    ? E.right(d.right)
    : E.left(`not a package archive: ${PathReporter.report(d).join('; ')}`);
};

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const pkgFile = (file: string, pkg: Omit<PackageFile, 'nodeSimPackage'>): RepoFile => {
  const bytes = Buffer.from(JSON.stringify({ nodeSimPackage: 1, ...pkg }) + '\n');
  return { file, bytes, sha256: sha(bytes), pkg: { nodeSimPackage: 1, ...pkg } };
};

const plainFile = (file: string, text: string): RepoFile => {
  const bytes = Buffer.from(text);
  return { file, bytes, sha256: sha(bytes) };
};

const SCALEIO: readonly ('mdm' | 'sds' | 'sdc' | 'lia' | 'gateway')[] = [
  'mdm',
  'sds',
  'sdc',
  'lia',
  'gateway',
];

const UBUNTU_VERSIONS = ['14.04', '16.04', '18.04', '20.04', '22.04'];
const EL_VERSIONS = ['7', '8'];

/**
 * The ScaleIO package files of one version (`2.0-10000.2072` style): a `.deb` per Ubuntu release
 * (`EMC-ScaleIO-sds-<v>.Ubuntu.20.04.x86_64.deb`, gateway `emc-scaleio-gateway_<v>_amd64.deb`) and
 * an `.rpm` per EL release (`EMC-ScaleIO-sds-<v>.el7.x86_64.rpm`, gateway `EMC-ScaleIO-gateway-<v>.x86_64.rpm`).
 * A per-release `.deb` carries its release in its dpkg version, as the real ones do ("Unpacking
 * emc-scaleio-sdc (2.0-5014.0.Ubuntu.14.04)", rexray/rexray#386); the SDC carries the kernels its
 * scini module covers, from the facts table.
 */
export const scaleioFiles = (version: string): RepoFile[] => {
  const [major, build] = version.split('-') as [string, string];
  return SCALEIO.flatMap((c) => {
    const kernels = (os: OsId) => (c === 'sdc' ? { kernels: [...osRow(os).sdcKernels] } : {});
    const deb = (file: string, ubuntu: string | undefined): RepoFile =>
      pkgFile(file, {
        name: `emc-scaleio-${c}`,
        version: ubuntu === undefined ? version : `${version}.Ubuntu.${ubuntu}`,
        arch: 'amd64',
        format: 'deb',
        component: c,
        ...(ubuntu === undefined ? {} : kernels(`ubuntu-${ubuntu}` as OsId)),
      });
    const rpm = (file: string, el: string | undefined): RepoFile =>
      pkgFile(file, {
        name: `EMC-ScaleIO-${c}`,
        version: major,
        release: el === undefined ? build : `${build}.el${el}`,
        arch: el === undefined ? 'noarch' : 'x86_64',
        format: 'rpm',
        component: c,
        ...(el === undefined ? {} : kernels(`rhel-${el}` as OsId)),
      });
    return c === 'gateway'
      ? [
          deb(`emc-scaleio-gateway_${version}_amd64.deb`, undefined),
          rpm(`EMC-ScaleIO-gateway-${version}.x86_64.rpm`, undefined),
        ]
      : [
          ...UBUNTU_VERSIONS.map((u) =>
            deb(`EMC-ScaleIO-${c}-${version}.Ubuntu.${u}.x86_64.deb`, u),
          ),
          ...EL_VERSIONS.map((el) => rpm(`EMC-ScaleIO-${c}-${version}.el${el}.x86_64.rpm`, el)),
        ];
  });
};

/** REX-Ray and dvdcli packages of one version each (`<name>_<v>-1_amd64.deb`, `<name>-<v>-1.x86_64.rpm`). */
const toolFiles = (name: 'rexray' | 'dvdcli', version: string): RepoFile[] => [
  pkgFile(`${name}_${version}-1_amd64.deb`, {
    name,
    version: `${version}-1`,
    arch: 'amd64',
    format: 'deb',
    component: name,
  }),
  pkgFile(`${name}-${version}-1.x86_64.rpm`, {
    name,
    version,
    release: '1',
    arch: 'x86_64',
    format: 'rpm',
    component: name,
  }),
];

/** The mesos-module-dvdi library of one version. */
export const isolatorFile = (version: string): RepoFile =>
  plainFile(
    `libmesos_dvdi_isolator-${version}.so`,
    `\u007fELF node-sim mesos-module-dvdi ${version}\n`,
  );

/** The default catalog: ScaleIO 2.0-10000.2072 and 2.0-13000.211, REX-Ray 0.11.4, dvdcli 0.3.1, dvdi 1.0.1. */
export const defaultCatalog = (): RepoFile[] => [
  ...scaleioFiles('2.0-10000.2072'),
  ...scaleioFiles('2.0-13000.211'),
  ...toolFiles('rexray', '0.11.4'),
  ...toolFiles('dvdcli', '0.3.1'),
  isolatorFile('1.0.1'),
];

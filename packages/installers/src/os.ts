/**
 * OS detection from `/etc/os-release`: Ubuntu 14.04–22.04, RHEL/CentOS (and Rocky/Alma) 7 and 8,
 * Flatcar / Container Linux. Each answered with its package format, installer and init system,
 * or with `unsupported` and why. Unknown input is a result, never a crash.
 */
import * as t from 'io-ts';
import { isLeft, right, type Either } from 'fp-ts/lib/Either.js';
import type { HostError } from './errors.js';
import type { Host } from './host.js';

/** The platform families plans know. */
export const OsFamily = t.keyof({ ubuntu: null, rhel: null, flatcar: null });
/** The platform families plans know. */
export type OsFamily = t.TypeOf<typeof OsFamily>;

/** A supported platform (codec; travels in step specs). */
export const SupportedOs = t.type({
  _tag: t.literal('supported'),
  family: OsFamily,
  /** `ID` from os-release, e.g. `ubuntu`, `centos`, `rhel`, `flatcar`. */
  id: t.string,
  /** `VERSION_ID`, e.g. `20.04`, `7`, `3510.2.0`. */
  version: t.string,
  /** `PRETTY_NAME` or a synthesised one. */
  name: t.string,
  packageFormat: t.keyof({ dpkg: null, rpm: null, none: null }),
  installer: t.keyof({ apt: null, yum: null, none: null }),
  init: t.keyof({ systemd: null, upstart: null, sysvinit: null }),
});
/** A supported platform. */
export type SupportedOs = t.TypeOf<typeof SupportedOs>;

/** An unsupported platform and why. */
export const UnsupportedOs = t.intersection([
  t.type({ _tag: t.literal('unsupported'), reason: t.string }),
  t.partial({ id: t.string, version: t.string }),
]);
/** An unsupported platform and why. */
export type UnsupportedOs = t.TypeOf<typeof UnsupportedOs>;

/** The answer of OS detection. */
export const OsInfo = t.union([SupportedOs, UnsupportedOs]);
/** The answer of OS detection. */
export type OsInfo = t.TypeOf<typeof OsInfo>;

/** Parses os-release `KEY=value` lines (values may be quoted; `#` comments ignored). */
export const parseOsRelease = (text: string): Readonly<Record<string, string>> => {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m?.[1] === undefined) continue;
    let v = (m[2] ?? '').trim();
    if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.at(-1) === v[0])
      v = v.slice(1, -1).replace(/\\(["'$`\\])/g, '$1');
    out[m[1]] = v;
  }
  return out;
};

const unsupported = (reason: string, id?: string, version?: string): UnsupportedOs => ({
  _tag: 'unsupported',
  reason,
  ...(id === undefined ? {} : { id }),
  ...(version === undefined ? {} : { version }),
});

const UBUNTU_MIN = 14.04;
const UBUNTU_MAX = 22.04;
const RHEL_LIKE = new Set(['rhel', 'centos', 'rocky', 'almalinux']);

/** Classifies parsed os-release fields (pure). */
export const classifyOs = (f: Readonly<Record<string, string>>): OsInfo => {
  const id = (f['ID'] ?? '').toLowerCase();
  const version = f['VERSION_ID'] ?? '';
  const name = f['PRETTY_NAME'] ?? f['NAME'] ?? `${id} ${version}`.trim();
  if (id === '') return unsupported('/etc/os-release has no ID field');
  if (id === 'ubuntu') {
    const v = Number(version);
    if (!/^\d+\.\d+$/.test(version) || Number.isNaN(v))
      return unsupported(`Ubuntu VERSION_ID "${version}" is not a release number`, id, version);
    if (v < UBUNTU_MIN || v > UBUNTU_MAX)
      return unsupported(`Ubuntu ${version} is not supported (14.04 to 22.04 are)`, id, version);
    return {
      _tag: 'supported',
      family: 'ubuntu',
      id,
      version,
      name,
      packageFormat: 'dpkg',
      installer: 'apt',
      init: v < 15.04 ? 'upstart' : 'systemd',
    };
  }
  if (RHEL_LIKE.has(id)) {
    const major = /^(\d+)/.exec(version)?.[1];
    if (major !== '7' && major !== '8')
      return unsupported(`${name} is not supported (RHEL/CentOS 7 and 8 are)`, id, version);
    return {
      _tag: 'supported',
      family: 'rhel',
      id,
      version,
      name,
      packageFormat: 'rpm',
      installer: 'yum',
      init: 'systemd',
    };
  }
  if (id === 'flatcar' || id === 'coreos') {
    return {
      _tag: 'supported',
      family: 'flatcar',
      id,
      version,
      name,
      packageFormat: 'none',
      installer: 'none',
      init: 'systemd',
    };
  }
  const like = f['ID_LIKE'] ?? '';
  return unsupported(
    `${name} (ID=${id}${like === '' ? '' : `, ID_LIKE=${like}`}) is not a supported OS: Ubuntu 14.04-22.04, RHEL/CentOS 7-8 and Flatcar are`,
    id,
    version,
  );
};

/** Reads `/etc/os-release` on the host and classifies it. A missing file is `unsupported`. */
export const detectOs = async (host: Host): Promise<Either<HostError, OsInfo>> => {
  const text = await host.readFile('/etc/os-release');
  if (isLeft(text)) return text;
  if (text.right === undefined) {
    const rh = await host.readFile('/etc/redhat-release');
    if (isLeft(rh)) return rh;
    return right(
      unsupported(
        rh.right === undefined
          ? '/etc/os-release is missing'
          : `/etc/os-release is missing; /etc/redhat-release says "${rh.right.trim()}" (RHEL/CentOS 6 and older are not supported)`,
      ),
    );
  }
  return right(classifyOs(parseOsRelease(text.right)));
};

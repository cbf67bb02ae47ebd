/**
 * Package files from the repository, verified before they are installed: where a file comes from
 * (base URL, an https repository's CA), the sha256 it must have (given by the operator, never read
 * from the repository itself), and the steps that download it into the node's cache, check it
 * with the node's own `sha256sum` and only then hand it to dpkg/rpm. A file whose digest differs
 * is removed and its step fails; a file with no configured digest is never installed.
 */
import * as t from 'io-ts';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import type { HostError } from '../errors.js';
import type { Host } from '../host.js';
import type { SupportedOs } from '../os.js';
import { blocked, done, pending, type Action, type InstallStep, type StepCheck } from '../plan.js';
import type { Text } from '../secret.js';
import { CACHE_DIR, sameVersion } from './common.js';

/** Joins a repository base URL and a file name. */
export const repoUrl = (baseUrl: string, file: string): string =>
  `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(file)}`;

/**
 * Where a package file comes from and what it must hash to (codec): the repository's base URL and
 * the version; optionally the file name (default: named as the release assets), its sha256, or
 * the sha256 of every repository file by file name (`sha256s`, from which this file's is taken),
 * and the PEM CA bundle that signed an https repository's certificate (default: the system CAs).
 */
export const PackageSource = t.intersection([
  t.type({ baseUrl: t.string, version: t.string }),
  t.partial({
    file: t.string,
    sha256: t.string,
    sha256s: t.record(t.string, t.string),
    ca: t.string,
  }),
]);
/** Where a package file comes from and what it must hash to. */
export type PackageSource = t.TypeOf<typeof PackageSource>;

/** The sha256 `file` must have (lowercase hex): the source's own `sha256`, else its `sha256s` entry. */
export const expectedSha256 = (src: PackageSource, file: string): string | undefined =>
  (src.sha256 ?? src.sha256s?.[file])?.toLowerCase();

/** The check's reason for refusing a file nobody gave a digest for. */
export const noSha256Reason = (file: string): string =>
  `no sha256 configured for ${file}: a package file is installed only after it matched its configured sha256 (the scheduler's --package-sha256-file lists one per repository file)`;

const SUM_LINE = /^\\?([0-9a-fA-F]{64}) [ *](.+)$/;

/**
 * Reads `sha256sum` output (the `SHA256SUMS` format: `<64 hex digits>  <file name>` per line, `*`
 * before the name in binary mode, blank lines and `#` comments ignored) into a map from file name
 * (a leading `./` dropped) to lowercase digest. Refuses an empty list, a malformed line and a
 * name listed twice with different digests, naming the line by its number only.
 */
export const parseSha256Sums = (text: string): Either<string, Readonly<Record<string, string>>> => {
  const sums: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = SUM_LINE.exec(line);
    if (m?.[1] === undefined || m[2] === undefined)
      // The line itself is not echoed: a wrong file given here may hold anything, secrets too.
      return left(`line ${i + 1} is not "<sha256>  <file name>" (sha256sum output)`);
    const name = m[2].replace(/^\.\//, '');
    const sum = m[1].toLowerCase();
    if (sums[name] !== undefined && sums[name] !== sum)
      return left(`line ${i + 1}: ${name} is listed twice with different sha256 values`);
    sums[name] = sum;
  }
  return Object.keys(sums).length === 0
    ? left('no "<sha256>  <file name>" line in it')
    : right(sums);
};

/**
 * Download `file` from `src` into `dest`, then verify it there with `sha256sum` (a mismatch
 * removes it and fails the step, so the actions after these never see it).
 */
export const verifiedFetch = (
  src: PackageSource,
  file: string,
  dest: string,
  sha256: string,
): Action[] => {
  const url = repoUrl(src.baseUrl, file);
  return [
    { kind: 'download', url, dest, ...(src.ca === undefined ? {} : { ca: src.ca }) },
    { kind: 'verify', path: dest, sha256, source: url },
  ];
};

/** A package to install from a file in the repository. */
export interface PackageFile {
  /** Package name as dpkg/rpm know it. */
  readonly name: string;
  /** Version the file holds. */
  readonly version: string;
  /** File name in the repository. */
  readonly file: string;
  /** Where it comes from and its expected digest. */
  readonly source: PackageSource;
  /** Environment for the install command (e.g. `MDM_IP`, `TOKEN`). */
  readonly env?: Readonly<Record<string, Text>>;
}

const packageFormatOf = (os: SupportedOs): Either<string, 'dpkg' | 'rpm'> =>
  os.packageFormat === 'none'
    ? left(`${os.name} has no package manager; ScaleIO and REX-Ray packages need dpkg or rpm`)
    : right(os.packageFormat);

/** Checks the installed version of a package against the wanted one. */
export const checkPackage = async (
  host: Host,
  os: SupportedOs,
  name: string,
  version: string,
): Promise<Either<HostError, StepCheck>> => {
  const fmt = packageFormatOf(os);
  if (isLeft(fmt)) return right(blocked(fmt.left));
  const v = await host.packageVersion(fmt.right, name);
  if (isLeft(v)) return v;
  if (v.right === undefined) return right(pending(`${name} is not installed; want ${version}`));
  return right(
    sameVersion(v.right, version)
      ? done(`${name} ${v.right} installed`)
      : pending(`${name} ${v.right} installed; want ${version}`),
  );
};

/**
 * A check that blocks, instead of asking for an install, when the file has no configured sha256.
 * What is already installed stays `done`: only a download needs a digest.
 */
export const needsDigest =
  (
    file: string,
    sha256: string | undefined,
    check: (host: Host) => Promise<Either<HostError, StepCheck>>,
  ) =>
  async (host: Host): Promise<Either<HostError, StepCheck>> => {
    const c = await check(host);
    return isLeft(c) || c.right._tag !== 'pending' || sha256 !== undefined
      ? c
      : right(blocked(noSha256Reason(file)));
  };

/**
 * The step that installs a package file unless that version is installed: download it into the
 * cache, verify its sha256 there with `sha256sum`, then `dpkg -i` / `rpm -Uvh` it.
 */
export const packageStep = (
  id: string,
  description: string,
  os: SupportedOs,
  p: PackageFile,
): InstallStep => {
  const dest = `${CACHE_DIR}/${p.file}`;
  const sha256 = expectedSha256(p.source, p.file);
  const env = p.env === undefined ? {} : { env: p.env };
  const install: Action =
    os.packageFormat === 'rpm'
      ? { kind: 'run', argv: ['rpm', '-Uvh', dest], ...env }
      : { kind: 'run', argv: ['dpkg', '-i', dest], ...env };
  return {
    id,
    description,
    check: needsDigest(p.file, sha256, (host) => checkPackage(host, os, p.name, p.version)),
    // No package manager (Flatcar): nothing to run; the check says why the step is blocked.
    // No digest: nothing to run either; the check blocks with the reason.
    actions:
      os.packageFormat === 'none' || sha256 === undefined
        ? []
        : [...verifiedFetch(p.source, p.file, dest, sha256), install],
  };
};

// Third-party licence notices for a bundle: every npm package esbuild put into it (read from
// esbuild's metafile), with its name, version, licence (the package.json `license` field, or the
// old `licenses` array) and the text of its own licence files (LICENSE, LICENCE, COPYING, NOTICE
// in any case, with or without an extension). esbuild's `legalComments` only keeps `/*! … */`
// comments from the sources, which most packages do not have: the licence files are what their
// licences ask to be carried along.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/** Files a package ships its licence (or notice) in. */
const LICENSE_FILE = /^(licen[cs]e|copying|notice)([-_.][^/]*)?$/i;

/**
 * The package directory of a bundled file, or undefined for our own sources: the part of its
 * path up to the last `node_modules/<name>` or `node_modules/@scope/<name>`.
 * @param {string} file a path (absolute or relative) of an input of the bundle
 * @returns {string | undefined}
 */
export const packageDirOf = (file) => {
  const parts = file.split(/[\\/]/);
  const i = parts.lastIndexOf('node_modules');
  if (i < 0 || i + 1 >= parts.length) return undefined;
  const scoped = parts[i + 1]?.startsWith('@');
  if (scoped && i + 2 >= parts.length) return undefined;
  return parts.slice(0, i + (scoped ? 3 : 2)).join(sep);
};

/**
 * The licence of a package.json: `license` (SPDX expression), else the old `licenses` array.
 * @param {Record<string, unknown>} pkg
 * @returns {string | undefined}
 */
export const licenseOf = (pkg) => {
  const l = pkg['license'];
  if (typeof l === 'string' && l.trim() !== '') return l.trim();
  if (l !== null && typeof l === 'object' && typeof l.type === 'string') return l.type;
  const ls = pkg['licenses'];
  if (Array.isArray(ls)) {
    const types = ls.map((x) => (typeof x === 'string' ? x : x?.type)).filter(Boolean);
    if (types.length > 0) return types.length === 1 ? types[0] : `(${types.join(' OR ')})`;
  }
  return undefined;
};

/**
 * One bundled package: read from its directory.
 * @param {string} dir
 * @returns {{ name: string, version: string, license: string | undefined, repository: string | undefined, files: { name: string, text: string }[] }}
 */
export const readPackage = (dir) => {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const repo = pkg.repository;
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && LICENSE_FILE.test(e.name))
    .map((e) => e.name)
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8').replace(/\s+$/, '') }));
  return {
    name: String(pkg.name ?? dir),
    version: String(pkg.version ?? '0.0.0'),
    license: licenseOf(pkg),
    repository:
      typeof repo === 'string' ? repo : typeof repo?.url === 'string' ? repo.url : undefined,
    files,
  };
};

/**
 * The third-party packages of one or more bundles, from their esbuild metafiles: name, version,
 * licence, licence files, and which bundles carry it. Our own workspace packages are not
 * listed (the LICENSE of the release covers them).
 * @param {{ bundle: string, metafile: { inputs: Record<string, unknown> } }[]} bundles
 * @param {string} workingDir the `absWorkingDir` the metafile paths are relative to
 */
export const bundledPackages = (bundles, workingDir) => {
  /** @type {Map<string, ReturnType<typeof readPackage> & { bundles: string[] }>} */
  const byDir = new Map();
  for (const { bundle, metafile } of bundles)
    for (const input of Object.keys(metafile.inputs)) {
      const rel = packageDirOf(input);
      if (rel === undefined) continue;
      const dir = resolve(workingDir, rel);
      if (!existsSync(join(dir, 'package.json'))) continue;
      const known = byDir.get(dir) ?? { ...readPackage(dir), bundles: [] };
      if (!known.bundles.includes(bundle)) known.bundles.push(bundle);
      byDir.set(dir, known);
    }
  /** @type {Map<string, ReturnType<typeof readPackage> & { bundles: string[] }>} */
  const byId = new Map();
  for (const p of byDir.values()) {
    const id = `${p.name}@${p.version}`;
    const prev = byId.get(id);
    if (prev === undefined) byId.set(id, p);
    else for (const b of p.bundles) if (!prev.bundles.includes(b)) prev.bundles.push(b);
  }
  return [...byId.values()].sort((a, b) =>
    a.name === b.name ? a.version.localeCompare(b.version) : a.name < b.name ? -1 : 1,
  );
};

const RULE = '='.repeat(78);

/**
 * The notices text: a summary line per package, then each package's licence files. A package
 * without a licence file gets its declared licence and a line saying so; one without either
 * is named as such (the test of the release fails on it).
 * @param {string} product
 * @param {ReturnType<typeof bundledPackages>} packages
 */
export const renderNotices = (product, packages) => {
  const out = [
    `Third-party software in ${product}`,
    '',
    `The bundled binaries contain the following ${packages.length} npm packages. Each is`,
    'distributed under its own licence, reproduced below from the files the package ships.',
    '',
    ...packages.map(
      (p) =>
        `  ${`${p.name} ${p.version}`.padEnd(44)} ${p.license ?? 'UNKNOWN'}  (${p.bundles.join(', ')})`,
    ),
    '',
  ];
  for (const p of packages) {
    out.push(
      RULE,
      `${p.name} ${p.version}`,
      `License: ${p.license ?? 'UNKNOWN (no license field)'}`,
    );
    if (p.repository !== undefined) out.push(`Source: ${p.repository}`);
    out.push(`Bundled in: ${p.bundles.join(', ')}`, RULE, '');
    if (p.files.length === 0)
      out.push(
        `(The package ships no licence file; its package.json declares ${p.license ?? 'no licence'}.${p.license === 'Apache-2.0' ? ' The Apache License 2.0 text is the LICENSE file of this release.' : ''})`,
        '',
      );
    for (const f of p.files) out.push(`--- ${f.name}`, '', f.text, '');
  }
  return `${out.join('\n')}\n`;
};

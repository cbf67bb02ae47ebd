// Every library builds to dist/ with declarations and an exports map, and packs only what a
// user needs. One `npm pack --dry-run` for all of them and one plain-node process importing each
// (a dozen npm and node start-ups took over a minute); each library still has its own tests.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { publishedLibraries } from '../src/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Computed once, on first use: what a fact about every library costs one process. */
const once = <A>(f: () => A): (() => A) => {
  let memo: { value: A } | undefined;
  return () => (memo ??= { value: f() }).value;
};

/** `npm pack --dry-run` of every library in one call: file lists by package name. */
const packed = once((): ReadonlyMap<string, readonly string[]> => {
  const out = execFileSync(
    'npm',
    [
      'pack',
      '--dry-run',
      '--json',
      '--ignore-scripts',
      ...publishedLibraries.flatMap((lib) => ['--workspace', `packages/${lib}`]),
    ],
    { cwd: root, encoding: 'utf8' },
  );
  const list = JSON.parse(out) as { name: string; files: { path: string }[] }[];
  return new Map(list.map((p) => [p.name, p.files.map((f) => f.path)]));
});

/**
 * Each library imported under plain node (no tsx), all in one process: its error message per
 * library, `''` when the import succeeded.
 */
const imported = once((): Readonly<Record<string, string>> => {
  const env = { ...process.env, NODE_OPTIONS: '' };
  const code = `
    const out = {};
    for (const lib of ${JSON.stringify(publishedLibraries)}) {
      try { await import('@scaleio-framework/' + lib); out[lib] = ''; }
      catch (e) { out[lib] = String(e && e.message ? e.message : e); }
    }
    process.stdout.write(JSON.stringify(out));`;
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', code], {
      cwd: root,
      env,
      encoding: 'utf8',
    }),
  ) as Record<string, string>;
});

for (const lib of publishedLibraries) {
  const dir = join(root, 'packages', lib);

  test(`${lib}: exports map points at built JS and declarations`, () => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    assert.is(pkg.private, undefined, 'a library must be publishable');
    assert.is(pkg.type, 'module');
    const entry = pkg.exports['.'];
    assert.ok(existsSync(join(dir, entry.default)), `${entry.default} is built`);
    assert.ok(existsSync(join(dir, entry.types)), `${entry.types} is built`);
  });

  test(`${lib}: npm pack lists only package.json, README and built files`, () => {
    const files = packed().get(`@scaleio-framework/${lib}`);
    assert.ok(files, `npm pack reported @scaleio-framework/${lib}`);
    const stray = files.filter(
      (f) => !(f === 'package.json' || f === 'README.md' || /^dist\/.*\.(js|d\.ts)$/.test(f)),
    );
    assert.equal(stray, []);
    assert.ok(files.includes('dist/index.js'));
    assert.ok(files.includes('dist/index.d.ts'));
  });

  test(`${lib}: the built package imports under plain node (no tsx)`, () => {
    // node's own message when an import cannot be resolved or fails at load.
    assert.is(imported()[lib], '', `@scaleio-framework/${lib} failed to import`);
  });
}

test.run();

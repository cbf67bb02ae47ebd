// Every library builds to dist/ with declarations and an exports map, and packs only what a
// user needs.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { publishedLibraries } from '../src/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

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
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
    const stray = files.filter(
      (f) => !(f === 'package.json' || f === 'README.md' || /^dist\/.*\.(js|d\.ts)$/.test(f)),
    );
    assert.equal(stray, []);
    assert.ok(files.includes('dist/index.js'));
    assert.ok(files.includes('dist/index.d.ts'));
  });

  test(`${lib}: the built package imports under plain node (no tsx)`, () => {
    const env = { ...process.env, NODE_OPTIONS: '' };
    const code = `await import('@scaleio-framework/${lib}')`;
    // Throws (failing the test) with node's message if any import cannot be resolved.
    execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, env });
  });
}

test.run();

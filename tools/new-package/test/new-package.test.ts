import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addRootReferences, packageFiles, parseArgs } from '../bin/new-package.mjs';

test('parses a directory, one layer tag and dependencies', () => {
  const o = parseArgs(['packages/foo', '--tag', 'layer:client', '--dep', 'got', '--bin', 'foo']);
  assert.equal(o, {
    dir: 'packages/foo',
    tags: ['layer:client'],
    deps: ['got'],
    bins: ['foo'],
    description: '',
  });
});

test('refuses a missing layer, two layers, an odd directory and unknown options', () => {
  assert.throws(() => parseArgs(['packages/foo']), /exactly one --tag/);
  assert.throws(
    () => parseArgs(['packages/foo', '--tag', 'layer:client', '--tag', 'layer:core']),
    /exactly one --tag/,
  );
  assert.throws(() => parseArgs(['src/foo', '--tag', 'layer:core']), /directory must be/);
  assert.throws(
    () => parseArgs(['packages/foo', '--tag', 'layer:core', '--nope']),
    /unknown option/,
  );
  assert.throws(() => parseArgs(['packages/foo', '--tag']), /needs a value/);
});

test('a library gets exports, a files list, tags, tsconfigs, README and a test', () => {
  const files = packageFiles(
    parseArgs([
      'packages/foo',
      '--tag',
      'layer:provider',
      '--dep',
      '@scaleio-framework/bar',
      '--dep',
      'got',
    ]),
    { got: '14.6.6' },
    (short: string) => `tools/${short}`,
  );
  assert.equal(Object.keys(files).sort(), [
    'README.md',
    'package.json',
    'src/index.ts',
    'test/index.test.ts',
    'test/tsconfig.json',
    'tsconfig.json',
  ]);
  const pkg = JSON.parse(files['package.json']);
  assert.is(pkg.name, '@scaleio-framework/foo');
  assert.is(pkg.private, undefined);
  assert.equal(pkg.exports['.'], { types: './dist/index.d.ts', default: './dist/index.js' });
  assert.equal(pkg.dependencies, { '@scaleio-framework/bar': '*', got: '14.6.6' });
  assert.equal(pkg.nx.tags, ['layer:provider']);
  assert.ok(pkg.files.includes('dist'));
  const ts = JSON.parse(files['tsconfig.json']);
  assert.equal(ts.references, [{ path: '../../tools/bar' }]);
});

test('apps and tools are private; bins point into dist', () => {
  const files = packageFiles(parseArgs(['apps/x', '--tag', 'layer:app', '--bin', 'x-run']));
  const pkg = JSON.parse(files['package.json']);
  assert.is(pkg.private, true);
  assert.equal(pkg.bin, { 'x-run': './dist/bin/x-run.js' });
  assert.ok(files['src/bin/x-run.ts']);
});

test('root references are added once and kept sorted', () => {
  const once = addRootReferences({ references: [{ path: './packages/z' }] }, 'packages/a');
  const twice = addRootReferences(once, 'packages/a');
  assert.equal(
    twice.references.map((r: { path: string }) => r.path),
    ['./packages/a', './packages/a/test', './packages/z'],
  );
  assert.equal(twice.files, []);
});

test.run();

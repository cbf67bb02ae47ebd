// The third-party notices generator of the bundles (scripts/notices.mjs): which package an input
// file belongs to, the declared licence in its modern and old forms, and the rendered text.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withTempDir } from '@scaleio-framework/testkit';
import { bundledPackages, licenseOf, packageDirOf, renderNotices } from '../scripts/notices.mjs';

test('an input belongs to the package of its last node_modules segment; our sources to none', () => {
  assert.is(packageDirOf('../../node_modules/got/dist/source/index.js'), '../../node_modules/got');
  assert.is(
    packageDirOf('node_modules/@aws-sdk/client-ec2/node_modules/@smithy/types/dist-cjs/index.js'),
    'node_modules/@aws-sdk/client-ec2/node_modules/@smithy/types',
  );
  assert.is(packageDirOf('packages/state/dist/zk-client.js'), undefined);
  assert.is(packageDirOf('node_modules/@scope'), undefined);
});

test('the licence: the SPDX field, the old object and array forms, or none', () => {
  assert.is(licenseOf({ license: 'MIT' }), 'MIT');
  assert.is(licenseOf({ license: { type: 'BSD-3-Clause' } }), 'BSD-3-Clause');
  assert.is(
    licenseOf({ licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] }),
    '(MIT OR Apache-2.0)',
  );
  assert.is(licenseOf({}), undefined);
});

test('notices list each package once with its bundles and reproduce its licence files', () =>
  withTempDir('notices-', async (dir) => {
    const pkg = (
      name: string,
      version: string,
      files: Record<string, string>,
      license?: string,
    ) => {
      const d = join(dir, 'node_modules', name);
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, 'package.json'), JSON.stringify({ name, version, license }));
      for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
    };
    pkg('a', '1.0.0', { LICENSE: 'A licence text\n', 'README.md': 'not a licence' }, 'MIT');
    pkg('@s/b', '2.0.0', {}, 'Apache-2.0');
    const packages = bundledPackages(
      [
        {
          bundle: 'one.mjs',
          metafile: { inputs: { 'node_modules/a/x.js': {}, 'src/own.js': {} } },
        },
        {
          bundle: 'two.mjs',
          metafile: { inputs: { 'node_modules/a/y.js': {}, 'node_modules/@s/b/z.js': {} } },
        },
      ],
      dir,
    );
    assert.equal(
      packages.map((p) => [p.name, p.version, p.license, p.bundles, p.files.map((f) => f.name)]),
      [
        ['@s/b', '2.0.0', 'Apache-2.0', ['two.mjs'], []],
        ['a', '1.0.0', 'MIT', ['one.mjs', 'two.mjs'], ['LICENSE']],
      ],
    );
    const text = renderNotices('product 1', packages);
    assert.match(text, /following 2 npm packages/);
    assert.match(
      text,
      /\na 1\.0\.0\nLicense: MIT\nBundled in: one\.mjs, two\.mjs\n=+\n\n--- LICENSE\n\nA licence text\n/,
    );
    assert.match(
      text,
      /ships no licence file; its package\.json declares Apache-2\.0\. The Apache License 2\.0 text is the LICENSE file of this release/,
    );
    assert.not.match(text, 'not a licence');
  }));

test.run();

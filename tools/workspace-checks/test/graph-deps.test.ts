// Imports of an app, unused and undeclared dependencies, and the allow-list, on fixtures.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatReport, scanWorkspace, violationCount, type Allowance } from '../src/index.js';
import { manifest, pkg, removeWorkspaces, writeWorkspace } from './graph-fixture.js';

test.after.each(removeWorkspaces);

const scan = (files: Record<string, string>, allowList: readonly Allowance[] = []) =>
  scanWorkspace(writeWorkspace(files), { allowList });

const app = {
  'apps/app/package.json': manifest('@t/app', { dependencies: ['@t/lib'] }),
  'apps/app/src/index.ts': "import { lib } from '@t/lib';\nexport const app = lib;\n",
};

test('a library importing the app, by name or by a relative path into apps/, is reported', () => {
  const r = scan({
    ...app,
    ...pkg('lib', "import type { App } from '@t/app/types';\nexport const lib = 1;\n", {
      dependencies: ['@t/app'],
    }),
    'apps/app/src/types.ts': 'export type App = 1;\n',
    'packages/lib/test/lib.test.ts':
      "import { app } from '../../../apps/app/src/index.js';\napp;\n",
    'e2e/package.json': manifest('@t/e2e', { devDependencies: ['@t/app'] }),
    'e2e/src/run.ts': "export const run = () => import('@t/app');\n",
  });
  assert.equal(
    r.appImports.map((a) => `${a.file}:${a.line} ${a.specifier} ${a.app}`),
    [
      'e2e/src/run.ts:1 @t/app @t/app',
      'packages/lib/src/index.ts:1 @t/app/types @t/app',
      'packages/lib/test/lib.test.ts:1 ../../../apps/app/src/index.js @t/app',
    ],
    formatReport(r),
  );
  assert.match(formatReport(r), 'Imports of an app from outside apps/ (3):');
});

test('the app importing libraries, and its own files, are fine', () => {
  const r = scan({ ...app, ...pkg('lib', 'export const lib = 1;\n') });
  assert.equal(r.appImports, [], formatReport(r));
  assert.is(violationCount(r), 0, formatReport(r));
  assert.match(formatReport(r), /^workspace graph: no cycles.*\(2 packages, 2 files, 1 imports\)$/);
});

test('a dependency nothing in src imports is unused; one only tests import must move', () => {
  const r = scan({
    ...pkg('a', "import got from 'got';\nexport const a = got;\n", {
      dependencies: ['got', 'left-pad', 'uvu'],
      devDependencies: ['fast-check', 'tsx'],
    }),
    'packages/a/test/a.test.ts': "import { test } from 'uvu';\nimport 'tsx';\ntest.run();\n",
  });
  assert.equal(
    r.unusedDependencies.map((u) => `${u.field}.${u.name} ${u.hint ?? ''}`.trim()),
    [
      'dependencies.left-pad',
      'dependencies.uvu imported only outside src/: move it to devDependencies',
      'devDependencies.fast-check',
    ],
    formatReport(r),
  );
  assert.match(formatReport(r), '@t/a: dependencies.left-pad');
});

test('a devDependency used only by a scripts/*.mjs file or through require() is used', () => {
  const r = scan({
    ...pkg('a', 'export const a = 1;\n', { devDependencies: ['esbuild', '@dcos/recordio'] }),
    'packages/a/scripts/bundle.mjs': "import { build } from 'esbuild';\nawait build({});\n",
    'packages/a/bench/b.ts':
      "import { createRequire } from 'node:module';\nconst m = createRequire(import.meta.url)('@dcos/recordio');\nexport { m };\n",
  });
  assert.equal(r.unusedDependencies, [], formatReport(r));
});

test('a deep import counts for its package: fp-ts/lib/Either.js is fp-ts, @s/n/sub is @s/n', () => {
  const r = scan(
    pkg(
      'a',
      "import * as E from 'fp-ts/lib/Either.js';\nimport { x } from '@s/n/sub/deep.js';\nimport { P } from 'io-ts/lib/PathReporter.js';\nexport const a = [E, x, P];\n",
      { dependencies: ['fp-ts', '@s/n'] },
    ),
  );
  assert.equal(r.unusedDependencies, [], formatReport(r));
  assert.equal(
    r.undeclaredDependencies.map((u) => `${u.area} ${u.name} ${u.places.join(',')}`),
    ['src io-ts packages/a/src/index.ts:3'],
  );
});

test('a dynamic import of a package counts as using it', () => {
  const r = scan(
    pkg('a', "export const load = () => import('node-zookeeper-client');\n", {
      dependencies: ['node-zookeeper-client'],
    }),
  );
  assert.equal(r.unusedDependencies, [], formatReport(r));
  assert.equal(r.undeclaredDependencies, [], formatReport(r));
});

test('an undeclared import in src is reported; builtins, self-imports and peers are not', () => {
  const src = [
    "import { readFileSync } from 'node:fs';",
    "import { join } from 'path';",
    "import { readFile } from 'fs/promises';",
    "import { self } from '@t/a/self';",
    "import got from 'got';",
    "import { peer } from 'peer-lib';",
    "import type { Y } from 'yaml';",
    'export const a = [readFileSync, join, readFile, self, got, peer] as unknown as Y;',
    '',
  ].join('\n');
  const r = scan({
    ...pkg('a', src, { peerDependencies: ['peer-lib'], devDependencies: ['yaml'] }),
    'packages/a/src/self.ts': 'export const self = 1;\n',
  });
  assert.equal(
    r.undeclaredDependencies.map((u) => `${u.area} ${u.name} ${u.hint ?? ''}`.trim()),
    ['src got', 'src yaml declared only in devDependencies: src/ needs it in dependencies'],
    formatReport(r),
  );
});

test('test imports may use root devDependencies, not undeclared packages', () => {
  const r = scan({
    ...pkg('a', 'export const a = 1;\n'),
    'packages/a/test/a.test.ts':
      "import { test } from 'uvu';\nimport nock from 'nock';\nimport nock2 from 'nock/x.js';\ntest.run();\nexport { nock, nock2 };\n",
  });
  assert.equal(r.undeclaredDependencies.length, 1, formatReport(r));
  const u = r.undeclaredDependencies[0];
  assert.equal([u?.area, u?.name, u?.count], ['dev', 'nock', 2]);
  assert.match(formatReport(r), '@t/a (tests/scripts): nock — packages/a/test/a.test.ts:2');
});

test('an allow-listed unused dependency is excused; one that no longer excuses anything is stale', () => {
  const files = pkg('a', "import got from 'got';\nexport const a = got;\n", {
    devDependencies: ['@t/built-first'],
    dependencies: ['got'],
  });
  const allow = (names: string[]): Allowance[] => [
    { pkg: '@t/a', field: 'devDependencies', names, reason: 'a child process imports it' },
  ];
  assert.equal(scan(files).unusedDependencies.length, 1);
  const excused = scan(files, allow(['@t/built-first']));
  assert.is(violationCount(excused), 0, formatReport(excused));
  const stale = scan(files, allow(['@t/built-first', 'got']));
  assert.equal(stale.staleAllowances, [{ pkg: '@t/a', name: 'got' }], formatReport(stale));
});

test.run();

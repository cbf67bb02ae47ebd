// Import cycles between files and between packages, found in small fixture workspaces.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatReport, scanWorkspace } from '../src/index.js';
import { manifest, pkg, removeWorkspaces, writeWorkspace } from './graph-fixture.js';

test.after.each(removeWorkspaces);

const scan = (files: Record<string, string>, typeImports: 'count' | 'ignore' = 'count') =>
  scanWorkspace(writeWorkspace(files), { typeImports, allowList: [] });

const A = 'packages/a/src';

test('a 2-file cycle is reported with both files and the loop', () => {
  const r = scan({
    ...pkg('a', "export * from './x.js';\n"),
    [`${A}/x.ts`]: "import { y } from './y.js';\nexport const x = () => y;\n",
    [`${A}/y.ts`]: "import { x } from './x.js';\nexport const y = () => x;\n",
  });
  assert.equal(r.fileCycles.length, 1, formatReport(r));
  assert.equal(r.fileCycles[0]?.files, [`${A}/x.ts`, `${A}/y.ts`]);
  assert.equal(r.fileCycles[0]?.path, [`${A}/x.ts`, `${A}/y.ts`, `${A}/x.ts`]);
  assert.is(r.fileCycles[0]?.typeOnly, false);
  assert.match(formatReport(r), `cycle, 2 files: ${A}/x.ts → ${A}/y.ts → ${A}/x.ts`);
});

test('an acyclic chain is not a cycle', () => {
  const r = scan({
    ...pkg('a', "export * from './x.js';\n"),
    [`${A}/x.ts`]: "export * from './y.js';\n",
    [`${A}/y.ts`]: 'export const y = 1;\n',
  });
  assert.equal(r.fileCycles, [], formatReport(r));
});

test('a 3-file cycle (with multi-line imports and export … from) lists exactly its files', () => {
  const r = scan({
    ...pkg('a', "import { p } from './p.js';\nexport const i = p;\n"),
    [`${A}/p.ts`]: "import {\n  q,\n} from './q.js';\nexport const p = q;\n",
    [`${A}/q.ts`]: "export {\n  r as q,\n} from './dir/index.js';\n",
    [`${A}/dir/index.ts`]: "import { p } from '../p.js';\nexport const r = () => p;\n",
  });
  assert.equal(r.fileCycles.length, 1, formatReport(r));
  assert.equal(r.fileCycles[0]?.files, [`${A}/dir/index.ts`, `${A}/p.ts`, `${A}/q.ts`]);
  assert.equal(r.fileCycles[0]?.path.length, 4);
});

test('a cycle held only by `import type` is reported as type-only, or not at all when ignored', () => {
  const files = {
    ...pkg('a', "export * from './x.js';\n"),
    [`${A}/x.ts`]: "import type { Y } from './y.js';\nexport type X = { y?: Y };\n",
    [`${A}/y.ts`]: "import { xs } from './z.js';\nexport type Y = string;\nexport const ys = xs;\n",
    [`${A}/z.ts`]: "export * from './x.js';\nexport const xs = 1;\n",
  };
  const counted = scan(files);
  assert.equal(counted.fileCycles.length, 1, formatReport(counted));
  assert.is(counted.fileCycles[0]?.typeOnly, true);
  assert.equal(counted.fileCycles[0]?.typeArrows, [{ from: `${A}/x.ts`, to: `${A}/y.ts` }]);
  assert.match(formatReport(counted), 'type-only cycle');
  assert.equal(scan(files, 'ignore').fileCycles, []);
});

test('an inline `import { type T }` stays a runtime arrow (verbatimModuleSyntax keeps it)', () => {
  const r = scan({
    ...pkg('a', "export * from './x.js';\n"),
    [`${A}/x.ts`]: "import { type Y } from './y.js';\nexport type X = Y;\n",
    [`${A}/y.ts`]: "import './x.js';\nexport type Y = string;\n",
  });
  assert.equal(r.fileCycles.length, 1, formatReport(r));
  assert.is(r.fileCycles[0]?.typeOnly, false);
});

test('a dynamic import with a literal specifier is an arrow; one with a variable is not', () => {
  const files = (dynamic: string) => ({
    ...pkg('a', "export * from './x.js';\n"),
    [`${A}/x.ts`]: `export const load = () => ${dynamic};\n`,
    [`${A}/late.ts`]: "import { load } from './x.js';\nexport const again = load;\n",
  });
  const r = scan(files("import('./late.js')"));
  assert.equal(r.fileCycles[0]?.files, [`${A}/late.ts`, `${A}/x.ts`], formatReport(r));
  const v = scan(files("((p: string) => import(p))('./late.js')"));
  assert.equal(v.fileCycles, [], formatReport(v));
});

test('comments and strings that contain import or require are not arrows', () => {
  const r = scan({
    ...pkg('a', "export * from './x.js';\n"),
    [`${A}/x.ts`]: [
      "// import { y } from './y.js';",
      "/* export * from './y.js' */",
      'const a = "import(\'./y.js\')";',
      "const b = `require('./y.js')`;",
      'export const x = [a, b];',
      '',
    ].join('\n'),
    [`${A}/y.ts`]: "import { x } from './x.js';\nexport const y = x;\n",
  });
  assert.equal(r.fileCycles, [], formatReport(r));
});

test('a cycle through a .mjs script and a fixture .js file is found', () => {
  const r = scan({
    ...pkg('a', 'export {};\n'),
    'packages/a/scripts/run.mjs': "import { f } from './lib.js';\nexport const run = f;\n",
    'packages/a/scripts/lib.js': "import { run } from './run.mjs';\nexport const f = () => run;\n",
  });
  assert.equal(r.fileCycles[0]?.files, ['packages/a/scripts/lib.js', 'packages/a/scripts/run.mjs']);
});

test('packages whose src import each other form a package cycle, with a file per arrow', () => {
  const r = scan({
    ...pkg('a', "import { b } from '@t/b';\nexport const a = b;\n", { dependencies: ['@t/b'] }),
    ...pkg('b', "import type { A } from '@t/a/types';\nexport const b = 1 as unknown as A;\n", {
      dependencies: ['@t/a'],
    }),
    'packages/a/src/types.ts': 'export type A = number;\n',
  });
  assert.equal(r.packageCycles.length, 1, formatReport(r));
  const c = r.packageCycles[0];
  assert.equal(c?.packages, ['@t/a', '@t/b']);
  assert.equal(c?.path, ['@t/a', '@t/b', '@t/a']);
  assert.equal(
    c?.evidence.map((e) => e.file),
    ['packages/a/src/index.ts:1', 'packages/b/src/index.ts:1'],
  );
  assert.is(c?.typeOnly, true);
});

test('test files importing each other’s packages are not a package cycle', () => {
  const r = scan({
    ...pkg('a', 'export const a = 1;\n', { devDependencies: ['@t/b'] }),
    ...pkg('b', "import { a } from '@t/a';\nexport const b = a;\n", { dependencies: ['@t/a'] }),
    'packages/a/test/a.test.ts': "import { b } from '@t/b';\nexport const t = b;\n",
  });
  assert.equal(r.packageCycles, [], formatReport(r));
});

test('a package with no sources is fine', () => {
  const r = scan({ 'packages/empty/package.json': manifest('@t/empty') });
  assert.equal(r.fileCycles, []);
  assert.equal(r.stats.packages, 1);
});

test.run();

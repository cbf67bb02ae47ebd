// The graph-check CLI: exit 0 with one summary line, exit 1 with the listing.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pkg, removeWorkspaces, writeWorkspace } from './graph-fixture.js';

test.after.each(removeWorkspaces);

const cli = join(dirname(fileURLToPath(import.meta.url)), '../src/bin/graph-check.ts');
const run = (root: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', cli, '--root', root], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });

test('a clean workspace exits 0 with one summary line', () => {
  const r = run(
    writeWorkspace({ ...pkg('a', "import './b.js';\n"), 'packages/a/src/b.ts': 'export {};\n' }),
  );
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^workspace graph: no cycles.* in \d+\.\d\d s\n$/);
});

test('a workspace with a cycle exits 1 and lists it', () => {
  const r = run(
    writeWorkspace({
      ...pkg('a', "import './b.js';\n"),
      'packages/a/src/b.ts': "import './index.js';\n",
    }),
  );
  assert.is(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, 'workspace graph: 1 violation ');
  assert.match(r.stdout, 'packages/a/src/b.ts → packages/a/src/index.ts → packages/a/src/b.ts');
});

test.run();

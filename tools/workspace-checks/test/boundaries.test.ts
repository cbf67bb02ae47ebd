// Lints probe sources placed inside real projects and expects the layer rules to reject them.
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// The module-boundary rule reads nx's cached project graph; make sure it exists (fresh clone).
execFileSync(join(root, 'node_modules/.bin/nx'), ['show', 'projects'], {
  cwd: root,
  stdio: 'ignore',
  env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
});
const eslint = new ESLint({ cwd: root });

async function messages(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: join(root, file) });
  return (r?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

const boundary = (ms: string[]) => ms.filter((m) => m.startsWith('@nx/enforce-module-boundaries'));

test('a client package importing the app is a lint error', async () => {
  const ms = await messages(
    'packages/mesos/src/probe.ts',
    "import * as app from '@scaleio-framework/framework';\nexport const x = app;\n",
  );
  assert.equal(boundary(ms).length, 1, ms.join('\n'));
  // nx reports it as a cycle (the app depends on mesos) or as a layer violation.
  assert.match(boundary(ms)[0] ?? '', /layer:client|Circular dependency/);
});

test('a client package importing another client package is a lint error', async () => {
  const ms = await messages(
    'packages/scaleio/src/probe.ts',
    "import * as m from '@scaleio-framework/mesos';\nexport const x = m;\n",
  );
  assert.equal(boundary(ms).length, 1, ms.join('\n'));
  assert.match(boundary(ms)[0] ?? '', /tagged with "layer:client"/);
});

test('the orchestrator may not import a cloud provider, but may import the capacity contract', async () => {
  const bad = await messages(
    'packages/orchestrator/src/probe.ts',
    "import * as a from '@scaleio-framework/aws-volumes';\nexport const x = a;\n",
  );
  assert.equal(boundary(bad).length, 1, bad.join('\n'));
  const good = await messages(
    'packages/orchestrator/src/probe.ts',
    "import * as c from '@scaleio-framework/capacity';\nexport const x = c;\n",
  );
  assert.equal(boundary(good), [], good.join('\n'));
});

test('the app may import every library layer', async () => {
  const ms = await messages(
    'apps/framework/src/probe.ts',
    "import * as o from '@scaleio-framework/orchestrator';\nimport * as a from '@scaleio-framework/aws-volumes';\nexport const x = [o, a];\n",
  );
  assert.equal(boundary(ms), [], ms.join('\n'));
});

test('a library may not import a simulator', async () => {
  const ms = await messages(
    'packages/capacity/src/probe.ts',
    "import * as s from '@scaleio-framework/ec2-sim';\nexport const x = s;\n",
  );
  assert.equal(boundary(ms).length, 1, ms.join('\n'));
});

test('fp-ts and io-ts subpaths that crash under plain node are lint errors; lib/*.js is fine', async () => {
  const bad = await messages(
    'packages/capacity/src/probe.ts',
    "import { pipe } from 'fp-ts/function';\nimport { PathReporter } from 'io-ts/PathReporter';\nexport const x = [pipe, PathReporter];\n",
  );
  assert.equal(bad.filter((m) => m.startsWith('no-restricted-imports')).length, 2, bad.join('\n'));
  const good = await messages(
    'packages/capacity/src/probe.ts',
    "import { pipe } from 'fp-ts/lib/function.js';\nimport { PathReporter } from 'io-ts/lib/PathReporter.js';\nimport * as t from 'io-ts';\nexport const x = [pipe, PathReporter, t];\n",
  );
  assert.equal(good, [], good.join('\n'));
});

test.run();

// The scheduler's start check of the files it serves to the Mesos fetcher: one line naming the
// artifact, the path, what is wrong and the option to set; nothing when all can be served.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withTempDir } from '@scaleio-framework/testkit';
import { artifactProblem, type ServedArtifact } from '../src/index.js';

const exe = (path: string | undefined): ServedArtifact => ({
  name: 'scaleio-executor.mjs',
  path,
  option: '--executor-path',
});
const line = (why: string) =>
  `cannot serve the executor artifact scaleio-executor.mjs: ${why}; set --executor-path to the file (the release archive has it beside the scheduler)`;

test('every artifact readable and non-empty: no problem; else the first one, in one line', () =>
  withTempDir('artifacts-', async (dir) => {
    const good = join(dir, 'scaleio-executor.mjs');
    writeFileSync(good, 'export {};\n');
    assert.is(artifactProblem([exe(good)]), undefined);
    assert.is(artifactProblem([]), undefined);
    assert.is(artifactProblem([exe(undefined)]), line('no such file beside the scheduler binary'));
    assert.is(
      artifactProblem([exe(join(dir, 'gone.mjs'))]),
      line(`${join(dir, 'gone.mjs')} does not exist`),
    );
    mkdirSync(join(dir, 'a-dir'));
    assert.is(
      artifactProblem([exe(join(dir, 'a-dir'))]),
      line(`${join(dir, 'a-dir')} is not a file`),
    );
    const empty = join(dir, 'empty.mjs');
    writeFileSync(empty, '');
    assert.is(artifactProblem([exe(good), exe(empty)]), line(`${empty} is empty`));
    assert.not.match(artifactProblem([exe(empty)]) ?? '', '\n');
  }));

test('an unreadable file is named (the injected file system answers as a non-root user would)', () => {
  const fs = { stat: () => ({ isFile: true, size: 10 }), readable: () => false };
  assert.is(artifactProblem([exe('/srv/x.mjs')], fs), line('/srv/x.mjs is not readable'));
});

test.run();

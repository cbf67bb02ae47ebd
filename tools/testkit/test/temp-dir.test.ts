import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir, runProcess, withTempDir, withTempDirSync } from '../src/index.js';

const fixture = fileURLToPath(new URL('./fixtures/leave-temp-dir.ts', import.meta.url));

test('withTempDir removes the directory after the work, also when it throws', async () => {
  let kept = '';
  const n = await withTempDir('testkit-', (dir) => {
    kept = dir;
    writeFileSync(`${dir}/f`, 'x');
    return 7;
  });
  assert.is(n, 7);
  assert.not.ok(existsSync(kept));
  await withTempDir('testkit-', (dir) => {
    kept = dir;
    throw new Error('boom');
  }).catch(() => undefined);
  assert.not.ok(existsSync(kept));
  assert.is(
    withTempDirSync('testkit-', (dir) => existsSync(dir)),
    true,
  );
});

test('makeTempDir: join and remove; a directory never removed goes when the process exits', async () => {
  const d = makeTempDir('testkit-');
  assert.ok(existsSync(d.path));
  assert.is(d.join('a', 'b'), `${d.path}/a/b`);
  d.remove();
  d.remove();
  assert.not.ok(existsSync(d.path));
  const r = await runProcess({ command: process.execPath, args: ['--import', 'tsx', fixture] });
  assert.is(r.code, 0, r.stderr);
  const left = r.stdout.trim();
  assert.ok(left.length > 0);
  assert.not.ok(existsSync(left), 'removed at exit');
});

test.run();

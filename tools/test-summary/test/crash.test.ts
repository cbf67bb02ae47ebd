// Runs the real script on a throw-away nx workspace in which one package's tests crash on import.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const script = join(root, 'tools/test-summary/bin/test-summary.mjs');

function pkg(dir: string, name: string, testBody: string) {
  mkdirSync(join(dir, 'test'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name,
      version: '0.0.0',
      type: 'module',
      scripts: { test: "NODE_OPTIONS=--import=tsx uvu test '\\.test\\.ts$' --no-color" },
    }),
  );
  writeFileSync(join(dir, 'test', 'a.test.ts'), testBody);
}

test('a package that crashes on import makes the run fail and the summary say so', () => {
  const ws = mkdtempSync(join(tmpdir(), 'test-summary-'));
  try {
    writeFileSync(
      join(ws, 'package.json'),
      JSON.stringify({ name: 'ws', private: true, type: 'module', workspaces: ['p/*'] }),
    );
    writeFileSync(
      join(ws, 'nx.json'),
      JSON.stringify({ analytics: false, neverConnectToCloud: true, useDaemonProcess: false }),
    );
    symlinkSync(join(root, 'node_modules'), join(ws, 'node_modules'), 'dir');
    const ok = "import { test } from 'uvu';\nimport * as assert from 'uvu/assert';\n";
    pkg(join(ws, 'p/good'), 'good', `${ok}test('two', () => assert.is(1 + 1, 2));\ntest.run();\n`);
    pkg(join(ws, 'p/crash'), 'crash', `throw new Error('boom at import');\n`);
    const r = spawnSync(process.execPath, [script], {
      cwd: ws,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
      timeout: 120_000,
    });
    const lines = r.stdout.trimEnd().split('\n');
    assert.is(lines.at(-1), '1 passed, 1 failed, 0 skipped', r.stdout + r.stderr);
    assert.match(r.stdout, /crash: its test task printed no test summary/);
    assert.is(r.status, 1);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

test.run();

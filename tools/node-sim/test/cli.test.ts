import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseArgs } from '../src/cli.js';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin', 'node-sim.js');

test('parseArgs decodes nodes and options, and rejects bad ones clearly', () => {
  const ok = parseArgs([
    '--node',
    'a:ubuntu-20.04:10.1.0.5:i-1',
    '--node',
    'b:rhel-7',
    '--port',
    '0',
  ]);
  assert.equal(ok._tag === 'Right' && ok.right, {
    nodes: [
      { id: 'a', os: 'ubuntu-20.04', ip: '10.1.0.5', instanceId: 'i-1' },
      { id: 'b', os: 'rhel-7' },
    ],
    port: 0,
  });
  const bad = parseArgs(['--node', 'a:solaris']);
  assert.ok(bad._tag === 'Left' && /solaris/.test(bad.left));
  const none = parseArgs([]);
  assert.ok(none._tag === 'Left' && /at least one --node/.test(none.left));
  assert.ok(parseArgs(['--frobnicate'])._tag === 'Left');
});

test('the built CLI runs under plain node, prints the ready line and serves the repository', async () => {
  if (!existsSync(BIN)) {
    console.log(`skipped: ${BIN} is not built (run npx tsc -b tools/node-sim)`);
    return;
  }
  const child = spawn(process.execPath, [BIN, '--node', 'n1:rhel-7'], {
    env: { PATH: process.env['PATH'] ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const nl = out.indexOf('\n');
        if (nl >= 0) resolve(out.slice(0, nl));
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const m =
      /^node-sim ready repo=(\S+) webhook=(\S+) dir=(\S+) nodes=n1@10\.0\.0\.11\(rhel-7\):(\S+)$/.exec(
        line,
      );
    assert.ok(m !== null, line);
    const index = (await (await fetch(`${m[1]}/index.json`)).json()) as unknown[];
    assert.ok(index.length > 20);
    assert.ok(existsSync(join(m[4] ?? '', 'rpm')));
    assert.ok(existsSync(m[3] ?? ''));
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
});

test.run();

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSimCli } from '@scaleio-framework/testkit';
import { parseArgs } from '../src/cli.js';

const here = dirname(fileURLToPath(import.meta.url));
const built = join(here, '..', 'dist', 'bin', 'node-sim.js');
/** The built CLI under plain node; the source through tsx when it is not built. */
const BIN = existsSync(built) ? built : join(here, '..', 'src', 'bin', 'node-sim.ts');

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
  const scaled = parseArgs(['--node', 'a:ubuntu-20.04', '--time-scale', '0.5']);
  assert.ok(scaled._tag === 'Right' && scaled.right.timeScale === 0.5);
  const badScale = parseArgs(['--node', 'a:ubuntu-20.04', '--time-scale', '-1']);
  assert.ok(badScale._tag === 'Left' && /--time-scale/.test(badScale.left));
});

test('the built CLI runs under plain node, prints the ready line and serves the repository', async () => {
  const { url } = await checkSimCli({
    name: 'node-sim',
    bin: BIN,
    args: ['--node', 'n1:rhel-7'],
    env: { PATH: process.env['PATH'] ?? '' },
    whileRunning: async (_url, running) => {
      const line = running.lines().find((l) => l.startsWith('node-sim repo=')) ?? '';
      const m =
        /^node-sim repo=(\S+) webhook=(\S+) dir=(\S+) nodes=n1@10\.0\.0\.11\(rhel-7\):(\S+)$/.exec(
          line,
        );
      assert.ok(m !== null, line);
      const index = (await (await fetch(`${m[1]}/index.json`)).json()) as unknown[];
      assert.ok(index.length > 20);
      assert.ok(existsSync(join(m[4] ?? '', 'rpm')));
      assert.ok(existsSync(m[3] ?? ''));
    },
  });
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test.run();

// Every binary of the workspace, run the way the README shows: `--help` and `--version` print
// and exit 0, an unknown option exits 2 naming it. And from a fresh clone (the tracked files, the
// installed node_modules without the workspace bins, as `npm ci` leaves them), `npm run demo`
// says what it is doing at once while it builds, and links every workspace bin.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { childEnv, makeTempDir, runProcess, startProcess } from '@scaleio-framework/testkit';
import { repoRoot } from '../src/scheduler.js';

/** Every `bin` of every workspace package: name → package directory. */
const workspaceBins = (root: string): Map<string, string> => {
  const bins = new Map<string, string>();
  for (const group of ['packages', 'apps', 'tools', '.']) {
    const dirs =
      group === '.' ? ['e2e'] : readdirSync(join(root, group)).map((d) => join(group, d));
    for (const dir of dirs) {
      const file = join(root, dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { bin?: Record<string, string> };
      for (const name of Object.keys(pkg.bin ?? {})) bins.set(name, dir);
    }
  }
  return bins;
};

/** Bins whose owners have not added `--version` yet (a row is skipped, with the reason, until then). */
const PENDING: Record<string, string> = {};
/** Bins that hand unknown options on (to nx): no usage error of their own. */
const PASS_THROUGH = new Set(['test-summary']);

const bins = workspaceBins(repoRoot);
const run = (bin: string, args: readonly string[]) =>
  runProcess({
    command: join(repoRoot, 'node_modules/.bin', bin),
    args: [...args],
    env: childEnv(),
    name: bin,
  });

// nx built every dist/ before this test (its dependencies), but `npm ci` linked no workspace bin
// whose target was missing then: link them as `npm run build` does (idempotent, about a second).
test.before(() => {
  execFileSync('npm', ['rebuild', '--ignore-scripts', '--silent'], { cwd: repoRoot });
});

test('the table covers the product, the demo, the simulators and the tools', () => {
  for (const b of [
    'scaleio-scheduler',
    'scaleio-executor',
    'demo',
    'mesos-sim',
    'scaleio-sim',
    'ec2-sim',
    'node-sim',
    'installers-plan',
  ])
    assert.ok(bins.has(b), `${b} is a workspace bin`);
});

for (const [bin, dir] of bins) {
  const own = (
    JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const pending = PENDING[bin];
  (pending === undefined ? test : test.skip)(
    `${bin}: --help, --version, an unknown option`,
    async () => {
      assert.ok(existsSync(join(repoRoot, 'node_modules/.bin', bin)), `${bin} is linked`);
      const help = await run(bin, ['--help']);
      assert.is(help.code, 0, `${bin} --help: ${help.stderr}`);
      assert.match(help.stdout, /usage/i);
      const version = await run(bin, ['--version']);
      assert.is(version.code, 0, `${bin} --version: ${version.stderr}`);
      assert.is(version.stdout, `${bin} ${own}\n`);
      if (PASS_THROUGH.has(bin)) return;
      const wrong = await run(bin, ['--no-such-flag']);
      assert.is(wrong.code, 2, `${bin} --no-such-flag: ${wrong.stdout}${wrong.stderr}`);
      assert.match(wrong.stderr, '--no-such-flag');
    },
  );
  if (pending !== undefined) console.log(`${bin}: skipped, ${pending}`);
}

test('a fresh clone: npm run demo talks at once while it builds, then every bin is linked', async () => {
  const dir = makeTempDir('fresh-clone-');
  try {
    const files = execFileSync('git', ['ls-files', '-c', '-o', '--exclude-standard', '-z'], {
      cwd: repoRoot,
      encoding: 'utf8',
    })
      .split('\0')
      .filter((f) => f !== '' && !f.startsWith('node_modules/') && existsSync(join(repoRoot, f)));
    for (const f of files) cpSync(join(repoRoot, f), dir.join(f));
    // node_modules as `npm ci` leaves it: hard links where the file system allows, no bins of
    // workspace packages (npm links those only if their dist/ existed at install time)
    try {
      execFileSync('cp', ['-al', join(repoRoot, 'node_modules'), dir.join('node_modules')]);
    } catch {
      cpSync(join(repoRoot, 'node_modules'), dir.join('node_modules'), {
        recursive: true,
        verbatimSymlinks: true,
      });
    }
    for (const b of bins.keys()) rmSync(dir.join('node_modules/.bin', b), { force: true });
    const started = Date.now();
    const p = await startProcess({
      command: 'npm',
      args: ['run', 'demo', '--', '--version'],
      cwd: dir.path,
      env: childEnv(),
      name: 'npm run demo',
      ready: /^build: /,
      readyTimeoutMs: 30_000,
    });
    const firstLine = Date.now() - started;
    const exit = await p.waitForExit(240_000);
    const seconds = (Date.now() - started) / 1000;
    console.log(`fresh clone: first progress line after ${firstLine} ms, built in ${seconds} s`);
    assert.is(exit.code, 0, p.tail(20));
    assert.ok(p.lines().some((l) => /^build: compiling apps\/framework \(\d+\/\d+\)/.test(l)));
    assert.ok(p.lines().includes('demo 0.1.0'));
    for (const b of bins.keys()) {
      if (PENDING[b] !== undefined) continue;
      const r = await runProcess({
        command: 'npx',
        args: ['--no-install', b, '--version'],
        cwd: dir.path,
        env: childEnv(),
        name: b,
      });
      assert.is(r.code, 0, `npx ${b} --version in the fresh clone: ${r.stderr}`);
    }
  } finally {
    dir.remove();
  }
});

test.run();

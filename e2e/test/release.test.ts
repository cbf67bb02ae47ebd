// The release archive (`npm run release`: apps/framework/scripts/release.mjs) is all an operator
// needs: unpacked in an empty directory with no repository, no node_modules and no package.json
// anywhere above it, the scheduler and executor answer --version and --help, a demo deploy runs
// the unpacked scheduler (which serves the executor lying beside it), a copy without the executor
// is refused at start in one line, and the archive carries the LICENSE and the licences of every
// bundled package. The Marathon recipes fetch exactly this archive and run the file it holds.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { childEnv, makeTempDir, runProcess } from '@scaleio-framework/testkit';
import { deployedNodeFlags, nodeFlagsOfCmd, repoRoot } from '../src/scheduler.js';

const version = (
  JSON.parse(readFileSync(join(repoRoot, 'apps/framework/package.json'), 'utf8')) as {
    version: string;
  }
).version;
const NAME = `scaleio-framework-${version}`;
const work = makeTempDir('scaleio-release-');
const out = work.join('out');
/** The empty directory the archive is unpacked in, under the system temp dir. */
const unpacked = work.join('unpacked');
const top = join(unpacked, NAME);
/** Nothing but node itself on PATH; no NODE_PATH, no NODE_OPTIONS. */
const bare = { PATH: `${dirname(process.execPath)}:/usr/bin:/bin` };

const run = (command: string, args: readonly string[], cwd: string, timeoutMs = 60_000) =>
  runProcess({ command, args: [...args], env: bare, cwd, name: command, timeoutMs });
const node = (args: readonly string[], cwd = unpacked) => run(process.execPath, args, cwd);

let archive = '';
let listing: string[] = [];
test.before(async () => {
  const r = await runProcess({
    command: process.execPath,
    args: [join(repoRoot, 'apps/framework/scripts/release.mjs'), '--out', out],
    env: childEnv(),
    name: 'release',
    timeoutMs: 120_000,
  });
  if (r.code !== 0) throw new Error(`release failed (${r.code}): ${r.stderr}`);
  archive = r.stdout.trim().split('\n').at(-1) ?? '';
  listing = (await run('tar', ['tzf', archive], work.path)).stdout.trim().split('\n');
  const x = await run('mkdir', ['-p', unpacked], work.path);
  const t = await run('tar', ['xzf', archive, '-C', unpacked], work.path);
  if (x.code !== 0 || t.code !== 0) throw new Error(`unpack failed: ${t.stderr}`);
});
test.after(() => work.remove());

test('one versioned archive: the bundles, their sourcemaps, LICENSE and the notices', () => {
  assert.is(archive, join(out, `${NAME}.tar.gz`));
  for (const f of [
    'scaleio-scheduler.mjs',
    'scaleio-scheduler.mjs.map',
    'scaleio-executor.mjs',
    'scaleio-executor.mjs.map',
    'LICENSE',
    'THIRD-PARTY-NOTICES.txt',
    'README.txt',
  ])
    assert.ok(listing.includes(`${NAME}/${f}`), `${f} is in the archive: ${listing.join(', ')}`);
  assert.ok(
    listing.every((l) => l.startsWith(`${NAME}/`) && !l.includes('node_modules')),
    'one top directory, no node_modules',
  );
  const sha = readFileSync(`${archive}.sha256`, 'utf8');
  assert.match(sha, new RegExp(`^[0-9a-f]{64}  ${NAME}\\.tar\\.gz\\n$`));
});

test('LICENSE is the Apache License 2.0; the notices name every bundled package with its licence text', () => {
  const license = readFileSync(join(top, 'LICENSE'), 'utf8');
  assert.match(license, /Apache License\s+Version 2\.0, January 2004/);
  assert.match(license, /END OF TERMS AND CONDITIONS/);
  const notices = readFileSync(join(top, 'THIRD-PARTY-NOTICES.txt'), 'utf8');
  // Packages the scheduler cannot run without, each with the licence its package.json declares
  // and the text of its own licence file.
  const expected: readonly (readonly [string, string])[] = [
    ['node-zookeeper-client', 'MIT'],
    ['io-ts', 'MIT'],
    ['fp-ts', 'MIT'],
    ['pino', 'MIT'],
    ['got', 'MIT'],
    ['prom-client', 'Apache-2.0'],
    ['@aws-sdk/client-ec2', 'Apache-2.0'],
  ];
  for (const [pkg, lic] of expected) {
    const block = new RegExp(
      `\\n${pkg.replace(/[/@.-]/g, '\\$&')} \\d[^\\n]*\\nLicense: ${lic}\\n`,
    );
    assert.match(notices, block, `${pkg} (${lic})`);
  }
  assert.not.match(notices, /UNKNOWN/, 'every package declares its licence');
  assert.match(notices, /Permission is hereby granted, free of charge/, 'MIT texts are reproduced');
  // The sourcemaps point at the sources they were built from.
  const map = JSON.parse(readFileSync(join(top, 'scaleio-scheduler.mjs.map'), 'utf8')) as {
    sources: string[];
  };
  assert.ok(
    map.sources.some((s) => s.endsWith('.ts')),
    'maps reach the TypeScript sources',
  );
});

test('unpacked alone, the binaries start: --version and --help', async () => {
  // Nothing around the unpacked directory that node could resolve a package from.
  for (let d = unpacked; ; d = dirname(d)) {
    assert.not.ok(existsSync(join(d, 'node_modules')), `${d}/node_modules`);
    assert.not.ok(existsSync(join(d, 'package.json')), `${d}/package.json`);
    if (dirname(d) === d) break;
  }
  assert.ok(unpacked.startsWith(tmpdir()));
  assert.equal(readdirSync(unpacked), [NAME]);
  for (const bin of ['scaleio-scheduler', 'scaleio-executor']) {
    const v = await node([`${NAME}/${bin}.mjs`, '--version']);
    assert.is(v.code, 0, `${bin} --version: ${v.stderr}`);
    assert.is(v.stdout, `${bin} ${version}\n`);
    const h = await node([`${NAME}/${bin}.mjs`, '--help']);
    assert.is(h.code, 0, `${bin} --help: ${h.stderr}`);
    assert.match(h.stdout, /usage/i);
  }
});

test('the Marathon recipes fetch this archive and run the scheduler it holds', () => {
  for (const f of ['marathon.json', 'marathon-ha.json']) {
    const app = JSON.parse(readFileSync(join(repoRoot, 'deploy', f), 'utf8')) as {
      cmd: string;
      fetch: { uri: string; extract: boolean }[];
    };
    const release = app.fetch.find((u) => u.extract);
    assert.is(release?.uri.slice(release.uri.lastIndexOf('/') + 1), `${NAME}.tar.gz`, f);
    const file = /exec node (?:--\S+ )*(\S+)/.exec(app.cmd)?.[1] ?? '';
    assert.ok(listing.includes(file), `${f} runs ${file}, which the archive holds`);
    // Both recipes run the scheduler as the tests and benches do (spawnScheduler's default).
    assert.equal(nodeFlagsOfCmd(app.cmd), deployedNodeFlags, `${f}: node flags`);
  }
  assert.equal(deployedNodeFlags, ['--optimize-for-size', '--max-semi-space-size=2']);
});

test('both bundles are ASCII only: V8 keeps a script with one other character as a two-byte string', () => {
  for (const bin of ['scaleio-scheduler', 'scaleio-executor']) {
    const text = readFileSync(join(top, `${bin}.mjs`), 'utf8');
    const other = /[\u0080-\uffff]/.exec(text);
    assert.is(other?.[0], undefined, `${bin}.mjs at ${other?.index ?? 0}`);
  }
});

test("unpacked alone, the scheduler runs under the recipes' node flags", async () => {
  const r = await node([...deployedNodeFlags, `${NAME}/scaleio-scheduler.mjs`, '--version']);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, `scaleio-scheduler ${version}\n`);
});

const demo = (bin: string, agents: number, timeoutMs: number) =>
  runProcess({
    command: process.execPath,
    args: [
      join(repoRoot, 'e2e/dist/bin/demo.js'),
      '--once',
      '--agents',
      String(agents),
      '--scheduler-bin',
      bin,
    ],
    env: childEnv(),
    name: 'demo',
    timeoutMs,
  });

test('a demo deploy with the unpacked scheduler (it serves the executor beside it) ends healthy', async () => {
  const t0 = Date.now();
  const r = await demo(join(top, 'scaleio-scheduler.mjs'), 3, 300_000);
  console.log(
    `release: demo deploy from the unpacked archive in ${Math.round((Date.now() - t0) / 1000)} s`,
  );
  assert.is(r.code, 0, r.stderr.slice(-3000));
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  assert.match(last, '"healthy":true');
});

test('without the executor beside it, the scheduler refuses to start: exit 2, one line', async () => {
  const broken = work.join('broken');
  cpSync(top, broken, { recursive: true });
  rmSync(join(broken, 'scaleio-executor.mjs'));
  const r = await demo(join(broken, 'scaleio-scheduler.mjs'), 3, 120_000);
  assert.is(r.code, 1);
  assert.match(r.stderr, /scaleio-scheduler exited \(exit code 2\)/);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('scaleio-scheduler: '));
  assert.equal(lines, [
    'scaleio-scheduler: cannot serve the executor artifact scaleio-executor.mjs: no such file beside the scheduler binary; set --executor-path to the file (the release archive has it beside the scheduler)',
  ]);
});

test.run();

// `npm run release`: one versioned archive, artifacts/scaleio-framework-<version>.tar.gz, holding
// everything the build put in dist/bundle/ (the bundled scheduler and executor, their sourcemaps,
// THIRD-PARTY-NOTICES.txt), the LICENSE, and a README on how to run it, all under one top
// directory `scaleio-framework-<version>/`. Unpacked anywhere, `node scaleio-framework-<version>/scaleio-scheduler.mjs`
// runs with nothing else installed: the Mesos fetcher (Marathon `fetch` with `extract`) unpacks it
// in the task sandbox (deploy/marathon.json). A `.sha256` file in `sha256sum` format lies beside it.
//
//   node apps/framework/scripts/release.mjs [--out <dir>]
//
// Expects a built framework (`npm run release` builds it first). The archive is reproducible for a
// commit: entries sorted, owner root, times from the commit (or SOURCE_DATE_EPOCH), gzip without a
// name or time.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const app = join(root, 'apps/framework');
const bundleDir = join(app, 'dist/bundle');
/** What the archive must hold besides the bundle directory's other files. */
const REQUIRED = [
  'scaleio-scheduler.mjs',
  'scaleio-scheduler.mjs.map',
  'scaleio-executor.mjs',
  'scaleio-executor.mjs.map',
  'THIRD-PARTY-NOTICES.txt',
];

const fail = (msg) => {
  process.stderr.write(`release: ${msg}\n`);
  process.exit(2);
};

let args;
try {
  args = parseArgs({
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }).values;
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
if (args.help) {
  process.stdout.write('usage: release.mjs [--out <dir>]   (default dir: artifacts/)\n');
  process.exit(0);
}
const outDir = resolve(args.out ?? join(root, 'artifacts'));
const version = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')).version;
const name = `scaleio-framework-${version}`;
const missing = REQUIRED.filter((f) => !existsSync(join(bundleDir, f)));
if (missing.length > 0)
  fail(`${missing.join(', ')} missing in ${bundleDir}: build first (npm run release builds)`);
if (!existsSync(join(root, 'LICENSE'))) fail('LICENSE missing at the repository root');

const epoch = (() => {
  if (process.env['SOURCE_DATE_EPOCH']) return process.env['SOURCE_DATE_EPOCH'];
  try {
    return execFileSync('git', ['log', '-1', '--format=%ct'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '0';
  }
})();

const readme = `scaleio-framework ${version}
${'='.repeat(`scaleio-framework ${version}`.length)}

The ScaleIO (PowerFlex) framework for Apache Mesos, bundled: each binary is one ES module with its
dependencies inside, so nothing else is installed beside it. It needs Node.js 20.19 or newer.

  scaleio-scheduler.mjs     the scheduler (run it, e.g. from Marathon: deploy/marathon.json of the source)
  scaleio-executor.mjs      the executor; the scheduler serves it to the Mesos fetcher from here
  *.map                     sourcemaps of both (node --enable-source-maps shows source positions)
  LICENSE                   Apache License 2.0
  THIRD-PARTY-NOTICES.txt   the licences of the npm packages inside the bundles

  SCALEIO_PASSWORD=... node ${name}/scaleio-scheduler.mjs --help

--help lists every option and marks the required ones: among them --package-repo-url (where
agents download the ScaleIO packages) and --package-sha256-file (the sha256 of every package file;
each download is checked on the agent against it before anything is installed). The scheduler
refuses to start (exit 2, one line) when it cannot serve an executor artifact. Running it on
Marathon (app definitions, secrets, the executor's Node.js runtime, the digests): deploy/README.md
of the source.
`;

const stage = join(outDir, `.stage-${process.pid}`);
const top = join(stage, name);
rmSync(stage, { recursive: true, force: true });
mkdirSync(top, { recursive: true });
try {
  for (const f of readdirSync(bundleDir)) copyFileSync(join(bundleDir, f), join(top, f));
  copyFileSync(join(root, 'LICENSE'), join(top, 'LICENSE'));
  writeFileSync(join(top, 'README.txt'), readme);
  const tar = join(stage, `${name}.tar`);
  execFileSync('tar', [
    '--sort=name',
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    `--mtime=@${epoch}`,
    '-cf',
    tar,
    '-C',
    stage,
    name,
  ]);
  execFileSync('gzip', ['-n', '-9', '-f', tar]);
  const archive = join(outDir, `${name}.tar.gz`);
  rmSync(archive, { force: true });
  copyFileSync(`${tar}.gz`, archive);
  const sha = createHash('sha256').update(readFileSync(archive)).digest('hex');
  writeFileSync(`${archive}.sha256`, `${sha}  ${name}.tar.gz\n`);
  process.stdout.write(`release: ${archive} (sha256 ${sha})\n${archive}\n`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}

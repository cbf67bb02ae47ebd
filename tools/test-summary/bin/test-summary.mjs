#!/usr/bin/env node
// Runs every project's `test` target through nx, adds up uvu's totals, and prints
// `N passed, N failed, N skipped` alone as the last line. A project whose test task printed no
// uvu summary (it crashed on import, or did not build) counts as one failure; so does a project
// whose tests ran nothing. Exits 1 on any failure.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
const HEADER = /^\s*>\s*nx run ([^\s:]+):test\b/;
const field = (name) => new RegExp(`^\\s*${name}:\\s+(\\d+)\\s*$`);
const TOTAL = field('Total');
const PASSED = field('Passed');
const SKIPPED = field('Skipped');

/**
 * Reads nx's static output of `run-many -t test` and adds up uvu's summaries per project.
 * Pure: takes the captured text, the projects that have a test target and nx's exit code.
 * @param {string} output
 * @param {string[]} projects
 * @param {number} nxExitCode
 * @returns {{passed:number, failed:number, skipped:number, problems:string[]}}
 */
export function summarize(output, projects, nxExitCode) {
  /** @type {Map<string, {total:number, passed:number, skipped:number, blocks:number}>} */
  const per = new Map();
  let current;
  for (const line of output.replace(ANSI, '').split(/\r?\n/)) {
    const h = HEADER.exec(line);
    if (h) {
      current = h[1];
      if (!per.has(current)) per.set(current, { total: 0, passed: 0, skipped: 0, blocks: 0 });
      continue;
    }
    const key = current ?? '(unknown)';
    let m;
    if ((m = TOTAL.exec(line))) {
      const s = per.get(key) ?? { total: 0, passed: 0, skipped: 0, blocks: 0 };
      s.total += Number(m[1]);
      s.blocks += 1;
      per.set(key, s);
    } else if ((m = PASSED.exec(line))) {
      const s = per.get(key);
      if (s) s.passed += Number(m[1]);
    } else if ((m = SKIPPED.exec(line))) {
      const s = per.get(key);
      if (s) s.skipped += Number(m[1]);
    }
  }
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const problems = [];
  for (const s of per.values()) {
    passed += s.passed;
    failed += s.total - s.passed;
    skipped += s.skipped;
  }
  for (const p of projects) {
    const s = per.get(p);
    if (!s || s.blocks === 0) {
      failed += 1;
      problems.push(`${p}: its test task printed no test summary (crashed, or did not build)`);
    } else if (s.total === 0 && s.skipped === 0) {
      failed += 1;
      problems.push(`${p}: its test task ran no test`);
    }
  }
  if (nxExitCode !== 0 && failed === 0) {
    failed = 1;
    problems.push(`nx exited with code ${nxExitCode} although every summary passed`);
  }
  return { passed, failed, skipped, problems };
}

/** The closing line, alone. */
export const summaryLine = ({ passed, failed, skipped }) =>
  `${passed} passed, ${failed} failed, ${skipped} skipped`;

const ENV = {
  ...process.env,
  NO_COLOR: '1',
  FORCE_COLOR: '0',
  NX_TUI: 'false',
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
};

function nxBin(cwd) {
  return resolve(cwd, 'node_modules', '.bin', 'nx');
}

function listProjects(cwd) {
  const r = spawnSync(nxBin(cwd), ['show', 'projects', '--with-target', 'test', '--json'], {
    cwd,
    env: ENV,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`nx show projects failed: ${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout);
}

const USAGE = `usage: test-summary [nx run-many options]

Runs every project's test target through nx (run-many -t test, 2 at a time) and prints
"N passed, N failed, N skipped" alone as the last line; exit 1 on any failure. Other options
(e.g. --projects=<name>) go to nx run-many.

options:
  -h, --help   print this help and exit
  --version    print the version and exit
`;

async function main() {
  const cwd = process.cwd();
  const extra = process.argv.slice(2);
  if (extra.includes('--help') || extra.includes('-h')) return void process.stdout.write(USAGE);
  if (extra.includes('--version')) {
    const own = new URL('../package.json', import.meta.url);
    return void console.log(`test-summary ${JSON.parse(readFileSync(own, 'utf8')).version}`);
  }
  let projects;
  try {
    projects = listProjects(cwd);
  } catch (e) {
    console.error(e.message);
    console.log('\n0 passed, 1 failed, 0 skipped');
    process.exit(1);
  }
  const child = spawn(
    nxBin(cwd),
    ['run-many', '-t', 'test', '--outputStyle=static', '--parallel=2', ...extra],
    { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    process.stdout.write(d);
  });
  child.stderr.on('data', (d) => {
    out += d;
    process.stderr.write(d);
  });
  const code = await new Promise((r) => child.on('close', (c) => r(c ?? 1)));
  const s = summarize(out, projects, code);
  for (const p of s.problems) console.log(`test-summary: ${p}`);
  console.log(`\n${summaryLine(s)}`);
  process.exit(s.failed > 0 || code !== 0 ? 1 : 0);
}

// run as a script, also through a node_modules/.bin link (a symlink), not when imported
if (process.argv[1] && realpathSync(resolve(process.argv[1])) === fileURLToPath(import.meta.url))
  await main();

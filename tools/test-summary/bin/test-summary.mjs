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
/** What tools/testkit's requirePrereq prints for a missing prerequisite (PREREQ_MISSING_MARK). */
const PREREQ = /^\s*prerequisite missing: (.+)$/;

/**
 * Reads nx's static output of `run-many -t test` and adds up uvu's summaries per project.
 * Pure: takes the captured text, the projects that have a test target and nx's exit code.
 * @param {string} output
 * @param {string[]} projects
 * @param {number} nxExitCode
 * Missing prerequisites (lines `prerequisite missing: …`, printed by the testkit's
 * `requirePrereq`) are collected once each, so the end of the log says what to install.
 * @returns {{passed:number, failed:number, skipped:number, problems:string[], missing:string[]}}
 */
export function summarize(output, projects, nxExitCode) {
  /** @type {Map<string, {total:number, passed:number, skipped:number, blocks:number}>} */
  const per = new Map();
  /** @type {Set<string>} */
  const missing = new Set();
  let current;
  for (const line of output.replace(ANSI, '').split(/\r?\n/)) {
    const pre = PREREQ.exec(line);
    if (pre) {
      missing.add(pre[1].trim());
      continue;
    }
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
  return { passed, failed, skipped, problems, missing: [...missing].sort() };
}

/**
 * The projects whose test summaries are expected: those with a test target, less the ones nx is
 * told to leave out (`--exclude=a,b` or `--exclude a,b`, names or their patterns as nx takes them
 * are matched by name only).
 * @param {string[]} projects
 * @param {string[]} args the options passed on to nx run-many
 * @returns {string[]}
 */
export function expectedProjects(projects, args) {
  const excluded = new Set();
  args.forEach((a, i) => {
    const v = a.startsWith('--exclude=')
      ? a.slice('--exclude='.length)
      : a === '--exclude'
        ? args[i + 1]
        : undefined;
    for (const name of (v ?? '').split(',')) if (name.trim() !== '') excluded.add(name.trim());
  });
  return projects.filter((p) => !excluded.has(p));
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

/** The projects `--projects=a,b` (or `--projects a,b`, `-p a,b`) of nx's options names, if any. */
export function selectedProjects(args) {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const m = /^--projects=(.+)$/.exec(a);
    if (m) return m[1].split(',');
    if ((a === '--projects' || a === '-p') && args[i + 1]) return args[i + 1].split(',');
  }
  return undefined;
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
go to nx run-many (e.g. --exclude=<project>,… : those projects are not expected to report).

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
    const only = selectedProjects(extra);
    projects = listProjects(cwd).filter((p) => only === undefined || only.includes(p));
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
  const s = summarize(out, expectedProjects(projects, extra), code);
  for (const m of s.missing) console.log(`test-summary: prerequisite missing: ${m}`);
  for (const p of s.problems) console.log(`test-summary: ${p}`);
  console.log(`\n${summaryLine(s)}`);
  process.exit(s.failed > 0 || code !== 0 ? 1 : 0);
}

// run as a script, also through a node_modules/.bin link (a symlink), not when imported
if (process.argv[1] && realpathSync(resolve(process.argv[1])) === fileURLToPath(import.meta.url))
  await main();

/**
 * One check of the simulator CLI convention, shared by the four simulators' tests: `--help`
 * exits 0 with the usage, `--version` exits 0 with `<name> <version>`, a start prints `<name> listening on <url>` on stdout, and SIGTERM ends
 * the process with exit 0.
 *
 * @module
 */
import {
  childEnv,
  describeExit,
  runProcess,
  startProcess,
  type RunningProcess,
} from './process.js';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readyLinePattern } from './cli.js';

/**
 * A simulator's CLI entry point seen from one of its test files (`testFileUrl`, the test's
 * `import.meta.url`, in `<package>/test/`): the built `dist/bin/<name>.js` when it exists, else the
 * source `src/bin/<name>.ts`.
 */
export const simBin = (testFileUrl: string, name: string): string => {
  const pkg = resolve(dirname(fileURLToPath(testFileUrl)), '..');
  const built = resolve(pkg, `dist/bin/${name}.js`);
  return existsSync(built) ? built : resolve(pkg, `src/bin/${name}.ts`);
};

/** Node's arguments that run `bin`: plain for a `.js`, with `--import tsx` for a `.ts`. */
export const nodeArgsOf = (bin: string): string[] => [
  ...(bin.endsWith('.ts') ? ['--import', 'tsx'] : []),
  bin,
];

/**
 * Starts the simulator CLI `bin ...args` (environment of {@link childEnv}) and resolves once its
 * ready line is on stdout, with the URL it prints; the caller stops the process.
 */
export const startSimCli = async (c: {
  readonly name: string;
  readonly bin: string;
  readonly args?: readonly string[];
}): Promise<{ url: string; process: RunningProcess }> => {
  const p = await startProcess({
    command: process.execPath,
    args: [...nodeArgsOf(c.bin), ...(c.args ?? [])],
    env: childEnv(),
    name: c.name,
    ready: readyLinePattern(c.name),
    readyOn: 'stdout',
  });
  return { url: p.readyMatch?.[1] ?? '', process: p };
};

/** What {@link checkSimCli} runs. */
export interface SimCliCheck {
  /** The simulator's name, as its ready line and usage print it. */
  readonly name: string;
  /** Its entry point: a built `.js` (run by plain node) or a `.ts` (run with `--import tsx`). */
  readonly bin: string;
  /** Arguments of the start (default none). */
  readonly args?: readonly string[];
  /** Environment (default this process's without `NODE_OPTIONS`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Runs while the simulator serves, with the URL of its ready line. */
  readonly whileRunning?: (url: string, p: RunningProcess) => Promise<void>;
}

const fail = (what: string, output: string): never => {
  throw new Error(`${what}\n--- output ---\n${output}`);
};

/**
 * Runs `bin --help` (exit 0, usage on stdout) and `bin --version`, then starts `bin ...args`, waits for the ready line
 * on stdout, calls `whileRunning`, sends SIGTERM and expects exit code 0. Throws on any deviation;
 * resolves with the URL and the stopped process (its output stays readable).
 */
export const checkSimCli = async (
  c: SimCliCheck,
): Promise<{ url: string; process: RunningProcess }> => {
  const node = nodeArgsOf(c.bin);
  const env = c.env ?? childEnv();
  const help = await runProcess({
    command: process.execPath,
    args: [...node, '--help'],
    env,
    name: c.name,
  });
  if (help.code !== 0)
    fail(`${c.name} --help ended with ${describeExit(help)}`, help.stdout + help.stderr);
  if (!help.stdout.startsWith(`usage: ${c.name} `))
    fail(`${c.name} --help printed no usage on stdout`, help.stdout + help.stderr);
  const version = await runProcess({
    command: process.execPath,
    args: [...node, '--version'],
    env,
    name: c.name,
  });
  if (version.code !== 0 || !new RegExp(`^${c.name} \\d+\\.\\d+\\.\\d+`).test(version.stdout))
    fail(`${c.name} --version: ${describeExit(version)}`, version.stdout + version.stderr);
  const p = await startProcess({
    command: process.execPath,
    args: [...node, ...(c.args ?? [])],
    env,
    name: c.name,
    ready: readyLinePattern(c.name),
    readyOn: 'stdout',
  });
  try {
    const url = p.readyMatch?.[1] ?? '';
    await c.whileRunning?.(url, p);
    const exit = await p.stop();
    if (exit.code !== 0)
      fail(`${c.name} ended with ${describeExit(exit)} on SIGTERM, not exit 0`, p.tail());
    return { url, process: p };
  } finally {
    await p.kill();
  }
};

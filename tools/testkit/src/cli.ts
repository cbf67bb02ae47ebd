/**
 * The simulators' command-line convention, in one place: flags parsed with `node:util`
 * `parseArgs` from one option table ({@link ./cli-spec}), `--help` that prints the usage and
 * exits 0, the ready line `<name> listening on <url>` on stdout, and a clean stop on
 * SIGINT/SIGTERM (exit 0).
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseFlags, usage, versionOption, type CliParse, type CliSpec } from './cli-spec.js';

/**
 * The version of the package a script belongs to: the `version` of the nearest `package.json`
 * above `script` (default: the running script), else `0.0.0-dev`.
 */
export const packageVersionOf = (script: string = process.argv[1] ?? ''): string => {
  for (let dir = dirname(resolve(script)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const v = (JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version;
      return typeof v === 'string' ? v : '0.0.0-dev';
    }
    if (dirname(dir) === dir) return '0.0.0-dev';
  }
};

/** The ready line every simulator prints on stdout once it serves: `<name> listening on <url>`. */
export const readyLine = (name: string, url: string): string => `${name} listening on ${url}`;

/** The regex that finds a {@link readyLine} of `name`; group 1 is the URL. */
export const readyLinePattern = (name: string): RegExp =>
  new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} listening on (\\S+)$`);

/** A started simulator, as the CLI needs it. */
export interface CliServer {
  /** Printed in the ready line. */
  readonly url: string;
  /** Lines printed on stdout before the ready line (more facts about the run). */
  readonly details?: readonly string[];
  /** Stops it: every server closed and every child process ended. */
  readonly stop: () => Promise<void>;
}

/**
 * Calls `stop` once on the first SIGINT or SIGTERM, then exits 0 (1 when stopping failed);
 * later signals while it stops are ignored.
 */
export const stopOnSignals = (name: string, stop: () => Promise<void>): void => {
  let stopping = false;
  const onSignal = (): void => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(
          `${name}: stopping failed: ${e instanceof Error ? e.message : String(e)}\n`,
        );
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
};

/**
 * The whole life of a simulator CLI: `--help` prints the usage and exits 0; `--version` prints
 * `<name> <version>` (its package's) and exits 0; a usage error is
 * printed with the usage and exits 2; a failed start exits 1; otherwise the details and the ready
 * line are printed and the process runs until SIGINT/SIGTERM, then stops the simulator and exits 0.
 */
export const runSimCli = async <O>(cli: {
  readonly spec: CliSpec;
  readonly parse: (argv: readonly string[]) => CliParse<O>;
  readonly start: (options: O) => Promise<CliServer>;
  /** Default `process.argv.slice(2)`. */
  readonly argv?: readonly string[];
}): Promise<void> => {
  const { name } = cli.spec;
  const argv = cli.argv ?? process.argv.slice(2);
  const flags = parseFlags({ ...cli.spec, options: [...cli.spec.options, versionOption] }, argv);
  if ('flags' in flags && flags.flags.boolean('version')) {
    process.stdout.write(`${name} ${packageVersionOf()}\n`);
    return process.exit(0);
  }
  const parsed = 'flags' in flags ? cli.parse(argv) : flags;
  if ('help' in parsed) {
    process.stdout.write(`${usage(cli.spec)}\n`);
    return process.exit(0);
  }
  if ('error' in parsed) {
    process.stderr.write(`${name}: ${parsed.error}\n${usage(cli.spec)}\n`);
    return process.exit(2);
  }
  let server: CliServer;
  try {
    server = await cli.start(parsed.options);
  } catch (e) {
    process.stderr.write(
      `${name}: failed to start: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    return process.exit(1);
  }
  stopOnSignals(name, server.stop);
  for (const line of server.details ?? []) process.stdout.write(`${line}\n`);
  process.stdout.write(`${readyLine(name, server.url)}\n`);
};

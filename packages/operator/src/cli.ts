/**
 * What every product binary does with its command line, in one place: `--help` prints the usage
 * on stdout and exits 0, `--version` prints `<name> <version>` and exits 0, and a usage error
 * (an unknown option, a stray argument) prints `<name>: <what is wrong>` on stderr and exits 2.
 * Options are read with `node:util` `parseArgs` (strict).
 */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { BuildInfo } from './metrics.js';

/** Set by the bundler (esbuild `define`) in a bundled binary; absent elsewhere. */
declare const __SCALEIO_BUILD__: BuildInfo | undefined;

/**
 * The running build: what the bundler wrote into the bundle, else the version of the
 * `package.json` at `packageJson` (e.g. `new URL('../../package.json', import.meta.url)`), else
 * `0.0.0-dev`.
 */
export function buildInfo(packageJson: URL): BuildInfo {
  if (typeof __SCALEIO_BUILD__ !== 'undefined') return __SCALEIO_BUILD__;
  try {
    const pkg = JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown };
    if (typeof pkg.version === 'string') return { version: pkg.version };
  } catch {
    // not installed beside its package.json: the version is unknown
  }
  return { version: '0.0.0-dev' };
}

/** What a command line asks for. */
export type CommandLine<V> =
  | { readonly _tag: 'help' }
  | { readonly _tag: 'version' }
  | { readonly _tag: 'error'; readonly message: string }
  | { readonly _tag: 'run'; readonly values: V; readonly positionals: readonly string[] };

type Options = NonNullable<ParseArgsConfig['options']>;

/** Option values as `parseArgs` read them, by long name. */
export type OptionValues = Readonly<
  Record<string, string | boolean | readonly (string | boolean)[] | undefined>
>;

/**
 * Reads `argv` (without node and the script) with `parseArgs`, strict, `--help`/`-h` and
 * `--version` added to `options`.
 *
 * @example
 * ```ts
 * const cl = readCommandLine(process.argv.slice(2), { port: { type: 'string' } });
 * ```
 */
export function readCommandLine(
  argv: readonly string[],
  options: Options,
  allowPositionals = false,
): CommandLine<OptionValues> {
  try {
    const { values, positionals }: { values: OptionValues; positionals: string[] } = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } },
      strict: true,
      allowPositionals,
    });
    if (values['help'] === true) return { _tag: 'help' };
    if (values['version'] === true) return { _tag: 'version' };
    return { _tag: 'run', values, positionals };
  } catch (e) {
    // parseArgs' first sentence names the option ("Unknown option '--x'"); the rest is advice.
    const message = (e instanceof Error ? e.message : String(e)).split(/\. /)[0] ?? '';
    return { _tag: 'error', message };
  }
}

/** How a binary presents itself. */
export interface BinaryInfo {
  readonly name: string;
  readonly version: string;
  /** The `--help` text. */
  readonly usage: () => string;
}

/** Where {@link settleCommandLine} writes and how it exits (the process by default). */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly exit: (code: number) => never;
}

const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  exit: (code) => process.exit(code),
};

/**
 * Answers `--help`, `--version` and usage errors (printing and exiting); for a run, returns what
 * to run with.
 *
 * @example
 * ```ts
 * const { values } = settleCommandLine(readCommandLine(argv, {}), {
 *   name: 'scaleio-executor', version: buildInfo(pkgUrl).version, usage: () => USAGE,
 * });
 * ```
 */
export function settleCommandLine<V>(
  cl: CommandLine<V>,
  bin: BinaryInfo,
  io: CliIo = processIo,
): { readonly values: V; readonly positionals: readonly string[] } {
  switch (cl._tag) {
    case 'help':
      io.stdout(bin.usage().endsWith('\n') ? bin.usage() : `${bin.usage()}\n`);
      return io.exit(0);
    case 'version':
      io.stdout(`${bin.name} ${bin.version}\n`);
      return io.exit(0);
    case 'error':
      io.stderr(`${bin.name}: ${cl.message} (see ${bin.name} --help)\n`);
      return io.exit(2);
    case 'run':
      return cl;
  }
}

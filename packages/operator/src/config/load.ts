/**
 * The configuration of a binary as one option table, read from flags, environment variables and
 * an optional file (`--config x.yaml|json`): every option decoded by its codec, then its own
 * check (files that must exist, …), then the rules between options — all before any effect. Every
 * problem is one line naming the option (flag and variable), where the value came from, and what
 * was expected; a secret's value, a stray argument and the file's text are never echoed.
 *
 * @module
 */
import { statSync, readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type * as t from 'io-ts';
import { parseConfigDocument, preview } from './document.js';

/** What an option's own check may look at: the file system (injected in tests). */
export interface ConfigFs {
  /** A file's text; throws (with an errno `code`) when it cannot be read. */
  readonly readFile: (path: string) => string;
  /** What is at `path`. */
  readonly kind: (path: string) => 'file' | 'directory' | 'missing' | 'other';
}

/** One option: its codec, where it can come from, its default and meaning. */
export interface OptionSpec<A = unknown> {
  readonly codec: t.Type<A, unknown, unknown>;
  /** Raw default (as a flag or environment value would give it); `undefined`: required. */
  readonly default: unknown;
  readonly doc: string;
  /** Extra environment variables read after the primary one (e.g. Marathon's `PORT0`). */
  readonly envAliases?: readonly string[];
  /** A secret: never printed, never echoed in an error. */
  readonly secret?: boolean;
  /** Grouping in the reference table. */
  readonly group: string;
  /** A check of the decoded value that needs the file system: why it cannot work, or undefined. */
  readonly check?: (value: A, fs: ConfigFs) => string | undefined;
}

/** Builds an {@link OptionSpec}. */
export const option = <A>(
  codec: t.Type<A, unknown, unknown>,
  def: unknown,
  group: string,
  doc: string,
  extra: {
    envAliases?: readonly string[];
    secret?: boolean;
    check?: (value: A, fs: ConfigFs) => string | undefined;
  } = {},
): OptionSpec<A> => ({ codec, default: def, group, doc, ...extra });

/** A table of options by file key (`failoverTimeout`); each option has its own value type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OptionTable = Readonly<Record<string, OptionSpec<any>>>;

/** The decoded configuration of a table: one typed value per option. */
export type ConfigOf<T extends OptionTable> = {
  readonly [K in keyof T]: t.TypeOf<T[K]['codec']>;
};

/** `failoverTimeout` -> `--failover-timeout`. */
export const flagOf = (key: string): string =>
  `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
/** `failoverTimeout` -> `SCALEIO_FAILOVER_TIMEOUT`. */
export const envOf = (key: string): string =>
  `SCALEIO_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/** Inputs of {@link loadOptions}: everything it reads is passed in. */
export interface ConfigInputs {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reads the `--config` file (and files options name); injected so that loading stays testable. */
  readonly readFile: (path: string) => string;
  /** What is at a path (default: the real file system). */
  readonly kind?: ConfigFs['kind'];
}

/** Result of {@link loadOptions}: the config, or every problem found (not just the first). */
export type ConfigResult<C> =
  | { readonly _tag: 'ok'; readonly config: C }
  | { readonly _tag: 'invalid'; readonly problems: readonly string[] }
  | { readonly _tag: 'help' }
  | { readonly _tag: 'version' };

/** The real file system's view of a path. */
export const realKind: ConfigFs['kind'] = (path) => {
  try {
    const s = statSync(path);
    return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
};

/** The real file system for {@link ConfigInputs}. */
export const realFs: ConfigFs = {
  readFile: (p) => readFileSync(p, 'utf8'),
  kind: realKind,
};

/** What the command line gave: option values (raw strings), the config file, help or version. */
interface Argv {
  readonly values: Record<string, string>;
  configFile: string | undefined;
  help: boolean;
  version: boolean;
}

const isBoolean = (spec: OptionSpec<unknown>) => spec.codec.name.startsWith('boolean');

/**
 * Reads `argv` with `node:util` `parseArgs` (its tokens, so that every problem is reported, not
 * only the first): `--name value`, `--name=value`, a boolean as `--name`, `--no-name` or
 * `--name true|false`. An unknown option, a missing value or a stray argument is a problem; a
 * stray argument is not quoted (it may be half of an unquoted password).
 */
function parseArgv(
  table: OptionTable,
  argv: readonly string[],
  problems: string[],
  into?: Argv,
): Argv {
  const byName = new Map(Object.keys(table).map((k) => [flagOf(k).slice(2), k]));
  const out: Argv = into ?? { values: {}, configFile: undefined, help: false, version: false };
  const options = {
    config: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean' },
    ...Object.fromEntries(
      Object.entries(table).map(([k, s]) => [
        flagOf(k).slice(2),
        { type: isBoolean(s as OptionSpec<unknown>) ? 'boolean' : 'string' },
      ]),
    ),
  } as ParseArgsConfig['options'];
  const { tokens } = parseArgs({
    args: [...argv],
    options,
    strict: false,
    allowPositionals: true,
    allowNegative: true,
    tokens: true,
  });
  for (let i = 0; i < tokens.length; i++) {
    const tk = tokens[i];
    if (tk === undefined || tk.kind === 'option-terminator') continue;
    if (tk.kind === 'positional') {
      problems.push(
        `argument ${tk.index + 1}: unexpected (not an option; quote a value that has spaces)`,
      );
      continue;
    }
    const next = tokens[i + 1];
    const nextValue = next?.kind === 'positional' ? next.value : undefined;
    if (tk.name === 'help' || tk.name === 'version') {
      out[tk.name] = true;
      continue;
    }
    const key = byName.get(tk.name);
    const spec = key === undefined ? undefined : (table[key] as OptionSpec<unknown>);
    if (key !== undefined && spec !== undefined && isBoolean(spec)) {
      if (tk.rawName.startsWith('--no-')) out.values[key] = 'false';
      else if (tk.inlineValue === true) out.values[key] = tk.value ?? '';
      else if (nextValue !== undefined) [out.values[key], i] = [nextValue, i + 1];
      else out.values[key] = 'true';
      continue;
    }
    if (key === undefined && tk.name !== 'config') {
      problems.push(`${tk.rawName.slice(0, 60)}: unknown option (see --help)`);
      if (tk.inlineValue !== true && nextValue !== undefined) i++;
      continue;
    }
    // A string option: parseArgs (not strict) took the next argument even if it is an option.
    if (tk.value === undefined || (tk.inlineValue !== true && tk.value.startsWith('--'))) {
      problems.push(`${tk.rawName}: needs a value`);
      if (tk.value !== undefined) return parseArgv(table, argv.slice(tk.index + 1), problems, out);
      continue;
    }
    if (key === undefined) out.configFile = tk.value;
    else out.values[key] = tk.value;
  }
  return out;
}

/** The `--config` file's option values by key (problems for an unreadable or malformed file). */
function parseFile(
  table: OptionTable,
  path: string,
  readFile: (p: string) => string,
  problems: string[],
): Record<string, unknown> {
  let text: string;
  try {
    text = readFile(path);
  } catch (e) {
    problems.push(
      `--config ${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
    return {};
  }
  const doc = parseConfigDocument(path, text);
  if (!doc.ok) {
    problems.push(`--config ${path}: ${doc.error}`);
    return {};
  }
  if (doc.value === null || doc.value === undefined) return {};
  if (typeof doc.value !== 'object' || Array.isArray(doc.value)) {
    problems.push(`--config ${path}: must hold a mapping of option names to values`);
    return {};
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc.value)) {
    if (Object.prototype.hasOwnProperty.call(table, k)) out[k] = v;
    else problems.push(`--config ${path}: unknown option ${JSON.stringify(k.slice(0, 60))}`);
  }
  return out;
}

/** The detail of a failed decode (the codec's own message), or ''. */
const detailOf = (errors: t.Errors): string => {
  const m = errors.find((e) => e.message !== undefined && e.message !== '')?.message;
  return m === undefined ? '' : ` (${m})`;
};

/**
 * Reads a configuration: flags over environment over file over default; each option decoded by
 * its codec and checked by its `check`; then `crossChecks` when every option decoded.
 *
 * @example
 * ```ts
 * const table = { port: option(PortFromInput, 8080, 'http', 'Port.') };
 * const r = loadOptions(table, { argv: process.argv.slice(2), env: process.env, ...realFs });
 * if (r._tag === 'invalid') { for (const p of r.problems) console.error(p); process.exit(2); }
 * ```
 */
export function loadOptions<T extends OptionTable>(
  table: T,
  inputs: ConfigInputs,
  crossChecks: (c: ConfigOf<T>, fs: ConfigFs) => readonly string[] = () => [],
): ConfigResult<ConfigOf<T>> {
  const problems: string[] = [];
  const fs: ConfigFs = { readFile: inputs.readFile, kind: inputs.kind ?? realKind };
  const args = parseArgv(table, inputs.argv, problems);
  if (args.help) return { _tag: 'help' };
  if (args.version) return { _tag: 'version' };
  const file = args.configFile ? parseFile(table, args.configFile, inputs.readFile, problems) : {};
  const config: Record<string, unknown> = {};
  /** The raw values of secret options: never shown, even where they do not belong. */
  const secrets: string[] = [];
  for (const key of Object.keys(table)) {
    const spec = table[key] as OptionSpec<unknown>;
    const envNames = [envOf(key), ...(spec.envAliases ?? [])];
    const envName = envNames.find((n) => inputs.env[n] !== undefined);
    let raw: unknown;
    let source: string;
    if (args.values[key] !== undefined) [raw, source] = [args.values[key], 'flag'];
    else if (envName !== undefined) [raw, source] = [inputs.env[envName], envName];
    else if (key in file) [raw, source] = [file[key], 'file'];
    else [raw, source] = [spec.default, 'default'];
    const where = `${flagOf(key)} / ${envOf(key)}`;
    if (spec.secret === true && typeof raw === 'string' && raw.trim().length >= 4)
      secrets.push(raw.trim());
    if (raw === undefined) {
      problems.push(`${where}: required, not set`);
      continue;
    }
    const r = spec.codec.decode(raw);
    if (r._tag === 'Left') {
      const got = spec.secret ? 'a value that is not accepted' : preview(raw);
      problems.push(
        `${where} (from ${source}): expected ${spec.codec.name}, got ${got}${detailOf(r.left)}`,
      );
      continue;
    }
    const bad = spec.check?.(r.right, fs);
    if (bad !== undefined) problems.push(`${where} (from ${source}): ${bad}`);
    else config[key] = r.right;
  }
  if (problems.length === 0) problems.push(...crossChecks(config as ConfigOf<T>, fs));
  // A secret given where it does not belong (a password as the region, a file key) stays hidden.
  const hide = (p: string) => secrets.reduce((q, x) => q.split(x).join('[secret]'), p);
  return problems.length > 0
    ? { _tag: 'invalid', problems: problems.map(hide) }
    : { _tag: 'ok', config: config as ConfigOf<T> };
}

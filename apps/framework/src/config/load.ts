import { parseArgs, type ParseArgsConfig } from 'node:util';
import * as t from 'io-ts';
import { parse as parseYaml } from 'yaml';
import { envOf, flagOf, schedulerOptions, type OptionKey } from './options.js';

/** The decoded configuration: one typed value per option. */
export type Config = { readonly [K in OptionKey]: t.TypeOf<(typeof schedulerOptions)[K]['codec']> };

/** Where an option's raw value came from, for error messages. */
type Source = 'flag' | 'environment' | 'file' | 'default';

/** Inputs of {@link loadConfig}: everything it reads is passed in. */
export interface ConfigInputs {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reads the `--config` file; injected so that loading stays testable. */
  readonly readFile: (path: string) => string;
}

/** Result of {@link loadConfig}: the config, or every problem found (not just the first). */
export type ConfigResult =
  | { readonly _tag: 'ok'; readonly config: Config }
  | { readonly _tag: 'invalid'; readonly problems: readonly string[] }
  | { readonly _tag: 'help' }
  | { readonly _tag: 'version' };

const keys = Object.keys(schedulerOptions) as OptionKey[];
/** Option name without `--` → key. */
const byName = new Map(keys.map((k) => [flagOf(k).slice(2), k]));
const isBoolean = (k: OptionKey) => schedulerOptions[k].codec.name.startsWith('boolean');

/** The table `parseArgs` reads: every option, `--config`, `--help` and `--version`. */
const argOptions = {
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  ...Object.fromEntries(
    keys.map((k) => [flagOf(k).slice(2), { type: isBoolean(k) ? 'boolean' : 'string' }]),
  ),
} as const satisfies ParseArgsConfig['options'];

/** What the command line gave: option values (raw strings), the config file, help or version. */
interface Argv {
  readonly values: Partial<Record<OptionKey, string>>;
  configFile: string | undefined;
  help: boolean;
  version: boolean;
}

/**
 * Reads `argv` with `node:util` `parseArgs` (its tokens, so that every problem is reported, not
 * only the first): `--name value`, `--name=value`, a boolean as `--name`, `--no-name` or
 * `--name true|false`. An unknown option, a missing value or a stray argument is a problem.
 */
function parseArgv(argv: readonly string[], problems: string[], into?: Argv): Argv {
  const out: Argv = into ?? { values: {}, configFile: undefined, help: false, version: false };
  const values = out.values as Record<string, string>;
  const { tokens } = parseArgs({
    args: [...argv],
    options: argOptions,
    strict: false,
    allowPositionals: true,
    allowNegative: true,
    tokens: true,
  });
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined || t.kind === 'option-terminator') continue;
    if (t.kind === 'positional') {
      problems.push(`${JSON.stringify(t.value)}: unexpected argument`);
      continue;
    }
    const next = tokens[i + 1];
    const nextValue = next?.kind === 'positional' ? next.value : undefined;
    if (t.name === 'help' || t.name === 'version') {
      out[t.name] = true;
      continue;
    }
    const key = byName.get(t.name);
    if (key !== undefined && isBoolean(key)) {
      if (t.rawName.startsWith('--no-')) values[key] = 'false';
      else if (t.inlineValue === true) values[key] = t.value ?? '';
      else if (nextValue !== undefined) [values[key], i] = [nextValue, i + 1];
      else values[key] = 'true';
      continue;
    }
    if (key === undefined && t.name !== 'config') {
      problems.push(`${t.rawName}: unknown option (see --help)`);
      if (t.inlineValue !== true && nextValue !== undefined) i++;
      continue;
    }
    // A string option: parseArgs (not strict) took the next argument even if it is an option.
    if (t.value === undefined || (t.inlineValue !== true && t.value.startsWith('--'))) {
      problems.push(`${t.rawName}: needs a value`);
      if (t.value !== undefined) return parseArgv(argv.slice(t.index + 1), problems, out);
      continue;
    }
    if (key === undefined) out.configFile = t.value;
    else values[key] = t.value;
  }
  return out;
}

function parseFile(path: string, readFile: (p: string) => string, problems: string[]) {
  let text: string;
  try {
    text = readFile(path);
  } catch (e) {
    problems.push(
      `--config ${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
    return {};
  }
  let doc: unknown;
  try {
    doc = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    problems.push(
      `--config ${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`,
    );
    return {};
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    problems.push(`--config ${path}: must hold a mapping of option names to values`);
    return {};
  }
  const out: Partial<Record<OptionKey, unknown>> = {};
  for (const [k, v] of Object.entries(doc)) {
    if ((keys as string[]).includes(k)) out[k as OptionKey] = v;
    else problems.push(`--config ${path}: unknown option '${k}'`);
  }
  return out;
}

const show = (v: unknown) =>
  typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));

/**
 * Reads the scheduler's configuration from flags, environment and an optional file
 * (`--config path.yaml|json`), decodes every option with its codec, and checks the rules between
 * options. A bad value names the option, its flag and variable, where it came from, and what was
 * expected; a secret's value is never repeated.
 */
export function loadConfig(inputs: ConfigInputs): ConfigResult {
  const problems: string[] = [];
  const args = parseArgv(inputs.argv, problems);
  if (args.help) return { _tag: 'help' };
  if (args.version) return { _tag: 'version' };
  const file = args.configFile ? parseFile(args.configFile, inputs.readFile, problems) : {};
  const config: Record<string, unknown> = {};
  for (const key of keys) {
    const spec = schedulerOptions[key] as (typeof schedulerOptions)[OptionKey] & {
      envAliases?: readonly string[];
      secret?: boolean;
    };
    const envNames = [envOf(key), ...(spec.envAliases ?? [])];
    const envName = envNames.find((n) => inputs.env[n] !== undefined);
    let raw: unknown;
    let source: Source;
    if (args.values[key] !== undefined) [raw, source] = [args.values[key], 'flag'];
    else if (envName !== undefined) [raw, source] = [inputs.env[envName], 'environment'];
    else if (key in file) [raw, source] = [file[key], 'file'];
    else [raw, source] = [spec.default, 'default'];
    const where = `${flagOf(key)} / ${envOf(key)}`;
    if (raw === undefined) {
      problems.push(`${where}: required, not set`);
      continue;
    }
    const r = spec.codec.decode(raw);
    if (r._tag === 'Left') {
      const got = spec.secret ? 'a value that is not accepted' : show(raw);
      problems.push(
        `${where} (from ${source === 'environment' ? envName : source}): expected ${spec.codec.name}, got ${got}`,
      );
    } else config[key] = r.right;
  }
  if (problems.length === 0) problems.push(...crossChecks(config as Config));
  return problems.length > 0
    ? { _tag: 'invalid', problems }
    : { _tag: 'ok', config: config as Config };
}

/** Rules that involve more than one option. */
export function crossChecks(c: Config): string[] {
  const p: string[] = [];
  if (c.password.isEmpty) p.push(`${flagOf('password')} / ${envOf('password')}: must not be empty`);
  if (c.mode === 'existing') {
    if (c.existingMdmIps.length < 2)
      p.push(
        `${flagOf('existingMdmIps')}: mode 'existing' needs the addresses of at least 2 MDMs (primary and secondary)`,
      );
    if (c.gatewayUrl === '')
      p.push(`${flagOf('gatewayUrl')}: mode 'existing' needs the gateway URL`);
    const notIp = c.existingMdmIps.filter((a) => !Ipv4.test(a));
    if (notIp.length > 0)
      p.push(
        `${flagOf('existingMdmIps')}: expected IPv4 addresses (SDCs are configured with them), got ${notIp.map((a) => JSON.stringify(a)).join(', ')}`,
      );
    const twice = c.existingMdmIps.filter((a, i) => c.existingMdmIps.indexOf(a) !== i);
    if (twice.length > 0)
      p.push(`${flagOf('existingMdmIps')}: ${[...new Set(twice)].join(', ')} given twice`);
  }
  if (c.stateStore === 'zk' && !ZkUrl.test(c.zkUrl))
    p.push(
      `${flagOf('zkUrl')}: --state-store zk needs zk://host:port[,host:port]/path (path segments of letters, digits, '.', '_', '-'), got ${JSON.stringify(c.zkUrl)}`,
    );
  if (c.gatewayUrl !== '' && !HttpLike.test(c.gatewayUrl))
    p.push(`${flagOf('gatewayUrl')}: expected an http(s) URL, got ${JSON.stringify(c.gatewayUrl)}`);
  if (c.advertiseUrl !== '' && !HttpLike.test(c.advertiseUrl))
    p.push(
      `${flagOf('advertiseUrl')}: expected an http(s) URL, got ${JSON.stringify(c.advertiseUrl)}`,
    );
  return p;
}

const HttpLike = /^https?:\/\/[^\s/]+/;
const Ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** `zk://h1:2181,h2:2181/a/b`: what the ZooKeeper store and election accept (no trailing slash). */
const ZkUrl = /^zk:\/\/[^\s/:,]+:\d{1,5}(,[^\s/:,]+:\d{1,5})*(\/[a-zA-Z0-9._-]+)+$/;

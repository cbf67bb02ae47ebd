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
  | { readonly _tag: 'help' };

const keys = Object.keys(schedulerOptions) as OptionKey[];
const byFlag = new Map(keys.map((k) => [flagOf(k), k]));

function parseArgv(argv: readonly string[], problems: string[]) {
  const values: Partial<Record<OptionKey, string>> = {};
  let configFile: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    const take = (): string | undefined => {
      if (inline !== undefined) return inline;
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) {
        problems.push(`${name}: needs a value`);
        return undefined;
      }
      i++;
      return v;
    };
    if (name === '--config') {
      configFile = take();
      continue;
    }
    const key = byFlag.get(name);
    if (key === undefined) {
      const neg = name.startsWith('--no-') ? byFlag.get(`--${name.slice(5)}`) : undefined;
      if (neg !== undefined && inline === undefined) values[neg] = 'false';
      else if (!name.startsWith('-')) problems.push(`${JSON.stringify(arg)}: unexpected argument`);
      else {
        problems.push(`${name}: unknown option (see --help)`);
        if (inline === undefined && argv[i + 1] !== undefined && !argv[i + 1]?.startsWith('-')) i++;
      }
      continue;
    }
    const isBool = schedulerOptions[key].codec.name.startsWith('boolean');
    if (
      isBool &&
      inline === undefined &&
      (argv[i + 1] === undefined || argv[i + 1]?.startsWith('--'))
    ) {
      values[key] = 'true';
      continue;
    }
    const v = take();
    if (v !== undefined) values[key] = v;
  }
  return { values, configFile, help };
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

/**
 * The command line the cloud simulators (`ec2-sim`, `gce-sim`) share: `--config <file.json>`
 * decoded by the simulator's io-ts codec, `--instance a:b:c` (repeatable), `--port`, the
 * `--<x>-ms` durations ({@link TIMING_FLAGS}) and `--attachment-webhook`, flags winning over the
 * file. Pure but for {@link fileCliParse}: argv and file text in, values or an error message out.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { isLeft } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { parseFlags, usage, type CliParse, type CliSpec, type Flags } from './cli-spec.js';
import { TIMING_FLAGS, type VolumeTimings } from './sim-timings.js';

/** What a cloud simulator's config file holds at least (every field optional). */
export interface CloudSimConfig<I> {
  readonly instances?: readonly I[];
  readonly timings?: Partial<VolumeTimings>;
  readonly attachmentWebhook?: string;
}

/** A simulator's parsed command line: its options, or an error message (the usage after `--help`). */
export type SimCliResult<O> =
  { readonly ok: true; readonly options: O } | { readonly ok: false; readonly error: string };

/** The options the shared flags give: the file's, with the flags' over them. */
export type CloudSimCliOptions<C, I> = C & {
  readonly instances: I[];
  readonly timings: Partial<VolumeTimings>;
  readonly port?: number;
  readonly attachmentWebhook?: string;
};

/** How {@link parseCloudSimCli} reads one simulator's config file and `--instance`. */
export interface CloudSimCliParts<C, I> {
  /** Decodes the `--config` file. */
  readonly config: t.Decoder<unknown, C>;
  /** The three `--instance` parts as the error names them, e.g. `<id>:<az>:<type>`. */
  readonly instanceForm: string;
  /** An instance from the three parts of one `--instance`. */
  readonly instance: (parts: readonly [string, string, string]) => I;
}

const num = (name: string, v: string | undefined): number | string | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : `--${name} must be a non-negative integer, got '${v}'`;
};

/**
 * Parses argv (without node and script) by `spec`; `readFile` reads `--config`. The instances are
 * the file's, then the flags'. Also gives the flags, for the simulator's own options.
 */
export const parseCloudSimCli = <I, C extends CloudSimConfig<I>>(
  spec: CliSpec,
  argv: readonly string[],
  readFile: (path: string) => string,
  parts: CloudSimCliParts<C, I>,
):
  | { readonly ok: true; readonly options: CloudSimCliOptions<C, I>; readonly flags: Flags }
  | { readonly ok: false; readonly error: string } => {
  const help = usage(spec);
  const parsed = parseFlags(spec, argv);
  if (!('flags' in parsed))
    return { ok: false, error: 'help' in parsed ? help : `${parsed.error}\n${help}` };
  const a = parsed.flags;
  let file = {} as C;
  const configFile = a.string('config');
  if (configFile !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFile(configFile));
    } catch (e) {
      return { ok: false, error: `cannot read --config ${configFile}: ${(e as Error).message}` };
    }
    const d = parts.config.decode(raw);
    if (isLeft(d))
      return { ok: false, error: `bad --config: ${PathReporter.report(d).join('; ')}` };
    file = d.right;
  }
  const instances: I[] = [...(file.instances ?? [])];
  for (const s of a.strings('instance')) {
    const [x, y, z, extra] = s.split(':');
    if (!x || !y || !z || extra !== undefined)
      return { ok: false, error: `--instance must be ${parts.instanceForm}, got '${s}'` };
    instances.push(parts.instance([x, y, z]));
  }
  const port = num('port', a.string('port'));
  const timingArgs = Object.entries(TIMING_FLAGS).map(
    ([k, flag]) => [k, num(flag, a.string(flag))] as const,
  );
  const bad = [port, ...timingArgs.map(([, v]) => v)].find((x) => typeof x === 'string');
  if (typeof bad === 'string') return { ok: false, error: bad };
  const timings: Partial<VolumeTimings> = { ...file.timings };
  for (const [k, v] of timingArgs) if (typeof v === 'number') timings[k as keyof VolumeTimings] = v;
  const webhook = a.string('attachment-webhook') ?? file.attachmentWebhook;
  return {
    ok: true,
    flags: a,
    options: {
      ...file,
      instances,
      timings,
      ...(typeof port === 'number' ? { port } : {}),
      ...(webhook === undefined ? {} : { attachmentWebhook: webhook }),
    },
  };
};

/**
 * `parse` as `runSimCli` takes it: `--config` read from the file system, the result as
 * `{ options }` or `{ error }`.
 */
export const fileCliParse =
  <O>(parse: (argv: readonly string[], readFile: (path: string) => string) => SimCliResult<O>) =>
  (argv: readonly string[]): CliParse<O> => {
    const r = parse(argv, (p) => readFileSync(p, 'utf8'));
    return r.ok ? { options: r.options } : { error: r.error };
  };

/**
 * The command line of `gce-sim` (the simulators' convention, testkit). Pure: argv and file text
 * in, options or an error out.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { cliSpec, parseFlags, usage as usageOf } from '@scaleio-framework/testkit';
import { GceSimConfig, type SimInstanceSpec } from './options.js';
import type { GceSimOptions } from './server.js';

/** The command line: every option, as `--help` shows it. */
export const CLI = cliSpec(
  'gce-sim',
  'The Compute Engine API subset the framework uses, and the metadata server, on 127.0.0.1.',
  `
    --port <p>                         TCP port (default 0: any free port)
    --config <file.json>               options as JSON (project, instances, machineTypes, timings, quotaGb, ...)
    --instance <name>:<zone>:<type>...  an instance
    --project <id>                     project id (default sio-sim-project)
    --attachment-webhook <url>         where attachment changes are POSTed
    --create-ms <n>                    disks.insert operation duration
    --attach-ms <n>                    attachDisk operation duration
    --detach-ms <n>                    detachDisk operation duration
    --delete-ms <n>                    disks.delete operation duration
  `,
  'Flags win over the --config file.',
);

/** The usage text. */
export const usage = usageOf(CLI);

/** Parsed CLI: the options, or an error message. */
export type CliResult =
  | { readonly ok: true; readonly options: GceSimOptions }
  | { readonly ok: false; readonly error: string };

const num = (name: string, v: string | undefined): number | string | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : `--${name} must be a non-negative integer, got '${v}'`;
};

const TIMING_FLAGS = {
  createMs: 'create-ms',
  attachMs: 'attach-ms',
  detachMs: 'detach-ms',
  deleteMs: 'delete-ms',
} as const;

/** Parses argv (without node and script); `readFile` reads `--config`. */
export const parseCli = (argv: readonly string[], readFile: (p: string) => string): CliResult => {
  const flags = parseFlags(CLI, argv);
  if (!('flags' in flags))
    return { ok: false, error: 'help' in flags ? usage : `${flags.error}\n${usage}` };
  const a = flags.flags;
  let config: GceSimConfig = {};
  const configFile = a.string('config');
  if (configFile !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFile(configFile));
    } catch (e) {
      return { ok: false, error: `cannot read --config ${configFile}: ${(e as Error).message}` };
    }
    const d = GceSimConfig.decode(raw);
    if (isLeft(d))
      return { ok: false, error: `bad --config: ${PathReporter.report(d).join('; ')}` };
    config = d.right;
  }
  const instances: SimInstanceSpec[] = [...(config.instances ?? [])];
  for (const s of a.strings('instance')) {
    const [name, zone, machineType, extra] = s.split(':');
    if (!name || !zone || !machineType || extra !== undefined)
      return { ok: false, error: `--instance must be <name>:<zone>:<type>, got '${s}'` };
    instances.push({ name, zone, machineType });
  }
  const port = num('port', a.string('port'));
  const timingArgs = Object.fromEntries(
    Object.entries(TIMING_FLAGS).map(([k, flag]) => [k, num(flag, a.string(flag))]),
  );
  const bad = [port, ...Object.values(timingArgs)].find((x) => typeof x === 'string');
  if (typeof bad === 'string') return { ok: false, error: bad };
  const timings = { ...config.timings };
  for (const [k, v] of Object.entries(timingArgs))
    if (typeof v === 'number') timings[k as keyof typeof timings] = v;
  const webhook = a.string('attachment-webhook') ?? config.attachmentWebhook;
  const project = a.string('project') ?? config.project;
  return {
    ok: true,
    options: {
      ...config,
      instances,
      timings,
      ...(typeof port === 'number' ? { port } : {}),
      ...(webhook === undefined ? {} : { attachmentWebhook: webhook }),
      ...(project === undefined ? {} : { project }),
    },
  };
};

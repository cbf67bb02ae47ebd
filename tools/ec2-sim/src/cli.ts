/** Command-line parsing of `ec2-sim` (pure: argv and file text in, options or an error out). */
import { parseArgs } from 'node:util';
import { isLeft } from 'fp-ts/lib/Either.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { Ec2SimConfig, type SimInstanceSpec } from './options.js';
import type { Ec2SimOptions } from './server.js';

/** The usage text. */
export const usage = `usage: ec2-sim --port <p> [--config <file.json>] [--instance <id>:<az>:<type>]...
              [--attachment-webhook <url>] [--region <r>]
              [--create-ms <n>] [--attach-ms <n>] [--detach-ms <n>] [--delete-ms <n>]`;

/** Parsed CLI: the options, or an error message. */
export type CliResult =
  | { readonly ok: true; readonly options: Ec2SimOptions }
  | { readonly ok: false; readonly error: string };

const num = (name: string, v: string | undefined): number | string | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : `--${name} must be a non-negative integer, got '${v}'`;
};

/** Parses argv (without node and script); `readFile` reads `--config`. */
export const parseCli = (argv: readonly string[], readFile: (p: string) => string): CliResult => {
  let a;
  try {
    a = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        config: { type: 'string' },
        instance: { type: 'string', multiple: true },
        'attachment-webhook': { type: 'string' },
        region: { type: 'string' },
        'create-ms': { type: 'string' },
        'attach-ms': { type: 'string' },
        'detach-ms': { type: 'string' },
        'delete-ms': { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (e) {
    return { ok: false, error: `${(e as Error).message}\n${usage}` };
  }
  let config: Ec2SimConfig = {};
  if (a.config !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFile(a.config));
    } catch (e) {
      return { ok: false, error: `cannot read --config ${a.config}: ${(e as Error).message}` };
    }
    const d = Ec2SimConfig.decode(raw);
    if (isLeft(d))
      return { ok: false, error: `bad --config: ${PathReporter.report(d).join('; ')}` };
    config = d.right;
  }
  const instances: SimInstanceSpec[] = [...(config.instances ?? [])];
  for (const s of a.instance ?? []) {
    const [instanceId, availabilityZone, instanceType, extra] = s.split(':');
    if (!instanceId || !availabilityZone || !instanceType || extra !== undefined)
      return { ok: false, error: `--instance must be <id>:<az>:<type>, got '${s}'` };
    instances.push({ instanceId, availabilityZone, instanceType });
  }
  const port = num('port', a.port);
  const timingArgs = {
    createMs: num('create-ms', a['create-ms']),
    attachMs: num('attach-ms', a['attach-ms']),
    detachMs: num('detach-ms', a['detach-ms']),
    deleteMs: num('delete-ms', a['delete-ms']),
  };
  const bad = [port, ...Object.values(timingArgs)].find((x) => typeof x === 'string');
  if (typeof bad === 'string') return { ok: false, error: bad };
  const timings = { ...config.timings };
  for (const [k, v] of Object.entries(timingArgs))
    if (typeof v === 'number') timings[k as keyof typeof timings] = v;
  const webhook = a['attachment-webhook'] ?? config.attachmentWebhook;
  const region = a.region ?? config.region;
  return {
    ok: true,
    options: {
      ...config,
      instances,
      timings,
      ...(typeof port === 'number' ? { port } : {}),
      ...(webhook === undefined ? {} : { attachmentWebhook: webhook }),
      ...(region === undefined ? {} : { region }),
    },
  };
};

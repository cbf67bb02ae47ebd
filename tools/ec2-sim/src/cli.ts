/**
 * The command line of `ec2-sim` (the simulators' convention, testkit). Pure: argv and file text
 * in, options or an error out.
 */
import {
  cliSpec,
  parseCloudSimCli,
  usage as usageOf,
  type SimCliResult,
} from '@scaleio-framework/testkit';
import { Ec2SimConfig } from './options.js';
import type { Ec2SimOptions } from './server.js';

/** The command line: every option, as `--help` shows it. */
export const CLI = cliSpec(
  'ec2-sim',
  'The EC2 Query API subset the framework uses, and IMDSv2, on 127.0.0.1.',
  `
    --port <p>                         TCP port (default 0: any free port)
    --config <file.json>               options as JSON (region, instances, instanceTypes, timings, ...)
    --instance <id>:<az>:<type>...     an instance
    --attachment-webhook <url>         where attachment changes are POSTed
    --region <r>                       region (default us-east-1)
    --create-ms <n>                    creating -> available
    --attach-ms <n>                    attaching -> attached
    --detach-ms <n>                    detaching -> detached
    --delete-ms <n>                    deleting -> gone
  `,
  'Flags win over the --config file.',
);

/** The usage text. */
export const usage = usageOf(CLI);

/** Parsed CLI: the options, or an error message. */
export type CliResult = SimCliResult<Ec2SimOptions>;

/** Parses argv (without node and script); `readFile` reads `--config`. */
export const parseCli = (argv: readonly string[], readFile: (p: string) => string): CliResult => {
  const r = parseCloudSimCli(CLI, argv, readFile, {
    config: Ec2SimConfig,
    instanceForm: '<id>:<az>:<type>',
    instance: ([instanceId, availabilityZone, instanceType]) => ({
      instanceId,
      availabilityZone,
      instanceType,
    }),
  });
  if (!r.ok) return r;
  const region = r.flags.string('region') ?? r.options.region;
  return { ok: true, options: { ...r.options, ...(region === undefined ? {} : { region }) } };
};

/**
 * The command line of `gce-sim` (the simulators' convention, testkit). Pure: argv and file text
 * in, options or an error out.
 */
import {
  cliSpec,
  parseCloudSimCli,
  usage as usageOf,
  type SimCliResult,
} from '@scaleio-framework/testkit';
import { GceSimConfig } from './options.js';
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
export type CliResult = SimCliResult<GceSimOptions>;

/** Parses argv (without node and script); `readFile` reads `--config`. */
export const parseCli = (argv: readonly string[], readFile: (p: string) => string): CliResult => {
  const r = parseCloudSimCli(CLI, argv, readFile, {
    config: GceSimConfig,
    instanceForm: '<name>:<zone>:<type>',
    instance: ([name, zone, machineType]) => ({ name, zone, machineType }),
  });
  if (!r.ok) return r;
  const project = r.flags.string('project') ?? r.options.project;
  return { ok: true, options: { ...r.options, ...(project === undefined ? {} : { project }) } };
};

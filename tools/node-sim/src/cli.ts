/**
 * The command line of node-sim (the simulators' convention, testkit): options read with
 * `parseArgs`, decoded with io-ts into {@link NodeSimOptions}, and the line of facts printed
 * before the ready line.
 */
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { cliSpec, parseFlags, usage } from '@scaleio-framework/testkit';
import { NodeSimOptions, type NodeSim } from './sim.js';

/** The command line: every option, as `--help` shows it. */
export const CLI = cliSpec(
  'node-sim',
  'Simulated agent hosts (node roots with fake system tools), the package repository and the\nec2 attachment webhook, on one loopback server.',
  `
    --node <id>:<os>[:<ip>[:<instance-id>]]...  a node (at least one)
    --scaleio-admin-url <url>                   scaleio-sim to tell about MDMs, SDSs and SDCs
    --dir <dir>                                 where node roots go (default: a temporary directory)
    --port <n>                                  port of the loopback server (default 0: any free port)
    --time-scale <factor>                       factor on each tool's modelled real duration (default 0.001; 1: real time)
    --config <options.json>                     options as JSON; the flags win over it
  `,
  'os: ubuntu-14.04 ubuntu-16.04 ubuntu-18.04 ubuntu-20.04 ubuntu-22.04 rhel-7 rhel-8 centos-7 flatcar debian-12',
);

/** Usage text. */
export const USAGE = usage(CLI);

const nodeFlag = (v: string): Record<string, string | undefined> => {
  const [id, os, ip, instanceId] = v.split(':');
  return {
    id,
    os,
    ...(ip === undefined || ip === '' ? {} : { ip }),
    ...(instanceId === undefined ? {} : { instanceId }),
  };
};

/** Parses argv (without `node` and the script) into options; a Left is a message for people. */
export const parseArgs = (argv: readonly string[]): E.Either<string, NodeSimOptions> => {
  const flags = parseFlags(CLI, argv);
  if ('help' in flags) return E.left(USAGE);
  if ('error' in flags) return E.left(flags.error);
  const f = flags.flags;
  const raw: Record<string, unknown> = { nodes: [] };
  const config = f.string('config');
  if (config !== undefined) {
    try {
      Object.assign(raw, JSON.parse(readFileSync(config, 'utf8')) as object);
    } catch (e) {
      return E.left(`--config ${config}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const port = f.string('port');
  const baseDir = f.string('dir');
  const scaleioAdminUrl = f.string('scaleio-admin-url');
  if (port !== undefined) raw['port'] = Number(port);
  const timeScale = f.string('time-scale');
  if (timeScale !== undefined) {
    if (!/^[0-9]+(\.[0-9]+)?$/.test(timeScale))
      return E.left(`--time-scale: ${timeScale} is not a number >= 0`);
    raw['timeScale'] = Number(timeScale);
  }
  if (baseDir !== undefined) raw['baseDir'] = baseDir;
  if (scaleioAdminUrl !== undefined) raw['scaleioAdminUrl'] = scaleioAdminUrl;
  const nodes = f.strings('node').map(nodeFlag);
  if (nodes.length > 0)
    raw['nodes'] = [...((raw['nodes'] as unknown[] | undefined) ?? []), ...nodes];
  const d = NodeSimOptions.decode(raw);
  if (E.isLeft(d)) return E.left(`invalid options: ${PathReporter.report(d).join('; ')}`);
  if (d.right.nodes.length === 0) return E.left('at least one --node is needed');
  return d;
};

/** The facts node-sim prints before its ready line: repository, webhook, directory, nodes. */
export const detailsLine = (sim: NodeSim): string =>
  `node-sim repo=${sim.repoUrl} webhook=${sim.attachmentWebhookUrl} dir=${sim.baseDir} nodes=${sim.nodes
    .map((n) => `${n.id}@${n.ip}(${n.os}):${n.root}/sim/bin`)
    .join(',')}`;

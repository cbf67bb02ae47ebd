/**
 * The command line of node-sim: options parsed into {@link NodeSimOptions} (decoded with io-ts),
 * and the `node-sim ready ...` line.
 */
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { NodeSimOptions, type NodeSim } from './sim.js';

/** Usage text. */
export const USAGE = `usage: node-sim [--node <id>:<os>[:<ip>[:<instance-id>]]]... [--scaleio-admin-url <url>]
                [--dir <dir>] [--port <n>] [--config <options.json>]
  os: ubuntu-14.04 ubuntu-16.04 ubuntu-18.04 ubuntu-20.04 ubuntu-22.04 rhel-7 rhel-8 centos-7 flatcar debian-12`;

/** Parses argv (without `node` and the script) into options; a Left is a message for people. */
export const parseArgs = (argv: readonly string[]): E.Either<string, NodeSimOptions> => {
  const raw: Record<string, unknown> = { nodes: [] };
  const nodes: unknown[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const value = argv[i + 1];
    const need = (): E.Either<string, string> =>
      value === undefined ? E.left(`${a} needs a value\n${USAGE}`) : E.right(value);
    switch (a) {
      case '--node': {
        const v = need();
        if (E.isLeft(v)) return v;
        const [id, os, ip, instanceId] = v.right.split(':');
        nodes.push({
          id,
          os,
          ...(ip === undefined || ip === '' ? {} : { ip }),
          ...(instanceId === undefined ? {} : { instanceId }),
        });
        i++;
        break;
      }
      case '--scaleio-admin-url':
      case '--dir':
      case '--port': {
        const v = need();
        if (E.isLeft(v)) return v;
        const key = a === '--dir' ? 'baseDir' : a === '--port' ? 'port' : 'scaleioAdminUrl';
        raw[key] = a === '--port' ? Number(v.right) : v.right;
        i++;
        break;
      }
      case '--config': {
        const v = need();
        if (E.isLeft(v)) return v;
        try {
          Object.assign(raw, JSON.parse(readFileSync(v.right, 'utf8')) as object);
        } catch (e) {
          return E.left(`--config ${v.right}: ${e instanceof Error ? e.message : String(e)}`);
        }
        i++;
        break;
      }
      case '--help':
      case '-h':
        return E.left(USAGE);
      default:
        return E.left(`unknown option ${a}\n${USAGE}`);
    }
  }
  if (nodes.length > 0)
    raw['nodes'] = [...((raw['nodes'] as unknown[] | undefined) ?? []), ...nodes];
  const d = NodeSimOptions.decode(raw);
  if (E.isLeft(d)) return E.left(`invalid options: ${PathReporter.report(d).join('; ')}`);
  if (d.right.nodes.length === 0) return E.left(`at least one --node is needed\n${USAGE}`);
  return d;
};

/** The line printed once node-sim runs. */
export const readyLine = (sim: NodeSim): string =>
  `node-sim ready repo=${sim.repoUrl} webhook=${sim.attachmentWebhookUrl} dir=${sim.baseDir} nodes=${sim.nodes
    .map((n) => `${n.id}@${n.ip}(${n.os}):${n.root}/sim/bin`)
    .join(',')}`;

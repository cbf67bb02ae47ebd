/** Command-line options of `mesos-sim`, parsed into `startMesosSim` options (pure). */
import { parseArgs } from 'node:util';
import { parseAttributeFlag, parseResourceFlag } from '../model/resources.js';
import type { AgentOptions, MesosSimOptions } from '../sim.js';

/** Usage text. */
export const USAGE = `usage: mesos-sim [--port <p>] [--agents <n>] [--masters <n>]
                 [--agent-resources 'cpus:4;mem:8192;disk:65536;ports:[31000-32000]']...
                 [--agent-attributes 'rack:r1;zone:a']... [--hostnames a1,a2,...]
                 [--heartbeat-seconds <s>] [--work-dir <dir>]
--agent-resources and --agent-attributes given once apply to every agent; given several times,
the i-th applies to agent i.`;

const int = (name: string, v: string | undefined, dflt: number, min: number): number | string => {
  if (v === undefined) return dflt;
  const n = Number(v);
  return Number.isInteger(n) && n >= min ? n : `--${name} must be an integer >= ${min}, got '${v}'`;
};

/** Parses argv (without node and script); returns options or a usage error message. */
export const parseCli = (
  argv: readonly string[],
): { opts: MesosSimOptions } | { error: string } | { help: true } => {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        agents: { type: 'string' },
        masters: { type: 'string' },
        'agent-resources': { type: 'string', multiple: true },
        'agent-attributes': { type: 'string', multiple: true },
        hostnames: { type: 'string' },
        'heartbeat-seconds': { type: 'string' },
        'work-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  const v = parsed.values;
  if (v.help === true) return { help: true };
  const port = int('port', v.port, 0, 0);
  const agents = int('agents', v.agents, 1, 0);
  const masters = int('masters', v.masters, 1, 1);
  for (const x of [port, agents, masters]) if (typeof x === 'string') return { error: x };
  if (typeof port === 'string' || typeof agents === 'string' || typeof masters === 'string')
    return { error: 'unreachable' };
  if (port > 65535) return { error: `--port must be at most 65535, got ${port}` };
  const resources = (v['agent-resources'] ?? []).map(parseResourceFlag);
  const attributes = (v['agent-attributes'] ?? []).map(parseAttributeFlag);
  for (const r of [...resources, ...attributes]) if (typeof r === 'string') return { error: r };
  const hostnames = v.hostnames === undefined ? [] : v.hostnames.split(',').map((h) => h.trim());
  const pick = <A>(list: readonly (A | string)[], i: number): A | undefined => {
    const x = list.length === 1 ? list[0] : list[i];
    return x === undefined || typeof x === 'string' ? undefined : x;
  };
  const specs: AgentOptions[] = Array.from({ length: agents }, (_x, i) => {
    const r = pick(resources, i);
    const a = pick(attributes, i);
    const h = hostnames[i];
    return {
      ...(r !== undefined ? { resources: r } : {}),
      ...(a !== undefined ? { attributes: a } : {}),
      ...(h !== undefined && h !== '' ? { hostname: h } : {}),
    };
  });
  let heartbeatMs: number | undefined;
  if (v['heartbeat-seconds'] !== undefined) {
    const s = Number(v['heartbeat-seconds']);
    if (!(s > 0))
      return {
        error: `--heartbeat-seconds must be a positive number, got '${v['heartbeat-seconds']}'`,
      };
    heartbeatMs = s * 1000;
  }
  return {
    opts: {
      port,
      masters,
      agents: specs,
      ...(heartbeatMs !== undefined ? { timing: { heartbeatMs } } : {}),
      ...(v['work-dir'] !== undefined ? { workDir: v['work-dir'] } : {}),
    },
  };
};

/** Command-line options of `mesos-sim`, parsed into `startMesosSim` options (pure). */
import { cliSpec, parseFlags, usage } from '@scaleio-framework/testkit';
import { parseAttributeFlag, parseResourceFlag } from '../model/flags.js';
import type { AgentOptions, MesosSimOptions } from '../sim.js';

/** The command line: every option, as `--help` shows it. */
export const CLI = cliSpec(
  'mesos-sim',
  'A Mesos master (or several) and N agents on 127.0.0.1, speaking the v1 HTTP API.',
  `
    --port <p>                          port of the first master (default 0: any free port)
    --agents <n>                        number of agents (default 1)
    --masters <n>                       number of masters; the first leads, the others answer 307 (default 1)
    --agent-resources <r>...            agent resources: 'cpus:4;mem:8192;disk:65536;ports:[31000-32000]'
    --agent-attributes <a>...           agent attributes: 'rack:r1;zone:a'
    --hostnames <h1,h2,...>             agent hostnames, in order
    --agent-isolation <list>            agent --isolation (default posix/cpu,posix/mem; cgroups/mem enforces memory)
    --heartbeat-seconds <s>             seconds between HEARTBEAT events
    --agent-ping-timeout-ms <ms>        master --agent_ping_timeout (default 15000)
    --max-agent-ping-timeouts <n>       master --max_agent_ping_timeouts (default 5)
    --agent-reregister-timeout-ms <ms>  master --agent_reregister_timeout (default 600000)
    --agent-reregister-delay-ms <ms>    how long agents wait to reregister (default 1000)
    --work-dir <dir>                    where sandboxes go (default: a temporary directory, removed on stop)
  `,
  '--agent-resources and --agent-attributes given once apply to every agent; given several times,\nthe i-th applies to agent i.',
);

/** Usage text. */
export const USAGE = usage(CLI);

const int = (name: string, v: string | undefined, dflt: number, min: number): number | string => {
  if (v === undefined) return dflt;
  const n = Number(v);
  return Number.isInteger(n) && n >= min ? n : `--${name} must be an integer >= ${min}, got '${v}'`;
};

/** Parses argv (without node and script); returns options or a usage error message. */
export const parseCli = (
  argv: readonly string[],
): { opts: MesosSimOptions } | { error: string } | { help: true } => {
  const parsed = parseFlags(CLI, argv);
  if (!('flags' in parsed)) return parsed;
  const f = parsed.flags;
  const port = int('port', f.string('port'), 0, 0);
  const agents = int('agents', f.string('agents'), 1, 0);
  const masters = int('masters', f.string('masters'), 1, 1);
  if (typeof port === 'string') return { error: port };
  if (typeof agents === 'string') return { error: agents };
  if (typeof masters === 'string') return { error: masters };
  if (port > 65535) return { error: `--port must be at most 65535, got ${port}` };
  const resources = f.strings('agent-resources').map(parseResourceFlag);
  const attributes = f.strings('agent-attributes').map(parseAttributeFlag);
  for (const r of [...resources, ...attributes]) if (typeof r === 'string') return { error: r };
  const hostnames =
    f
      .string('hostnames')
      ?.split(',')
      .map((h) => h.trim()) ?? [];
  const pick = <A>(list: readonly (A | string)[], i: number): A | undefined => {
    const x = list.length === 1 ? list[0] : list[i];
    return x === undefined || typeof x === 'string' ? undefined : x;
  };
  const isolation = f.string('agent-isolation');
  const specs: AgentOptions[] = Array.from({ length: agents }, (_x, i) => {
    const r = pick(resources, i);
    const a = pick(attributes, i);
    const h = hostnames[i];
    return {
      ...(r !== undefined ? { resources: r } : {}),
      ...(a !== undefined ? { attributes: a } : {}),
      ...(h !== undefined && h !== '' ? { hostname: h } : {}),
      ...(isolation !== undefined ? { isolation } : {}),
    };
  });
  const heartbeat = f.string('heartbeat-seconds');
  if (heartbeat !== undefined && !(Number(heartbeat) > 0))
    return { error: `--heartbeat-seconds must be a positive number, got '${heartbeat}'` };
  const workDir = f.string('work-dir');
  const timing: Record<string, number> = {};
  if (heartbeat !== undefined) timing['heartbeatMs'] = Number(heartbeat) * 1000;
  const timed = [
    ['agent-ping-timeout-ms', 'agentPingTimeoutMs', 1],
    ['max-agent-ping-timeouts', 'maxAgentPingTimeouts', 1],
    ['agent-reregister-timeout-ms', 'agentReregisterTimeoutMs', 0],
    ['agent-reregister-delay-ms', 'agentReregisterDelayMs', 0],
  ] as const;
  for (const [flag, key, min] of timed) {
    const v = f.string(flag);
    if (v === undefined) continue;
    const n = int(flag, v, 0, min);
    if (typeof n === 'string') return { error: n };
    timing[key] = n;
  }
  return {
    opts: {
      port,
      masters,
      agents: specs,
      ...(Object.keys(timing).length > 0 ? { timing } : {}),
      ...(workDir !== undefined ? { workDir } : {}),
    },
  };
};

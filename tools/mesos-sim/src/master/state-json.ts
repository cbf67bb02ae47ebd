/**
 * `GET /master/state` (and `/state`) as the real master renders it: readonly_handler.cpp
 * `ReadOnlyHandler::state`, `FullFrameworkWriter`, `SlaveWriter`, `json(Summary<Framework>)`;
 * common/http.cpp `json(Task)`, `json(ExecutorInfo)`, `json(CommandInfo)`, `json(Resources)`,
 * `json(Attributes)`, `json(Offer)`, `json(MasterInfo)`. Not a protobuf message: field names and
 * shapes are the endpoint's own (resources summarised as `{cpus, gpus, mem, disk, ...}`).
 */
import { frameworkRoles, type Framework, type MasterTask } from '../model/framework.js';
import { fromBag, toBag } from '../model/resources.js';
import type { Attribute, CommandInfo, ExecutorInfo, Resource } from '../wire/common.js';
import { masterInfo, type AgentLink, type MasterCore } from './core.js';

type Json = Record<string, unknown>;

const VERSION = '1.11.0';

/**
 * Resources summed per name (`json(Resources)`): `cpus`, `gpus`, `mem` and `disk` always; other
 * scalars as numbers, ranges as `[31000-31009, 32000-32000]`, sets as `{a, b}`.
 */
export const resourceSummary = (rs: readonly Resource[]): Json => {
  const out: Json = { cpus: 0, gpus: 0, mem: 0, disk: 0 };
  const ranges = new Map<string, string[]>();
  const sets = new Map<string, string[]>();
  for (const r of fromBag(toBag(rs))) {
    if (r.type === 'SCALAR') {
      const before = typeof out[r.name] === 'number' ? (out[r.name] as number) : 0;
      out[r.name] = Math.round((before + (r.scalar?.value ?? 0)) * 1000) / 1000;
    } else if (r.type === 'RANGES')
      ranges.set(r.name, [
        ...(ranges.get(r.name) ?? []),
        ...(r.ranges?.range ?? []).map((x) => `${x.begin}-${x.end}`),
      ]);
    else if (r.type === 'SET')
      sets.set(r.name, [...(sets.get(r.name) ?? []), ...(r.set?.item ?? [])]);
  }
  for (const [name, xs] of ranges) out[name] = `[${xs.join(', ')}]`;
  for (const [name, xs] of sets) out[name] = `{${xs.join(', ')}}`;
  return out;
};

/** `json(Attributes)`: name to value (text as string, scalar as number). */
const attributes = (as: readonly Attribute[]): Json =>
  Object.fromEntries(as.map((a) => [a.name, a.text?.value ?? a.scalar?.value ?? null]));

/** `json(CommandInfo)`: shell and value when set, `argv`, environment, `uris` with `executable`. */
const command = (c: CommandInfo | undefined): Json => ({
  ...(c?.shell !== undefined ? { shell: c.shell } : {}),
  ...(c?.value !== undefined ? { value: c.value } : {}),
  argv: c?.arguments ?? [],
  ...(c?.environment !== undefined
    ? {
        environment: {
          variables: (c.environment.variables ?? []).map((v) => ({
            ...v,
            type: v.type ?? 'VALUE',
          })),
        },
      }
    : {}),
  uris: (c?.uris ?? []).map((u) => ({ value: u.value, executable: u.executable ?? false })),
});

const roleOf = (fw: Framework | undefined, rs: readonly Resource[]): string =>
  rs[0]?.allocation_info?.role ?? (fw === undefined ? '*' : (frameworkRoles(fw.info)[0] ?? '*'));

/** `json(Task)`. */
const task = (fw: Framework | undefined, t: MasterTask): Json => ({
  id: t.info.task_id.value,
  name: t.info.name,
  framework_id: t.frameworkId,
  executor_id: t.executorId ?? '',
  slave_id: t.agentId,
  state: t.state,
  resources: resourceSummary(t.resources),
  role: roleOf(fw, t.resources),
  statuses: t.statuses,
});

/** `json(ExecutorInfo)` plus the agent it runs on. */
const executor = (fw: Framework, e: ExecutorInfo, agentId: string): Json => ({
  executor_id: e.executor_id.value,
  name: e.name ?? '',
  framework_id: fw.id,
  command: command(e.command),
  resources: resourceSummary(e.resources ?? []),
  ...((e.resources ?? []).length > 0 ? { role: roleOf(fw, e.resources ?? []) } : {}),
  ...(e.type !== undefined ? { type: e.type } : {}),
  slave_id: agentId,
});

const secs = (ms: number): number => ms / 1000;

/** Agents the master has as registered (connected or not), with their executors. */
const registered = (core: MasterCore): AgentLink[] =>
  [...core.agents.values()].filter((l) => l.status === 'registered' || l.status === 'disconnected');

const frameworkJson = (core: MasterCore, fw: Framework): Json => {
  const tasks = [...(core.tasks.get(fw.id)?.values() ?? [])];
  const offers = [...core.offers.values()].filter((o) => o.frameworkId === fw.id);
  const used = tasks.flatMap((t) => t.resources);
  const offered = offers.flatMap((o) => fromBag(o.bag));
  const multi = (fw.info.capabilities ?? []).some((c) => c.type === 'MULTI_ROLE');
  return {
    id: fw.id,
    name: fw.info.name,
    used_resources: resourceSummary(used),
    offered_resources: resourceSummary(offered),
    capabilities: (fw.info.capabilities ?? []).map((c) => c.type),
    hostname: fw.info.hostname ?? '',
    webui_url: (fw.info as { webui_url?: string }).webui_url ?? '',
    active: fw.subscription !== undefined,
    connected: fw.subscription !== undefined,
    recovered: false,
    user: fw.info.user,
    failover_timeout: fw.info.failover_timeout ?? 0,
    checkpoint: fw.info.checkpoint ?? false,
    registered_time: secs(core.electedAt),
    unregistered_time: 0,
    ...(fw.info.principal !== undefined ? { principal: fw.info.principal } : {}),
    resources: resourceSummary([...used, ...offered]),
    ...(multi ? { roles: fw.info.roles ?? [] } : { role: fw.info.role ?? '*' }),
    tasks: tasks.map((t) => task(fw, t)),
    unreachable_tasks: [...(core.unreachableTasks.get(fw.id)?.values() ?? [])].map((t) =>
      task(fw, t),
    ),
    completed_tasks: [...(core.completedTasks.get(fw.id)?.values() ?? [])].map((t) => task(fw, t)),
    offers: offers.map((o) => ({
      id: o.id,
      framework_id: fw.id,
      allocation_info: { role: o.role },
      slave_id: o.agentId,
      resources: resourceSummary(fromBag(o.bag)),
    })),
    executors: registered(core).flatMap((l) =>
      l.port.executorIds(fw.id).flatMap((id) => {
        const e = l.port.executorInfo(fw.id, id);
        return e === undefined ? [] : [executor(fw, e, l.port.id)];
      }),
    ),
    offer_constraints: {},
  };
};

const slaveJson = (core: MasterCore, l: AgentLink): Json => {
  const total = fromBag(l.total);
  const reserved = new Map<string, Resource[]>();
  for (const r of total) {
    const role = r.reservations?.[0]?.role;
    if (role !== undefined) reserved.set(role, [...(reserved.get(role) ?? []), r]);
  }
  const offered = [...core.offers.values()].filter((o) => o.agentId === l.port.id);
  return {
    id: l.port.id,
    hostname: l.port.hostname,
    port: l.port.port(),
    attributes: attributes(l.port.attributes),
    pid: `slave(1)@${l.port.ip}:${l.port.port()}`,
    registered_time: secs(l.registeredAt),
    ...(l.reregisteredAt !== undefined ? { reregistered_time: secs(l.reregisteredAt) } : {}),
    resources: resourceSummary(total),
    used_resources: resourceSummary(fromBag(l.port.used())),
    offered_resources: resourceSummary(offered.flatMap((o) => fromBag(o.bag))),
    reserved_resources: Object.fromEntries(
      [...reserved].map(([role, rs]) => [role, resourceSummary(rs)]),
    ),
    unreserved_resources: resourceSummary(total.filter((r) => r.reservations === undefined)),
    active: l.status === 'registered',
    deactivated: false,
    version: VERSION,
    capabilities: ['MULTI_ROLE', 'HIERARCHICAL_ROLE', 'RESERVATION_REFINEMENT'],
  };
};

/** The whole `/master/state` document of the leading master. */
export const masterStateJson = (core: MasterCore): Json => {
  const info = masterInfo(core);
  const leader = {
    id: info['id'],
    pid: info['pid'],
    port: info['port'],
    hostname: info['hostname'],
  };
  const links = [...core.agents.values()];
  const t = core.ctx.timing;
  return {
    version: VERSION,
    build_date: '2020-06-24 00:00:00',
    build_time: 1592956800,
    build_user: 'mesos-sim',
    start_time: secs(core.startedAt),
    elected_time: secs(core.electedAt),
    id: info['id'],
    pid: info['pid'],
    hostname: info['hostname'],
    capabilities: ['AGENT_UPDATE'],
    activated_slaves: links.filter((l) => l.status === 'registered').length,
    deactivated_slaves: links.filter((l) => l.status === 'disconnected').length,
    unreachable_slaves: links.filter((l) => l.status === 'unreachable').length,
    leader: info['pid'],
    leader_info: leader,
    flags: {
      agent_ping_timeout: `${t.agentPingTimeoutMs}ms`,
      max_agent_ping_timeouts: String(t.maxAgentPingTimeouts),
      agent_reregister_timeout: `${t.agentReregisterTimeoutMs}ms`,
    },
    slaves: registered(core).map((l) => slaveJson(core, l)),
    recovered_slaves: links
      .filter((l) => l.status === 'recovered')
      .map((l) => ({
        id: l.port.id,
        hostname: l.port.hostname,
        port: l.port.port(),
        attributes: attributes(l.port.attributes),
      })),
    frameworks: [...core.frameworks.values()].map((fw) => frameworkJson(core, fw)),
    completed_frameworks: [],
    orphan_tasks: [],
    unregistered_frameworks: [],
  };
};

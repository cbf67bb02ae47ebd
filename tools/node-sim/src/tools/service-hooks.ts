/**
 * What starting or stopping a service changes beyond its own record: the SDS comes online in
 * scaleio-sim with the node's unused disks; REX-Ray refuses to start before scini or with a
 * broken config; the Mesos agent refuses to start with isolators or modules it cannot load.
 */
import { createHash } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { parse } from 'yaml';
import { kernelCovered } from '../facts/os-table.js';
import { writeJson } from '../state/files.js';
import { AgentLoaded } from '../state/model.js';
import { simPaths } from '../state/paths.js';
import { adminPost } from './admin.js';
import { devices, files, packages, services, type ToolContext } from './context.js';
import type { DeviceSpec, NodeConfig } from '../spec.js';

/** The SDC driver's configuration (its `mdm a,b` lines), where the real SDC keeps it. */
export const SDC_DRV_CFG = '/bin/emc/scaleio/drv_cfg.txt';

/** A stable SDC GUID for a node, as `drv_cfg --query_guid` would print it. */
export const sdcGuid = (c: NodeConfig): string => {
  const h = createHash('sha256')
    .update(`node-sim:sdc:${c.hostname}:${c.ip}`)
    .digest('hex')
    .toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/** The MDM addresses scini is configured with (empty when none). */
export const sdcMdms = (ctx: ToolContext): string[] => {
  const f = files(ctx);
  if (!f.exists(SDC_DRV_CFG)) return [];
  return f
    .read(SDC_DRV_CFG)
    .split('\n')
    .map((l) => /^\s*mdm\s+(\S+)/.exec(l)?.[1])
    .filter((x): x is string => x !== undefined)
    .flatMap((x) => x.split(','));
};

/** When scini starts with MDM addresses, the SDC registers itself with the MDM. */
const registerSdc = async (ctx: ToolContext): Promise<E.Either<string, void>> => {
  if (sdcMdms(ctx).length === 0) return E.right(undefined);
  const r = await adminPost(ctx, '/sim/admin/sdc', {
    ip: ctx.config.ip,
    guid: sdcGuid(ctx.config),
    name: ctx.config.hostname,
  });
  return E.isLeft(r) ? E.left(`scini: ${r.left}`) : E.right(undefined);
};

/** The devices an SDS may offer: whole disks with no partitions, filesystem or mount. */
export const unusedDisks = (all: readonly DeviceSpec[]): { path: string; sizeBytes: number }[] =>
  all
    .filter(
      (d) =>
        (d.type ?? 'disk') === 'disk' &&
        d.fstype === undefined &&
        d.mountpoint === undefined &&
        (d.partitions ?? []).length === 0,
    )
    .map((d) => ({ path: `/dev/${d.name}`, sizeBytes: d.sizeBytes }));

/** Tells scaleio-sim about this node's SDS service and disks. */
export const reportSds = async (
  ctx: ToolContext,
  running: boolean,
): Promise<E.Either<string, void>> => {
  const r = await adminPost(ctx, '/sim/admin/node', {
    ip: ctx.config.ip,
    hostname: ctx.config.hostname,
    sdsService: running ? 'running' : 'stopped',
    devices: unusedDisks(devices(ctx).get()),
  });
  return E.isLeft(r) ? E.left(`sds: ${r.left}`) : E.right(undefined);
};

const checkRexray = (ctx: ToolContext): E.Either<string, void> => {
  if (services(ctx).get()['scini']?.active !== true)
    return E.left('rexray: the ScaleIO SDC driver (scini) is not loaded; start scini first');
  const f = files(ctx);
  if (!f.exists('/etc/rexray/config.yml'))
    return E.left('rexray: /etc/rexray/config.yml not found');
  try {
    const doc: unknown = parse(f.read('/etc/rexray/config.yml'));
    if (typeof doc !== 'object' || doc === null)
      return E.left('rexray: /etc/rexray/config.yml is not a mapping');
  } catch (e) {
    return E.left(
      `rexray: error parsing /etc/rexray/config.yml: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
    );
  }
  return E.right(undefined);
};

/** The agent's effective `isolation` and `modules` flags for the node's layout. */
export const mesosFlags = (ctx: ToolContext): { isolation?: string; modules?: string } => {
  const f = files(ctx);
  const read = (p: string): string | undefined => (f.exists(p) ? f.read(p).trim() : undefined);
  const out: { isolation?: string; modules?: string } = {};
  if (ctx.config.mesosLayout === 'mesos-slave-dir') {
    const iso = read('/etc/mesos-slave/isolation');
    const mod = read('/etc/mesos-slave/modules');
    if (iso !== undefined) out.isolation = iso.split('\n')[0] ?? '';
    if (mod !== undefined) out.modules = mod.split('\n')[0] ?? '';
  } else if (ctx.config.mesosLayout === 'flags-file') {
    for (const line of (read('/etc/default/mesos-slave') ?? '').split('\n')) {
      const m = /^\s*(?:export\s+)?MESOS_(ISOLATION|MODULES)=(.*)$/.exec(line);
      const v = m?.[2]?.trim().replace(/^(['"])(.*)\1$/, '$2');
      if (m?.[1] === 'ISOLATION' && v !== undefined) out.isolation = v;
      if (m?.[1] === 'MODULES' && v !== undefined) out.modules = v;
    }
  }
  return out;
};

const moduleNames = (ctx: ToolContext, modules: string): E.Either<string, string[]> => {
  const f = files(ctx);
  let text = modules;
  if (modules.startsWith('file://')) {
    const p = modules.slice('file://'.length);
    if (!f.exists(p)) return E.left(`mesos-slave: modules file ${p} not found`);
    text = f.read(p);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return E.left('mesos-slave: --modules is not valid JSON');
  }
  const libs = (doc as { libraries?: unknown }).libraries;
  if (!Array.isArray(libs)) return E.left('mesos-slave: --modules has no "libraries" list');
  const names: string[] = [];
  for (const lib of libs as { file?: unknown; modules?: unknown }[]) {
    if (typeof lib.file !== 'string' || !f.exists(lib.file))
      return E.left(`mesos-slave: module library ${String(lib.file)} not found`);
    for (const m of Array.isArray(lib.modules) ? (lib.modules as { name?: unknown }[]) : [])
      if (typeof m.name === 'string') names.push(m.name);
  }
  return E.right(names);
};

const checkMesos = (ctx: ToolContext): E.Either<string, void> => {
  const flags = mesosFlags(ctx);
  const loaded =
    flags.modules === undefined || flags.modules === ''
      ? E.right<string, string[]>([])
      : moduleNames(ctx, flags.modules);
  if (E.isLeft(loaded)) return loaded;
  for (const iso of (flags.isolation ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    if (!iso.includes('/') && !loaded.right.includes(iso))
      return E.left(`mesos-slave: unknown isolator ${iso} (no module provides it)`);
  }
  return E.right(undefined);
};

/**
 * The SDC's start check: its `scini.ko` is built for one kernel (or a kABI family); on any other
 * it fails as ScaleIO 2.0's init script does (its output on a 4.2 kernel with a 4.4 module,
 * rexray/rexray#545), driver_sync having no repository key to fetch another module with.
 */
export const checkScini = (ctx: ToolContext): E.Either<string, void> => {
  const sdc = Object.values(packages(ctx).get()).find((p) => p.component === 'sdc');
  const kernels = sdc?.kernels ?? [];
  const running = ctx.config.kernel;
  if (sdc === undefined || kernelCovered(running, kernels)) return E.right(undefined);
  return E.left(
    [
      'Verifying scini.ko against current system kernel.',
      `Module KRN: ${kernels[0] ?? '(none)'}`,
      `Current KRN: ${running}`,
      'Current scini.ko seems to be incompatible with your kernel.',
      'Will attempt to fetch from module repository.',
      'Error (sftp): File /bin/emc/scaleio/scini_sync/scini_key must exist.',
      'Error: Unable to fetch scini',
    ].join('\n'),
  );
};

/** Runs before a service starts; a Left refuses the start with that message. */
export const beforeStart = (ctx: ToolContext, name: string): E.Either<string, void> =>
  name === 'rexray'
    ? checkRexray(ctx)
    : name === 'mesos-slave'
      ? checkMesos(ctx)
      : name === 'scini'
        ? checkScini(ctx)
        : E.right(undefined);

/** Runs after a service started or stopped. */
export const afterChange = async (
  ctx: ToolContext,
  name: string,
  active: boolean,
): Promise<E.Either<string, void>> => {
  const component = COMPONENT_OF_SERVICE[name];
  if (component !== undefined) {
    // The MDM, LIA and SDC processes are known to the system while they run (scaleio-sim's
    // component book: a stopped MDM leaves the cluster, scini unloaded disconnects the SDC).
    const r = await adminPost(ctx, '/sim/admin/component', {
      ip: ctx.config.ip,
      component,
      running: active,
    });
    if (E.isLeft(r)) return E.left(`${name}: ${r.left}`);
  }
  return name === 'sds'
    ? reportSds(ctx, active)
    : name === 'scini' && active
      ? registerSdc(ctx)
      : name === 'mesos-slave' && active
        ? recordAgent(ctx)
        : E.right(undefined);
};

/** The ScaleIO component each service runs, as scaleio-sim names them. */
// The SDS's own state travels with its disks (`reportSds`).
const COMPONENT_OF_SERVICE: Readonly<Record<string, 'mdm' | 'sdc' | 'lia'>> = {
  mdm: 'mdm',
  scini: 'sdc',
  lia: 'lia',
};

/** A started agent loads its modules once: what it loaded is what its isolators are until the next start. */
const recordAgent = (ctx: ToolContext): E.Either<string, void> => {
  const flags = mesosFlags(ctx);
  const loaded =
    flags.modules === undefined || flags.modules === ''
      ? E.right<string, string[]>([])
      : moduleNames(ctx, flags.modules);
  const isolation = (flags.isolation ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const w = writeJson(simPaths(ctx.root).agent, AgentLoaded, {
    isolation,
    modules: E.isRight(loaded) ? loaded.right : [],
  });
  return E.isLeft(w) ? E.left(w.left.message) : E.right(undefined);
};

import type { SimCluster } from './cluster.js';
import type { StatusDoc } from './deploy-watch.js';
import type { SchedulerProcess } from './scheduler.js';

/** The scheduler's structured log lines that parse as JSON objects. */
const records = (lines: readonly string[]): Record<string, unknown>[] =>
  lines.flatMap((l) => {
    try {
      const j: unknown = JSON.parse(l);
      return typeof j === 'object' && j !== null ? [j as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });

/**
 * Task ids of every `launch step` line, in order: only to time a fault (verdicts come from
 * mesos-sim's records, `mesos-truth.ts`).
 */
export const launchedTasks = (lines: readonly string[]): string[] =>
  records(lines).flatMap((j) =>
    j['msg'] === 'launch step' && typeof j['taskId'] === 'string' ? [j['taskId']] : [],
  );

/** Framework ids of every `subscribed` line. */
export const subscribedFrameworkIds = (lines: readonly string[]): string[] =>
  records(lines).flatMap((j) =>
    j['msg'] === 'subscribed' && typeof j['frameworkId'] === 'string' ? [j['frameworkId']] : [],
  );

/** Waits until the scheduler has launched at least `n` tasks (throws after `timeoutMs`). */
export async function afterLaunches(
  p: SchedulerProcess,
  n: number,
  timeoutMs = 240_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (launchedTasks(p.lines()).length < n) {
    if (Date.now() > until) throw new Error(`fewer than ${n} launches in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The values that occur more than once. */
export const repeated = <A>(xs: readonly A[]): A[] => [
  ...new Set(xs.filter((x, i) => xs.indexOf(x) !== i)),
];

/**
 * Every object the gateway holds twice, read from scaleio-sim itself: protection domains by
 * name, pools and fault sets by name within their domain, SDSs by name and by IP, devices by
 * path on their SDS, SDCs by GUID and by IP. Empty when nothing is duplicated.
 */
export function gatewayDuplicates(c: SimCluster): string[] {
  const s = c.scaleio.state();
  const tag = (what: string, xs: readonly string[]) => repeated(xs).map((x) => `${what} ${x}`);
  return [
    ...tag(
      'protection domain',
      s.protectionDomains.map((p) => p.name ?? p.id),
    ),
    ...tag(
      'storage pool',
      s.storagePools.map((p) => `${p.pdId}/${p.name ?? p.id}`),
    ),
    ...tag(
      'fault set',
      s.faultSets.map((f) => `${f.pdId}/${f.name ?? f.id}`),
    ),
    ...tag(
      'SDS name',
      s.sdss.map((x) => x.name),
    ),
    ...tag(
      'SDS IP',
      s.sdss.flatMap((x) => x.ipList.map((i) => i.ip)),
    ),
    ...tag(
      'device',
      s.devices.map((d) => `${d.sdsId}:${d.path}`),
    ),
    ...tag(
      'SDC GUID',
      s.sdcs.map((x) => x.guid),
    ),
    ...tag(
      'SDC IP',
      s.sdcs.map((x) => x.ip),
    ),
  ];
}

/**
 * Deploy complete; throws as soon as the status names a failed node (so that a test fails with
 * the node's reason at once instead of waiting out its timeout).
 */
export const deployedOrFailed = (s: StatusDoc): boolean => {
  const failed = (s.nodes ?? []).filter((n) => n.status === 'failed');
  if (failed.length > 0)
    throw new Error(
      `failed nodes: ${failed.map((n) => `${n.hostname} at ${n.step}: ${n.lastError ?? '?'}`).join('; ')}`,
    );
  return s.deploy?.complete === true;
};

/** Every tool call node-sim recorded on the host of agent `hostname` (its own record). */
export const nodeCalls = (c: SimCluster, hostname: string) => {
  const node = c.nodes.node(c.nodeIdOf(hostname));
  if (node._tag === 'Left') throw new Error(`no node for ${hostname}`);
  const calls = node.right.calls();
  return calls._tag === 'Right' ? calls.right : [];
};

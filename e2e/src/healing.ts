/**
 * Shared pieces of the capacity-healing e2e tests: the policy file and flags, the ledger as the
 * scheduler persisted it (read from its state file), the pool filled to a given percent, the
 * cluster's tagged EBS volumes, the healing events of the status, and operator actions.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VolumeView } from '@scaleio-framework/ec2-sim';
import type { SimState } from '@scaleio-framework/scaleio-sim';
import type { SimCluster } from './cluster.js';
import { aws, type Cloud, type CloudVolume } from './clouds.js';
import type { SchedulerProcess } from './scheduler.js';

/** Fake AWS credentials for ec2-sim: the secret must never show in the status or the logs. */
export const awsEnv = {
  AWS_ACCESS_KEY_ID: 'AKIDE2ETEST',
  AWS_SECRET_ACCESS_KEY: 'e2e-secret-key-never-shown',
} as const;

/** The tag every volume of the framework carries (the provider's ownership tag). */
export const clusterTag = 'scaleio-framework-cluster';
/** The tag that holds a volume's idempotency key. */
export const keyTag = 'scaleio-framework-key';

/**
 * The healing policy document the e2e tests start from: trigger at 30 % and clear at 27 % after
 * one sample, no time-to-full or cooldown, one node per expansion, budgets that never bind, and
 * encrypted gp3 volumes; `over` adds or replaces policy fields, `top` other top-level keys.
 */
export const healingPolicy = (
  over: Record<string, unknown>,
  top: Record<string, unknown> = {},
): Record<string, unknown> => ({
  policy: {
    triggerPercent: 30,
    clearPercent: 27,
    consecutiveSamples: 1,
    timeToFullMinutes: 0,
    cooldownMinutes: 0,
    maxNodesPerExpansion: 1,
    dailyBudgetGiB: 100_000,
    maxTotalGiB: 100_000,
    ...over,
  },
  volume: { volumeType: 'gp3', encrypted: true },
  ...top,
});

/** Writes a healing policy (JSON) into `dir`; returns its path. */
export function writePolicy(dir: string, name: string, doc: Record<string, unknown>): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
  return path;
}

/** The scheduler flags that turn healing on against the cluster's simulator of `cloud`. */
export function healingArgs(
  c: SimCluster,
  policyFile: string,
  intervalSeconds = 1,
  cloud: Cloud = aws,
): readonly string[] {
  return [
    '--healing-enabled',
    '--healing-config',
    policyFile,
    '--healing-interval',
    String(intervalSeconds),
    ...cloud.args(c),
  ];
}

/** One ledger entry as persisted (the fields the tests read). */
export interface LedgerEntryView {
  readonly id: string;
  readonly seq: number;
  readonly expansion: number;
  readonly stage: string;
  readonly state: string;
  readonly pool: string;
  readonly node: string;
  readonly sizeGiB: number;
  readonly atMs: number;
  readonly dryRun: boolean;
  readonly attempts: number;
  readonly key?: string;
  readonly volume?: string;
  readonly path?: string;
  readonly reason?: string;
  readonly lastError?: string;
  readonly failedStage?: string;
}

const isObj = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null;

/**
 * The healing ledger in the scheduler's state file (`capacity-ledger`): no entry before the first
 * write. Throws with the reason when the file is not what the scheduler writes.
 */
export function readLedger(stateFile: string): readonly LedgerEntryView[] {
  let text: string;
  try {
    text = readFileSync(stateFile, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const file: unknown = JSON.parse(text);
  const entries = isObj(file) && isObj(file['entries']) ? file['entries'] : undefined;
  if (entries === undefined) throw new Error(`${stateFile} is not a state file`);
  const doc = entries['capacity-ledger'];
  if (doc === undefined) return [];
  if (!isObj(doc) || typeof doc['data'] !== 'string')
    throw new Error(`${stateFile}: capacity-ledger has no data`);
  const env: unknown = JSON.parse(doc['data']);
  const value = isObj(env) && isObj(env['value']) ? env['value'] : undefined;
  const list = value?.['entries'];
  if (!Array.isArray(list)) throw new Error(`${stateFile}: capacity-ledger has no entries`);
  for (const e of list)
    if (!isObj(e) || typeof e['id'] !== 'string' || typeof e['stage'] !== 'string')
      throw new Error(`${stateFile}: a ledger entry without id or stage: ${JSON.stringify(e)}`);
  return list as LedgerEntryView[];
}

/** The cluster's one storage pool in scaleio-sim. */
export function thePool(c: SimCluster): SimState['storagePools'][number] {
  const p = c.scaleio.state().storagePools[0];
  if (p === undefined) throw new Error('scaleio-sim has no storage pool');
  return p;
}

/** Percent full of the pool as the healer computes it (in use over max minus spare). */
export function poolPercent(c: SimCluster): number {
  const k = thePool(c).capacity;
  return (100 * k.capacityInUseInKb) / (k.maxCapacityInKb - k.spareCapacityInKb);
}

/** Writes (at once) what brings the pool to `percent` full; nothing when it is already there. */
export function fillTo(c: SimCluster, percent: number): void {
  const p = thePool(c);
  const k = p.capacity;
  const targetKb = (percent / 100) * (k.maxCapacityInKb - k.spareCapacityInKb);
  const missingKb = targetKb - k.capacityInUseInKb;
  if (missingKb <= 0) return;
  // The pool stores every written byte twice.
  const r = c.scaleio.addWrites({ storagePoolId: p.id, bytes: Math.ceil((missingKb / 2) * 1024) });
  if (r._tag === 'Left') throw new Error(`addWrites: ${JSON.stringify(r.left)}`);
}

/** The live EBS volumes that carry the framework's ownership tag. */
export function ourVolumes(c: SimCluster): VolumeView[] {
  return c.ec2.volumes().filter((v) => v.tags[clusterTag] !== undefined);
}

/** The live volumes of `cloud` that carry the framework's ownership tag. */
export function cloudVolumes(c: SimCluster, cloud: Cloud): CloudVolume[] {
  return cloud.volumes(c).filter((v) => v.tags[clusterTag] !== undefined);
}

/** Polls `cond` (every `everyMs`) until it returns a value; throws `what` on timeout. */
export async function waitUntil<A>(
  cond: () => A | undefined | false | Promise<A | undefined | false>,
  timeoutMs: number,
  what: string | (() => string),
  everyMs = 100,
): Promise<A> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await cond();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until)
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * SIGKILLs the scheduler the moment `hit` holds (checked every few ms over the state file and the
 * simulators), then returns what `hit` saw. The caller re-reads the ledger to assert the stage the
 * dead process actually left.
 */
export async function killWhen<A>(
  sched: SchedulerProcess,
  hit: () => A | undefined | false,
  timeoutMs: number,
  what: string | (() => string),
): Promise<A> {
  const seen = await waitUntil(hit, timeoutMs, what, 5);
  await sched.kill();
  return seen;
}

/** One event of the status. */
export interface StatusEvent {
  readonly atMs: number;
  readonly level: string;
  readonly kind: string;
  readonly message: string;
}

/** The healing events of the scheduler's status (newest first), or [] while it does not answer. */
export async function healingEvents(url: string): Promise<StatusEvent[]> {
  try {
    const r = await fetch(`${url}/api/v1/status`);
    if (!r.ok) return [];
    const s: unknown = await r.json();
    const events = isObj(s) && Array.isArray(s['events']) ? (s['events'] as StatusEvent[]) : [];
    return events.filter((e) => typeof e.kind === 'string' && e.kind.startsWith('healing: '));
  } catch {
    return [];
  }
}

/** The ledger part of the status: each entry's state and reason, by sequence number. */
export async function statusLedger(
  url: string,
): Promise<Array<{ seq: number; state: string; volume: string | null; reason: string | null }>> {
  const r = await fetch(`${url}/api/v1/status`);
  const s: unknown = await r.json();
  const l = isObj(s) && isObj(s['ledger']) ? s['ledger']['entries'] : undefined;
  return Array.isArray(l) ? (l as never) : [];
}

/** `POST /api/v1/actions/<name>` with the operator token; the HTTP status and JSON body. */
export async function operatorAction(
  url: string,
  token: string | undefined,
  name: string,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  const r = await fetch(`${url}/api/v1/actions/${name}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: r.status, body: json };
}

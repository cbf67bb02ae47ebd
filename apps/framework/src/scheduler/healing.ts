import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { awsCapacityProvider } from '@scaleio-framework/aws-volumes';
import type { ClusterId, NodeId } from '@scaleio-framework/capacity';
import type { AgentFacts, AgentId } from '@scaleio-framework/orchestrator';
import type { ScaleIOClient } from '@scaleio-framework/scaleio';
import type { StateStore } from '@scaleio-framework/state';
import type { Config } from '../config/load.js';
import { gatewayStats, stateLedgerStore } from '@scaleio-framework/scheduler';
import {
  createHealer,
  resolveHealingConfig,
  type Healer,
  type HealerStatus,
  type HealingEntry,
  type HealingEvent,
} from '@scaleio-framework/healing';
import type { LedgerEntryInfo, PoolInfo, HealingInfo } from '@scaleio-framework/operator';
import type { SchedulerCore } from '@scaleio-framework/scheduler';
import type { Log } from '@scaleio-framework/scheduler';

/** What the healing loop needs from the running scheduler. */
export interface HealingDeps {
  readonly store: StateStore;
  readonly gateway: () => ScaleIOClient | undefined;
  readonly core: SchedulerCore;
  /** Agents seen in offers, by id (their attributes name their cloud instance). */
  readonly agents: () => ReadonlyMap<AgentId, AgentFacts>;
  readonly log: Log;
  readonly now: () => number;
}

/** Reads the healing policy: the optional file, with `enabled` from the flag. */
export function healingConfigOf(
  c: Config,
  readFile: (p: string) => string = (p) => readFileSync(p, 'utf8'),
) {
  let doc: Record<string, unknown> = {};
  if (c.healingConfig !== '') {
    const text = readFile(c.healingConfig);
    const parsed: unknown = c.healingConfig.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    if (parsed !== null && typeof parsed === 'object') doc = parsed as Record<string, unknown>;
  }
  return resolveHealingConfig({ ...doc, enabled: c.healingEnabled });
}

const MS_PROBE = 120_000;

/**
 * Composes the capacity healer: gateway statistics (one call for every pool), the AWS provider,
 * the executor probe that resolves in-guest device paths, and the ledger in the state store.
 * A node is an agent's cloud instance, named by the `--instance-id-attribute` agent attribute.
 */
export function startHealing(c: Config, deps: HealingDeps) {
  const config = healingConfigOf(c);
  if (config._tag === 'Left') throw new Error(`--healing-config: ${config.left.join('; ')}`);
  const instanceOf = (a: AgentFacts | undefined) => a?.attributes[c.instanceIdAttribute];
  const agentOfInstance = (node: string) =>
    [...deps.agents().values()].find((a) => instanceOf(a) === node)?.agentId;
  const cluster = (c.clusterId !== '' ? c.clusterId : c.frameworkName)
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 63) as ClusterId;
  const provider = awsCapacityProvider({
    cluster,
    ...(c.awsRegion === '' ? {} : { region: c.awsRegion }),
    ...(c.ec2Endpoint === '' ? {} : { endpoint: c.ec2Endpoint }),
  });
  const stats = (() => {
    let cached: { client: ScaleIOClient; port: ReturnType<typeof gatewayStats> } | undefined;
    const port = () => {
      const client = deps.gateway();
      if (!client) return undefined;
      if (cached?.client !== client)
        cached = {
          client,
          port: gatewayStats({
            client,
            now: deps.now,
            nodeOf: (sds) => {
              const ip =
                sds.ipList?.[0] && 'ip' in sds.ipList[0]
                  ? String((sds.ipList[0] as { ip: unknown }).ip)
                  : undefined;
              const agent = [...deps.agents().values()].find((a) => a.ip === ip);
              const id = instanceOf(agent);
              return id === undefined ? undefined : (id as NodeId);
            },
          }),
        };
      return cached.port;
    };
    return {
      poolStats: async () =>
        port()?.poolStats() ?? {
          ok: false as const,
          error: 'the gateway is not up yet',
          retryable: true,
        },
      addDeviceToSds: async (...a: Parameters<ReturnType<typeof gatewayStats>['addDeviceToSds']>) =>
        port()?.addDeviceToSds(...a) ?? {
          ok: false as const,
          error: 'the gateway is not up yet',
          retryable: true,
        },
    };
  })();
  const healer = createHealer(config.right, {
    stats,
    provider,
    ledger: stateLedgerStore(deps.store),
    now: deps.now,
    events: { emit: (e) => logHealingEvent(deps.log, e) },
    resolver: {
      resolve: async (node, v) => {
        const agentId = agentOfInstance(node);
        if (!agentId) {
          // Not seen since a restart (offers suppressed): look for agents, and wait for it.
          void deps.core.discover();
          return {
            ok: false,
            error: `no agent known for instance ${node}`,
            retryable: true,
            notReady: true,
          };
        }
        const probe = deps.core.probe(agentId, {
          kind: 'resolve-device',
          volumeId: v.volume,
          sizeGiB: v.sizeGiB,
          guestPaths: [...v.guestPaths],
        });
        const timeout = new Promise<{ ok: false; error: string }>((r) =>
          setTimeout(() => r({ ok: false, error: 'probe timed out' }), MS_PROBE).unref(),
        );
        const r = await Promise.race([probe, timeout]);
        return r.ok ? { ok: true, path: r.path } : { ok: false, error: r.error, retryable: true };
      },
    },
  });
  let running = false;
  const round = healingRound(healer, deps.log);
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void round().finally(() => (running = false));
  }, c.healingInterval * 1000);
  return { healer, stop: () => clearInterval(timer), policy: config.right.policy };
}

/** Healer events to the log (and so to the status events): trouble as warnings. */
export function logHealingEvent(log: Log, e: HealingEvent): void {
  const fields = {
    healing: e.kind,
    ...(e.pool === undefined ? {} : { pool: e.pool }),
    ...(e.entry === undefined ? {} : { entry: e.entry }),
  };
  const leaked = e.kind === 'leaks' && Number(e.details?.['leaked'] ?? 0) > 0;
  if (e.kind === 'error' || e.kind === 'failed' || leaked)
    log.warn(`healing: ${e.message}`, fields);
  else log.info(`healing: ${e.message}`, fields);
}

/** Ticks between two leak reports when nothing finished in between. */
export const LEAK_REPORT_EVERY_TICKS = 20;

/**
 * One round of the healing timer: the healer's tick, then a leak report (tagged volumes that no
 * ledger entry owns) on the first round, whenever the in-flight entries finished, and every
 * {@link LEAK_REPORT_EVERY_TICKS} rounds. The report lands in the healer's status and events.
 */
export function healingRound(
  healer: Pick<Healer, 'tick' | 'status' | 'reportLeaks'>,
  log: Log,
  every = LEAK_REPORT_EVERY_TICKS,
): () => Promise<void> {
  let rounds = 0;
  let busyBefore = false;
  return async () => {
    await healer.tick();
    const busy = healer.status().inFlight.length > 0;
    const due = rounds === 0 || rounds % every === 0 || (busyBefore && !busy);
    rounds += 1;
    busyBefore = busy;
    if (!due) return;
    const r = await healer.reportLeaks();
    if (!r.ok) log.warn('healing: leak report failed', { error: r.error });
  };
}

/** What the status says about an entry: why it failed or was undone, else the decision. */
export function entryReason(e: HealingEntry): string | undefined {
  const undone = e.state === 'failed' || e.state === 'rolledBack' || e.stage === 'rollingBack';
  return undone
    ? (e.reason ?? e.lastError ?? e.decision)
    : e.lastError !== undefined && e.state === 'inProgress'
      ? `${e.decision ?? e.stage} (${e.stage}, attempt ${e.attempts}: ${e.lastError})`
      : (e.decision ?? e.reason);
}

/** The healer's status in the shapes of the status API. */
export function healingStatusInputs(
  s: HealerStatus,
  policy: { triggerPercent: number; clearPercent: number },
): { pools: PoolInfo[]; ledger: LedgerEntryInfo[]; healing: HealingInfo } {
  const GiB = 2 ** 20;
  const entry = (e: HealingEntry): LedgerEntryInfo => ({
    seq: e.seq,
    pool: e.pool,
    node: e.node,
    sizeGiB: e.sizeGiB,
    atMs: e.atMs,
    state: e.stage === 'awaitingApproval' ? 'awaitingApproval' : e.state,
    dryRun: e.dryRun,
    volume: e.volume,
    reason: entryReason(e),
    stage: e.stage,
  });
  return {
    pools: s.pools.map((p) => ({
      protectionDomain: p.protectionDomain,
      name: p.pool,
      latest: {
        atMs: p.sampledAtMs,
        capacityInUseInKb: p.usedGiB * GiB,
        maxCapacityInKb: p.capacityGiB * GiB,
        spareCapacityInKb: 0,
      },
      triggerPercent: policy.triggerPercent,
      clearPercent: policy.clearPercent,
    })),
    ledger: [...s.inFlight, ...s.awaitingApproval, ...s.recent].map(entry),
    healing: {
      paused: s.paused,
      approvalMode: s.approval,
      dryRun: s.dryRun,
      pools: s.pools.map((p) => ({
        protectionDomain: p.protectionDomain,
        pool: p.pool,
        decision: p.decision?.tag ?? null,
        why: p.decision?.why ?? null,
        reason: p.decision?.reason ?? null,
        blockedBy: p.blockedBy,
      })),
      leaks: s.leaks
        ? { checkedAtMs: s.leaks.checkedAtMs, volumes: s.leaks.volumes.map((v) => v.id) }
        : null,
      totals: s.totals,
      lastError: s.lastError,
    },
  };
}

/**
 * Samples every pool's capacity with one statistics call, for the status and metrics when
 * healing is off. Resolves `undefined` while the gateway is not up or the call fails.
 */
export function poolSampler(gateway: () => ScaleIOClient | undefined, now: () => number) {
  let cached: { client: ScaleIOClient; port: ReturnType<typeof gatewayStats> } | undefined;
  return async (): Promise<PoolInfo[] | undefined> => {
    const client = gateway();
    if (!client) return undefined;
    if (cached?.client !== client)
      cached = { client, port: gatewayStats({ client, now, nodeOf: () => undefined }) };
    const r = await cached.port.poolStats();
    if (!r.ok) return undefined;
    const GiB = 2 ** 20;
    const at = now();
    return r.value.map((p) => ({
      protectionDomain: p.pool.protectionDomain,
      name: p.pool.name,
      latest: {
        atMs: at,
        capacityInUseInKb: p.usedGiB * GiB,
        maxCapacityInKb: p.capacityGiB * GiB,
        spareCapacityInKb: 0,
      },
      triggerPercent: 0,
      clearPercent: 0,
    }));
  };
}

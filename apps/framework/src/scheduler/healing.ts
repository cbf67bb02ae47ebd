/**
 * Capacity healing, composed from the configuration: the policy file, the AWS or GCE provider
 * (`--provider`), gateway statistics (nodes named by the `--instance-id-attribute` agent
 * attribute), the executor's device resolver and the ledger in the state store. Decisions live in
 * `@scaleio-framework/healing`, the shell that performs them in `@scaleio-framework/scheduler`.
 */
import { readFileSync } from 'node:fs';
import { left, type Either } from 'fp-ts/lib/Either.js';
import { awsCapacityProvider, type Ec2CallObserver } from '@scaleio-framework/aws-volumes';
import type { ClusterId, NodeId } from '@scaleio-framework/capacity';
import { gceCapacityProvider } from '@scaleio-framework/gce-volumes';
import {
  resolveHealingConfig,
  type HealerStatus,
  type HealingConfig,
} from '@scaleio-framework/healing';
import { parseConfigDocument, type PoolThresholds } from '@scaleio-framework/operator';
import type { AgentFacts, AgentId } from '@scaleio-framework/orchestrator';
import type { ScaleIOClient, Sds } from '@scaleio-framework/scaleio';
import {
  createHealer,
  executorResolver,
  gatewayDrainWhenUp,
  gatewayStatsWhenUp,
  healingRound,
  logHealingEvent,
  stateLedgerStore,
  type Log,
  type SchedulerCore,
} from '@scaleio-framework/scheduler';
import type { StateStore } from '@scaleio-framework/state';
import type { Config } from '../config/options.js';

/** What the healer needs from the running scheduler. */
export interface HealingDeps {
  readonly store: StateStore;
  readonly gateway: () => ScaleIOClient | undefined;
  readonly core: Pick<SchedulerCore, 'probe' | 'discover'>;
  /** Agents seen in offers, by id (their attributes name their cloud instance). */
  readonly agents: () => ReadonlyMap<AgentId, AgentFacts>;
  readonly log: Log;
  readonly now: () => number;
  /** The healer's status after every change, with the pools' thresholds (`observeHealer`). */
  readonly observe?: (status: HealerStatus, thresholds: PoolThresholds) => void;
  /** Every EC2 call of the AWS provider (operation, seconds, outcome), for the metrics. */
  readonly onEc2Call?: Ec2CallObserver;
}

/**
 * Reads the healing policy: the optional file (YAML, or JSON for `*.json`), with `enabled` from
 * the flag; a problem is one line that never quotes the file.
 */
export function healingConfigOf(
  c: Config,
  readFile: (p: string) => string = (p) => readFileSync(p, 'utf8'),
): Either<string, HealingConfig> {
  const path = c.healingConfig;
  let doc: unknown = {};
  if (path !== '') {
    let text: string;
    try {
      text = readFile(path);
    } catch (e) {
      return left(`cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const parsed = parseConfigDocument(path, text);
    if (!parsed.ok) return left(`${path}: ${parsed.error}`);
    doc = parsed.value ?? {};
    if (typeof doc !== 'object' || Array.isArray(doc)) return left(`${path}: must hold a mapping`);
  }
  const r = resolveHealingConfig({ ...(doc as object), enabled: c.healingEnabled });
  return r._tag === 'Left' ? left(`${path}: ${r.left.slice(0, 3).join('; ')}`) : r;
}

/** The SDS's first IP, as the agents know it. */
const ipOf = (sds: { ipList?: ReadonlyArray<unknown> }): string | undefined => {
  const first = sds.ipList?.[0];
  return typeof first === 'object' && first !== null && 'ip' in first
    ? String((first as { ip: unknown }).ip)
    : undefined;
};

/**
 * Composes the capacity healer. `round` is one healing round (the healer's tick, then a leak
 * report when due): the scheduler's tick scheduler runs it every `--healing-interval` seconds.
 */
export function createHealing(c: Config, deps: HealingDeps) {
  const config = healingConfigOf(c);
  if (config._tag === 'Left') throw new Error(`--healing-config: ${config.left}`);
  const instanceOf = (a: AgentFacts | undefined) => a?.attributes[c.instanceIdAttribute];
  const agents = () => [...deps.agents().values()];
  const cluster = (c.clusterId !== '' ? c.clusterId : c.frameworkName)
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 63) as ClusterId;
  const policy = config.right.policy;
  const thresholds = { triggerPercent: policy.triggerPercent, clearPercent: policy.clearPercent };
  const gw = {
    gateway: deps.gateway,
    now: deps.now,
    nodeOf: (sds: Sds) =>
      instanceOf(agents().find((a) => a.ip === ipOf(sds))) as NodeId | undefined,
  };
  const healer = createHealer(config.right, {
    stats: gatewayStatsWhenUp(gw),
    drain: gatewayDrainWhenUp(gw),
    provider:
      c.provider === 'gce'
        ? gceCapacityProvider({ cluster, project: c.gceProject, endpoint: c.gceEndpoint })
        : awsCapacityProvider({
            cluster,
            ...(c.awsRegion === '' ? {} : { region: c.awsRegion }),
            ...(c.ec2Endpoint === '' ? {} : { endpoint: c.ec2Endpoint }),
            ...(deps.onEc2Call === undefined ? {} : { onEc2Call: deps.onEc2Call }),
          }),
    ledger: stateLedgerStore(deps.store),
    now: deps.now,
    events: { emit: (e) => logHealingEvent(deps.log, e) },
    resolver: executorResolver({
      agentOf: (node) => agents().find((a) => instanceOf(a) === node)?.agentId,
      probe: (agentId, spec, signal) => deps.core.probe(agentId, spec, signal),
      discover: () => deps.core.discover(),
    }),
    ...(deps.observe === undefined
      ? {}
      : { observe: (s: HealerStatus) => deps.observe?.(s, thresholds) }),
  });
  return { healer, round: healingRound(healer, deps.log), policy, thresholds };
}

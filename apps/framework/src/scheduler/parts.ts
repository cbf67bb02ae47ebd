/**
 * The parts of the scheduler, each built from the configuration and the parts before it. Pure
 * wiring: every decision is in the libraries.
 */
import { readFileSync } from 'node:fs';
import {
  createSchedulerClient,
  type FrameworkID,
  type SchedulerClient,
} from '@scaleio-framework/mesos';
import {
  gatewayUp,
  gatewayUrlOf,
  pinnedGatewayFingerprint,
  taskMemMbOf,
  type ClusterSpec,
  type DeployState,
} from '@scaleio-framework/orchestrator';
import { normalizeFingerprint } from '@scaleio-framework/scaleio';
import {
  EXECUTOR_PATH,
  readSystemInfo,
  type HealingSettings,
  type LiveScheduler,
  type OperatorReadModels,
} from '@scaleio-framework/operator';
import {
  createSchedulerCore,
  gatewayChannel,
  gatewayClients,
  gatewayStatsWhenUp,
  mesosChannel,
  persistence,
  runtimePathOf,
  type ClientFor,
  type EventSink,
  type Log,
  type PreparedRuntime,
  type SchedulerCore,
  type TickJob,
} from '@scaleio-framework/scheduler';
import type { StateStore } from '@scaleio-framework/state';
import { parseSha256Sums } from '@scaleio-framework/installers';
import type { Config } from '../config/load.js';
import { createHealing, healingConfigOf } from './healing.js';
import { diskPolicyOf } from './settings.js';

/** The package digests and the repository's CA the deploy steps carry (both checked by the config). */
const packageTrust = (config: Config) => {
  const sums = parseSha256Sums(readFileSync(config.packageSha256File, 'utf8'));
  if (sums._tag === 'Left') throw new Error(`--package-sha256-file: ${sums.left}`);
  const ca = config.packageRepoCaFile;
  return {
    packageSha256: sums.right,
    ...(ca === '' ? {} : { packageRepoCa: readFileSync(ca, 'utf8') }),
  };
};

/**
 * Healing as configured, for the operator surface: on or off, and the policy's thresholds (from
 * `--healing-config` or the defaults), which pools are shown against even while healing is off.
 */
export function healingSettings(config: Config): HealingSettings {
  const h = healingConfigOf(config); // checked at start-up: a bad file never gets here
  const p = h._tag === 'Right' ? h.right.policy : undefined;
  return {
    enabled: config.healingEnabled,
    thresholds: { triggerPercent: p?.triggerPercent ?? 0, clearPercent: p?.clearPercent ?? 0 },
  };
}

/**
 * The gateway clients: the CA file is read here, at start-up; `state` gives the deploy state, whose
 * primary's reported certificate is pinned unless the operator configured the trust.
 */
export const gatewayAccess = (
  config: Config,
  log: Log,
  state: () => DeployState | undefined,
): ClientFor =>
  gatewayClients({
    username: config.gatewayUser,
    password: () => config.password.reveal(),
    trust: {
      insecure: config.gatewayInsecure,
      ...(config.gatewayCaFile ? { ca: readFileSync(config.gatewayCaFile, 'utf8') } : {}),
      ...(config.gatewayFingerprint
        ? { fingerprint: normalizeFingerprint(config.gatewayFingerprint) }
        : {}),
    },
    learnt: () => {
      const s = state();
      return s === undefined ? undefined : pinnedGatewayFingerprint(s);
    },
    awaitReported: config.mode === 'full', // the gateway this framework installs reports its certificate
    log,
  });

/** The Mesos scheduler client, subscribing with the stored framework id when there is one. */
export async function mesosClient(
  config: Config,
  stored: ReturnType<typeof persistence>,
  hostname: string,
  url: string,
): Promise<SchedulerClient> {
  const savedId = await stored.frameworkId();
  return createSchedulerClient({
    master: config.master, // one zk:// URL (its host list has commas) or a URL list
    frameworkInfo: {
      user: config.frameworkUser,
      name: config.frameworkName,
      roles: [config.role],
      failover_timeout: config.failoverTimeout,
      checkpoint: true,
      hostname,
      webui_url: url,
      // PARTITION_AWARE: an unreachable agent's tasks are TASK_UNREACHABLE (they may run again),
      // not TASK_LOST (docs/high-availability-framework-guide.md, mesos.proto FrameworkInfo).
      capabilities: [{ type: 'MULTI_ROLE' }, { type: 'PARTITION_AWARE' }],
    },
    ...(savedId ? { frameworkId: { value: savedId } as unknown as FrameworkID } : {}),
    saveFrameworkId: (id) => stored.saveFrameworkId(id.value),
  });
}

/** Everything the core is built from. */
export interface CoreParts {
  readonly config: Config;
  readonly spec: ClusterSpec;
  readonly url: string;
  readonly client: SchedulerClient;
  readonly clientFor: ClientFor;
  readonly stored: ReturnType<typeof persistence>;
  readonly models: OperatorReadModels;
  readonly log: Log;
  readonly now: () => number;
  /** The executor's Node.js runtime, served at `runtimePathOf` of it. */
  readonly runtime: PreparedRuntime;
}

/** The Mesos channel and the scheduler core's shell over it and the gateway channel. */
export function schedulerCore(p: CoreParts) {
  const { config, spec, models } = p;
  const disks = diskPolicyOf(config);
  const mesos = mesosChannel({
    call: (c) => p.client.call(c),
    frameworkId: () => p.client.frameworkId(),
    settings: {
      role: config.role,
      executorUri: `${p.url}${EXECUTOR_PATH}`,
      runtime: { uri: `${p.url}${runtimePathOf(p.runtime)}`, dir: p.runtime.dir },
      stepCpus: spec.stepCpus,
      taskMemMb: taskMemMbOf(spec),
      executorCpus: spec.executorCpus,
      executorMemMb: spec.executorMemMb,
      executorEnv: { SCALEIO_EXECUTOR_LOG_LEVEL: config.logLevel },
    },
  });
  const core: SchedulerCore = createSchedulerCore(
    {
      spec,
      launchTimeoutMs: config.launchTimeout * 1000,
      gatewayUser: config.gatewayUser,
      password: () => config.password.reveal(),
      packageRepoUrl: config.packageRepoUrl,
      ...packageTrust(config),
      gatewayUrl: config.gatewayUrl,
      versions: {
        scaleio: config.scaleioVersion,
        rexray: config.rexrayVersion,
        dvdcli: config.dvdcliVersion,
        dvdi: config.dvdiVersion,
      },
      agentFlags: config.agentFlags,
      agentService: config.agentService,
      insecureTls: config.gatewayInsecure,
      ...(disks === undefined ? {} : { diskPolicy: disks }),
    },
    {
      mesos: {
        ...mesos.port,
        decline: (ids, refuse) => (
          models.metrics.recordOffers(0, ids.length),
          mesos.port.decline(ids, refuse)
        ),
      },
      gateway: gatewayChannel(
        p.clientFor,
        () => gatewayUrlOf(config.gatewayUrl, core.state()),
        p.now,
        (op, seconds, ok) =>
          models.metrics.recordGatewayCall(
            op,
            seconds,
            ok ? { ok: true } : { ok: false, code: 'error' },
          ),
      ),
      store: p.stored.deployStore,
      now: p.now,
      log: p.log,
      observe: (m) => models.observeDeploy(m.deploy),
      turned: (t) => models.metrics.recordTurn(t.waitedMs, t.save),
    },
  );
  return { mesos, core };
}

/** The gateway client once the gateway exists (deploy: after the primary's gateway step). */
const gatewayWhenUp = (config: Config, core: SchedulerCore, clientFor: ClientFor) => () => {
  if (!gatewayUp(core.state(), config.mode)) return undefined;
  const c = clientFor(gatewayUrlOf(config.gatewayUrl, core.state()));
  return typeof c === 'string' ? undefined : c;
};

/**
 * The periodic pool work: the healing round when healing is on (its healer then answers the
 * operator actions), else a pool sample for the status and metrics — both every
 * `--healing-interval` seconds, on the tick scheduler.
 */
export function poolJobs(
  p: CoreParts & { core: SchedulerCore; store: StateStore; live: LiveScheduler },
): TickJob[] {
  const everyMs = p.config.healingInterval * 1000;
  const gateway = gatewayWhenUp(p.config, p.core, p.clientFor);
  const zoneOf = (ip: string) =>
    [...p.core.agents().values()].find((a) => a.ip === ip)?.attributes[
      p.config.failureDomainAttribute
    ];
  let failing: string | undefined; // a failing read is logged (a status event) when it changes
  const system: TickJob = {
    name: 'system-sample',
    everyMs: Math.min(everyMs, 10_000),
    run: async () => {
      const g = gateway();
      if (g === undefined) return;
      let error: string | undefined;
      const info = await readSystemInfo(g, zoneOf, (_kind, detail) => (error = detail));
      if (error !== undefined && error !== failing)
        p.log.warn('reading the ScaleIO system failed', { error });
      failing = error;
      if (info !== undefined) p.models.observeSystem(info);
    },
  };
  if (!p.config.healingEnabled) {
    const stats = gatewayStatsWhenUp({ gateway, now: p.now });
    return [
      system,
      {
        name: 'pool-sample',
        everyMs,
        run: async () => {
          const r = await stats.poolStats();
          if (r.ok) p.models.observePoolStats(r.value, p.now());
        },
      },
    ];
  }
  const healing = createHealing(p.config, {
    store: p.store,
    core: p.core,
    agents: () => p.core.agents(),
    log: p.log,
    now: p.now,
    gateway,
    observe: (s, t) => p.models.observeHealer(s, t),
    onEc2Call: (c) =>
      p.models.metrics.recordEc2Call(
        c.operation,
        c.seconds,
        c.outcome === 'ok' ? { ok: true } : { ok: false, code: c.outcome },
      ),
  });
  p.live.healer = healing.healer;
  p.log.info('capacity healing on', { interval: p.config.healingInterval });
  return [system, { name: 'healing', everyMs, run: healing.round }];
}

/** Where the Mesos events go: the core, the channel's offer book, the metrics and the log. */
export function eventSink(
  p: { core: SchedulerCore; mesos: ReturnType<typeof mesosChannel>; models: OperatorReadModels },
  live: LiveScheduler,
  log: Log,
  fatal: (why: string) => void,
): EventSink {
  const metrics = p.models.metrics;
  return {
    subscribed: (frameworkId) => {
      metrics.recordSubscribed(true, live.subscribed);
      live.subscribed = true;
      live.mesosProblem = undefined;
      log.info('subscribed', { frameworkId });
      return p.core.onSubscribed();
    },
    offers: (offers) => {
      metrics.recordOffers(offers.length, 0);
      return p.core.onOffers(p.mesos.offered(offers));
    },
    rescinded: (offerId) => p.mesos.rescinded(offerId),
    update: (u) => p.core.onUpdate(u),
    failure: (fields) => log.warn('agent or executor failure', fields),
    error: (message) => log.error('master sent ERROR', { message }),
    disconnected: (error, retryInMs, protocol) => {
      live.subscribed = false;
      if (protocol) live.mesosProblem = error; // /health says so until the next good SUBSCRIBED
      metrics.recordSubscribed(false);
      log.warn('disconnected from the master; resubscribing', { error, retryInMs });
    },
    badEvent: (error) => log.warn('undecodable event skipped', { error }),
    fatal: (error) => fatal(error), // the binary logs it once, and exits
  };
}

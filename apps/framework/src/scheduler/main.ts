import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import {
  createSchedulerClient,
  type FrameworkID,
  type FrameworkInfo,
} from '@scaleio-framework/mesos';
import {
  createClient,
  describeError as describeGatewayError,
  type ScaleIOClient,
} from '@scaleio-framework/scaleio';
import type { AgentFacts, AgentId } from '@scaleio-framework/orchestrator';
import type { Config } from '../config/load.js';
import { gatewayPort } from '../adapters/gateway.js';
import { mesosPort } from '../adapters/mesos.js';
import { createEventLog } from '@scaleio-framework/operator';
import { createCapacityHistory } from '@scaleio-framework/operator';
import { createMetrics } from '@scaleio-framework/operator';
import { EXECUTOR_PATH, startHttpServer } from '@scaleio-framework/operator';
import { createSchedulerCore } from './core.js';
import { existingSystemName } from './existing-system.js';
import { poolSampler, startHealing } from './healing.js';
import { runEventLoop } from './mesos-events.js';
import { operatorApi, type LiveScheduler } from './operator-api.js';
import { persistence } from './persistence.js';
import type { GatewayPort, Log } from './ports.js';
import { clusterSpecOf, recordingLog } from './settings.js';
import { openStore } from './store.js';

/** Runtime inputs of the scheduler besides its configuration. */
export interface SchedulerRuntime {
  readonly log: Log;
  /** Path of the executor bundle to serve (resolved by the binary). */
  readonly executorFile: string | undefined;
  readonly now: () => number;
  /**
   * Aborted when the process is asked to stop. While this instance waits for leadership, the
   * abort withdraws it from the election (so a later takeover is not delayed by its node) and
   * `runScheduler` rejects with {@link StoppedBeforeLeading}.
   */
  readonly signal?: AbortSignal;
}

/** `runScheduler` was stopped while it waited for leadership: a clean exit, not a failure. */
export class StoppedBeforeLeading extends Error {
  constructor() {
    super('stopped while waiting for leadership');
  }
}

/** A running scheduler. */
export interface RunningScheduler {
  readonly url: string;
  readonly stop: () => Promise<void>;
  /** Resolves when the scheduler ends by itself (fatal error), with the reason. */
  readonly ended: Promise<string>;
}

/**
 * Composition root of `scaleio-scheduler`: state store (and election), HTTP server, Mesos
 * subscription, gateway client, and the core that ties them together.
 */
export async function runScheduler(
  config: Config,
  rt: SchedulerRuntime,
): Promise<RunningScheduler> {
  const metrics = createMetrics();
  const events = createEventLog();
  const history = createCapacityHistory();
  const startedAt = rt.now();
  const advertisedHost = config.listenHost === '0.0.0.0' ? hostname() : config.listenHost;
  let spec = clusterSpecOf(config);
  // Every log line of a decision also becomes an event in the status (newest first there).
  const log = recordingLog(rt.log, events, rt.now);
  /** What the HTTP handlers see; filled in as the scheduler comes up. */
  const live: LiveScheduler = {
    core: undefined,
    client: undefined,
    leader: false,
    subscribed: false,
    healing: undefined,
    sampledPools: [],
  };
  const agents = new Map<AgentId, AgentFacts>();

  // HTTP first: health and status answer even while this instance waits for leadership.
  const server = await startHttpServer(
    operatorApi(live, {
      config,
      metrics,
      history,
      events,
      startedAt,
      now: rt.now,
      executorFile: rt.executorFile,
    }),
    config.listenHost,
    config.listenPort,
  );
  const port = (server.address() as { port: number }).port;
  const url =
    config.advertiseUrl !== ''
      ? config.advertiseUrl.replace(/\/$/, '')
      : `http://${advertisedHost}:${port}`;
  log.info('http listening', { url, executor: `${url}${EXECUTOR_PATH}` });

  const opened = await openStore(config, url);
  if (opened.election) {
    log.info('waiting for leadership', { node: opened.election.node });
    const aborted = new Promise<'aborted'>((r) => {
      if (rt.signal?.aborted) r('aborted');
      rt.signal?.addEventListener('abort', () => r('aborted'), { once: true });
    });
    const won = await Promise.race([opened.election.leading, aborted]);
    if (won === 'aborted') {
      log.info('stopping before leading; withdrawn from the election');
      await opened.close();
      await new Promise<void>((r) => server.close(() => r()));
      throw new StoppedBeforeLeading();
    }
    if (won._tag === 'Left') throw new Error('lost the ZooKeeper session before leading');
  }
  live.leader = true;
  const stored = persistence(opened.store);

  // The gateway client is made when its URL is known (full mode: the primary MDM's address).
  let gw: { url: string; client: ScaleIOClient } | undefined;
  const gatewayFor = (gatewayUrl: string): GatewayPort | string => {
    if (gw?.url !== gatewayUrl) {
      const c = createClient({
        baseUrl: gatewayUrl,
        username: config.gatewayUser,
        password: config.password.reveal(),
        tls: {
          insecure: config.gatewayInsecure,
          ...(config.gatewayCaFile ? { ca: readFileSync(config.gatewayCaFile, 'utf8') } : {}),
        },
        logger: { warn: (m, ctx) => log.warn(m, ctx ?? {}), debug: () => undefined },
      });
      if (c._tag === 'Left') return describeGatewayError(c.left);
      gw = { url: gatewayUrl, client: c.right };
    }
    return gatewayPort(gw.client);
  };

  // Existing mode: agents are wired to the running system by its own name.
  if (config.mode === 'existing' && typeof gatewayFor(config.gatewayUrl) !== 'string')
    spec = { ...spec, systemName: await existingSystemName(gw?.client, spec.systemName, log) };

  const frameworkInfo: FrameworkInfo = {
    user: config.frameworkUser,
    name: config.frameworkName,
    roles: [config.role],
    failover_timeout: config.failoverTimeout,
    checkpoint: true,
    hostname: advertisedHost,
    webui_url: url,
    capabilities: [{ type: 'MULTI_ROLE' }],
  };
  const savedId = await stored.frameworkId();
  const client = createSchedulerClient({
    master: config.master
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    frameworkInfo,
    ...(savedId ? { frameworkId: { value: savedId } as unknown as FrameworkID } : {}),
    saveFrameworkId: (id) => stored.saveFrameworkId(id.value),
  });
  live.client = client;
  const mesos = mesosPort({
    call: (c) => client.call(c),
    frameworkId: () => client.frameworkId(),
    settings: {
      role: config.role,
      executorUri: `${url}${EXECUTOR_PATH}`,
      stepCpus: config.stepCpus,
      stepMemMb: config.stepMemMb,
      executorCpus: 0.05,
      executorMemMb: 64,
      executorEnv: { SCALEIO_EXECUTOR_LOG_LEVEL: config.logLevel },
    },
  });

  const core = createSchedulerCore(
    {
      spec,
      gatewayUser: config.gatewayUser,
      password: () => config.password.reveal(),
      packageRepoUrl: config.packageRepoUrl,
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
    },
    {
      mesos: {
        ...mesos.port,
        decline: async (ids, refuse) => (
          metrics.recordOffers(0, ids.length),
          mesos.port.decline(ids, refuse)
        ),
      },
      gateway: {
        ensureStorageObjects: async (o) => {
          const primary = Object.values(core.state().nodes).find((n) => n.role === 'primary');
          const gatewayUrl =
            config.gatewayUrl !== '' ? config.gatewayUrl : primary ? `https://${primary.ip}` : '';
          const port = gatewayFor(gatewayUrl);
          if (typeof port === 'string') return { ok: false, error: port };
          const t0 = rt.now();
          const r = await port.ensureStorageObjects(o);
          metrics.recordGatewayCall(
            'ensureStorageObjects',
            (rt.now() - t0) / 1000,
            r.ok ? { ok: true } : { ok: false, code: 'error' },
          );
          return r;
        },
      },
      store: stored.deployStore,
      now: rt.now,
      log,
    },
  );
  live.core = core;
  await core.start();
  /** The gateway client once the gateway exists (deploy: after the primary's gateway step). */
  const gatewayClient = () => {
    const primary = Object.values(core.state().nodes).find((n) => n.role === 'primary');
    const gatewayUp =
      config.mode === 'existing' || (primary?.steps['gateway']?.status ?? 'done') === 'done';
    const u = config.gatewayUrl !== '' ? config.gatewayUrl : primary ? `https://${primary.ip}` : '';
    if (u === '' || !gatewayUp || typeof gatewayFor(u) === 'string') return undefined;
    return gw?.client;
  };
  let sampler: NodeJS.Timeout | undefined;
  if (config.healingEnabled) {
    live.healing = startHealing(config, {
      store: opened.store,
      core,
      agents: () => agents,
      log,
      now: rt.now,
      gateway: gatewayClient,
    });
    log.info('capacity healing on', { interval: config.healingInterval });
  } else {
    // Without healing the pools are still sampled (one call for all) for the status and metrics.
    const stats = poolSampler(gatewayClient, rt.now);
    sampler = setInterval(() => {
      void stats().then((pools) => {
        if (pools) {
          live.sampledPools = pools;
          history.record(pools);
        }
      });
    }, config.healingInterval * 1000);
  }

  let stopping = false;
  let resolveEnded: (why: string) => void = () => undefined;
  const ended = new Promise<string>((r) => (resolveEnded = r));
  const loop = runEventLoop({
    client,
    live,
    metrics,
    log,
    mesos,
    core,
    agents,
    stopping: () => stopping,
    fatal: resolveEnded,
  });
  const ticker = setInterval(() => void core.tick(), 1000);
  const discoverer = setInterval(
    () => void (live.subscribed ? core.discover() : undefined),
    config.discoveryInterval * 1000,
  );
  const reconciler = setInterval(
    () => void (live.subscribed ? mesos.port.reconcile([]) : undefined),
    config.reconcileInterval * 1000,
  );
  // Tasks we think are running are reconciled explicitly and often: cheap, and it repairs an
  // update lost while an agent restarted.
  const explicit = setInterval(
    () => void (live.subscribed ? core.reconcileRunning() : undefined),
    15_000,
  );
  void opened.election?.ended.then(() => resolveEnded('lost leadership'));

  return {
    url,
    ended,
    stop: async () => {
      stopping = true;
      clearInterval(ticker);
      live.healing?.stop();
      if (sampler) clearInterval(sampler);
      clearInterval(discoverer);
      clearInterval(reconciler);
      clearInterval(explicit);
      client.close();
      await loop.catch(() => undefined);
      await opened.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

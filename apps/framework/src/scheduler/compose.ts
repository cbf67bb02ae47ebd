/**
 * Composition root of `scaleio-scheduler`: builds the parts from the configuration — HTTP
 * server, state store (and election), Mesos client and channel, gateway channel, the scheduler
 * core's shell, capacity healing — and starts them. Decisions live in the libraries.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import {
  createSchedulerClient,
  type FrameworkID,
  type FrameworkInfo,
} from '@scaleio-framework/mesos';
import { gatewayUp, gatewayUrlOf } from '@scaleio-framework/orchestrator';
import {
  createCapacityHistory,
  createEventLog,
  createMetrics,
  EXECUTOR_PATH,
  startHttpServer,
} from '@scaleio-framework/operator';
import {
  createSchedulerCore,
  existingSystemName,
  gatewayChannel,
  gatewayClients,
  mesosChannel,
  openStore,
  persistence,
  runEventLoop,
  startTicks,
  type Log,
} from '@scaleio-framework/scheduler';
import type { Config } from '../config/load.js';
import { poolSampler, startHealing } from './healing.js';
import { operatorApi, type LiveScheduler } from './operator-api.js';
import { clusterSpecOf, recordingLog } from './settings.js';

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

/** Resolves with 'aborted' once `signal` aborts (never when there is none). */
const abortedBy = (signal: AbortSignal | undefined) =>
  new Promise<'aborted'>((r) => {
    if (signal?.aborted) r('aborted');
    signal?.addEventListener('abort', () => r('aborted'), { once: true });
  });

/** Starts the scheduler: HTTP first (health answers while waiting for leadership), then the rest. */
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
  const live: LiveScheduler = {
    core: undefined,
    client: undefined,
    leader: false,
    subscribed: false,
    healing: undefined,
    sampledPools: [],
  };
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
  const closeServer = () => new Promise<void>((r) => server.close(() => r()));
  const port = (server.address() as { port: number }).port;
  const url =
    config.advertiseUrl !== ''
      ? config.advertiseUrl.replace(/\/$/, '')
      : `http://${advertisedHost}:${port}`;
  log.info('http listening', { url, executor: `${url}${EXECUTOR_PATH}` });

  const opened = await openStore(config, url);
  if (opened.election) {
    log.info('waiting for leadership', { node: opened.election.node });
    const won = await Promise.race([opened.election.leading, abortedBy(rt.signal)]);
    if (won === 'aborted') {
      log.info('stopping before leading; withdrawn from the election');
      await opened.close();
      await closeServer();
      throw new StoppedBeforeLeading();
    }
    if (won._tag === 'Left') throw new Error('lost the ZooKeeper session before leading');
  }
  live.leader = true;
  const stored = persistence(opened.store);

  const clientFor = gatewayClients({
    username: config.gatewayUser,
    password: () => config.password.reveal(),
    tls: {
      insecure: config.gatewayInsecure,
      ...(config.gatewayCaFile ? { ca: readFileSync(config.gatewayCaFile, 'utf8') } : {}),
    },
    log,
  });
  // Existing mode: agents are wired to the running system by its own name.
  if (config.mode === 'existing') {
    const c = clientFor(config.gatewayUrl);
    if (typeof c !== 'string')
      spec = { ...spec, systemName: await existingSystemName(c, spec.systemName, log) };
  }

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
  const mesos = mesosChannel({
    call: (c) => client.call(c),
    frameworkId: () => client.frameworkId(),
    settings: {
      role: config.role,
      executorUri: `${url}${EXECUTOR_PATH}`,
      stepCpus: spec.stepCpus,
      stepMemMb: spec.stepMemMb,
      executorCpus: spec.executorCpus,
      executorMemMb: spec.executorMemMb,
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
        decline: (ids, refuse) => (
          metrics.recordOffers(0, ids.length),
          mesos.port.decline(ids, refuse)
        ),
      },
      gateway: gatewayChannel(
        clientFor,
        () => gatewayUrlOf(config.gatewayUrl, core.state()),
        rt.now,
        (op, seconds, ok) =>
          metrics.recordGatewayCall(op, seconds, ok ? { ok: true } : { ok: false, code: 'error' }),
      ),
      store: stored.deployStore,
      now: rt.now,
      log,
    },
  );
  live.core = core;
  await core.start();
  /** The gateway client once the gateway exists (deploy: after the primary's gateway step). */
  const gatewayClient = () => {
    if (!gatewayUp(core.state(), config.mode)) return undefined;
    const c = clientFor(gatewayUrlOf(config.gatewayUrl, core.state()));
    return typeof c === 'string' ? undefined : c;
  };
  const periodic: { name: string; everyMs: number; run: () => unknown }[] = [];
  if (config.healingEnabled) {
    live.healing = startHealing(config, {
      store: opened.store,
      core,
      agents: () => core.agents(),
      log,
      now: rt.now,
      gateway: gatewayClient,
    });
    log.info('capacity healing on', { interval: config.healingInterval });
  } else {
    // Without healing the pools are still sampled (one call for all) for the status and metrics.
    const stats = poolSampler(gatewayClient, rt.now);
    periodic.push({
      name: 'pool-sample',
      everyMs: config.healingInterval * 1000,
      run: async () => {
        const pools = await stats();
        if (pools) {
          live.sampledPools = pools;
          history.record(pools);
        }
      },
    });
  }

  let stopping = false;
  let resolveEnded: (why: string) => void = () => undefined;
  const ended = new Promise<string>((r) => (resolveEnded = r));
  const loop = runEventLoop(
    client,
    {
      subscribed: (frameworkId) => {
        metrics.recordSubscribed(true, live.subscribed);
        live.subscribed = true;
        log.info('subscribed', { frameworkId });
        return core.onSubscribed();
      },
      offers: (offers) => {
        metrics.recordOffers(offers.length, 0);
        return core.onOffers(mesos.offered(offers));
      },
      rescinded: (offerId) => mesos.rescinded(offerId),
      update: (u) => core.onUpdate(u),
      failure: (fields) => log.warn('agent or executor failure', fields),
      error: (message) => log.error('master sent ERROR', { message }),
      disconnected: (error, retryInMs) => {
        live.subscribed = false;
        metrics.recordSubscribed(false);
        log.warn('disconnected from the master; resubscribing', { error, retryInMs });
      },
      badEvent: (error) => log.warn('undecodable event skipped', { error }),
      fatal: (error) => {
        log.error('fatal Mesos error', { error });
        resolveEnded(`fatal: ${error}`);
      },
    },
    () => stopping,
  );
  const subscribed = () => live.subscribed;
  const ticks = startTicks([
    { name: 'tick', everyMs: 1000, run: () => core.tick() },
    {
      name: 'discover',
      everyMs: config.discoveryInterval * 1000,
      run: () => core.discover(),
      when: subscribed,
    },
    {
      name: 'reconcile-all',
      everyMs: config.reconcileInterval * 1000,
      run: () => core.reconcileAll(),
      when: subscribed,
    },
    // Tasks we think are running are reconciled explicitly and often: cheap, and it repairs an
    // update lost while an agent restarted.
    {
      name: 'reconcile-running',
      everyMs: 15_000,
      run: () => core.reconcileRunning(),
      when: subscribed,
    },
    ...periodic,
  ]);
  void opened.election?.ended.then(() => resolveEnded('lost leadership'));

  return {
    url,
    ended,
    stop: async () => {
      stopping = true;
      ticks.stop();
      live.healing?.stop();
      client.close();
      await loop.catch(() => undefined);
      await opened.close();
      await closeServer();
    },
  };
}

/**
 * Composition root of `scaleio-scheduler`: `compose(config, runtime)` builds the parts — read
 * models, the HTTP server, the state store (and election), the Mesos client and channel, the
 * gateway channel, the scheduler core's shell, capacity healing or pool sampling — and `run()`
 * starts them, all periodic work on one tick scheduler. Decisions live in the libraries.
 */
import { hostname } from 'node:os';
import {
  createMetrics,
  createReadModels,
  EXECUTOR_PATH,
  notStarted,
  operatorApi,
  recordingLog,
  startHttpServer,
  type BuildInfo,
} from '@scaleio-framework/operator';
import {
  existingSystemName,
  openStore,
  persistence,
  runEventLoop,
  runtimePathOf,
  startTicks,
  systemTimers,
  type Log,
  type PreparedRuntime,
} from '@scaleio-framework/scheduler';
import type { Config } from '../config/load.js';
import {
  eventSink,
  gatewayAccess,
  healingSettings,
  mesosClient,
  poolJobs,
  schedulerCore,
} from './parts.js';
import { clusterSpecOf } from './settings.js';
import { upgradeJob } from './upgrade.js';
import { membershipJob } from './membership.js';

/** Runtime inputs of the scheduler besides its configuration. */
export interface SchedulerRuntime {
  readonly log: Log;
  /** Path of the executor bundle to serve (resolved by the binary). */
  readonly executorFile: string | undefined;
  /** The executor's Node.js runtime archive, checked, to serve to the Mesos fetcher. */
  readonly executorRuntime: PreparedRuntime;
  readonly now: () => number;
  /**
   * Aborted when the process is asked to stop. While this instance waits for leadership, the
   * abort withdraws it from the election (so a later takeover is not delayed by its node) and
   * `run()` rejects with {@link StoppedBeforeLeading}.
   */
  readonly signal?: AbortSignal;
  /** The running build, for `scaleio_framework_build_info`. */
  readonly build?: BuildInfo;
}

/** `run()` was stopped while it waited for leadership: a clean exit, not a failure. */
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

/** The scheduler of a configuration, ready to run. */
export function compose(config: Config, rt: SchedulerRuntime) {
  const models = createReadModels({
    metrics: createMetrics({ processMetrics: true, ...(rt.build ? { build: rt.build } : {}) }),
    healing: healingSettings(config),
    startedAtMs: rt.now(),
  });
  // Every log line of a decision also becomes an event in the status (newest first there).
  const log = recordingLog(rt.log, models.events, rt.now);
  const live = notStarted();
  const advertisedHost = config.listenHost === '0.0.0.0' ? hostname() : config.listenHost;

  /** HTTP first: health and status answer even while this instance waits for leadership. */
  const serve = async () => {
    const server = await startHttpServer(
      operatorApi(live, {
        models,
        secrets: [config.password, config.operatorToken],
        operatorToken: config.operatorToken,
        startedAt: rt.now(),
        now: rt.now,
        executorFile: rt.executorFile,
        executorRuntime: {
          path: rt.executorRuntime.path,
          urlPath: runtimePathOf(rt.executorRuntime),
        },
      }),
      config.listenHost,
      config.listenPort,
    );
    const port = (server.address() as { port: number }).port;
    const url =
      config.advertiseUrl !== ''
        ? config.advertiseUrl.replace(/\/$/, '')
        : `http://${advertisedHost}:${port}`;
    // The node flags say whether the memory settings of deploy/README.md ("Memory") are in effect.
    const node = `${process.version} ${process.execArgv.join(' ')}`.trim();
    log.info('http listening', { url, executor: `${url}${EXECUTOR_PATH}`, node });
    return { url, close: () => new Promise<void>((r) => server.close(() => r())) };
  };

  /** The store, once this instance leads (at once with the file store). */
  const lead = async (url: string, closeServer: () => Promise<void>) => {
    const opened = await openStore(config, url, {
      signal: rt.signal ?? new AbortController().signal,
      onLocked: (why) => log.warn('waiting for the state file lock', { why }),
    }).catch(async (e: unknown) => {
      if (!rt.signal?.aborted) throw e;
      await closeServer();
      throw new StoppedBeforeLeading();
    });
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
    models.observeLeader(true);
    return opened;
  };

  const run = async (): Promise<RunningScheduler> => {
    const http = await serve();
    const opened = await lead(http.url, http.close);
    const stored = persistence(opened.store);
    const clientFor = gatewayAccess(config, log, () => live.core?.state());
    let spec = clusterSpecOf(config);
    if (config.mode === 'existing') {
      // Agents are wired to the running system by its own name.
      const c = clientFor(config.gatewayUrl);
      if (typeof c !== 'string')
        spec = { ...spec, systemName: await existingSystemName(c, spec.systemName, log) };
    }
    const client = await mesosClient(config, stored, advertisedHost, http.url);
    live.client = client;
    const parts = {
      config,
      runtime: rt.executorRuntime,
      spec,
      url: http.url,
      client,
      clientFor,
      stored,
      models,
      log,
      now: rt.now,
    };
    const { mesos, core } = schedulerCore(parts);
    live.core = core;
    await core.start();
    const pools = poolJobs({ ...parts, core, store: opened.store, live });
    const upgrade = upgradeJob({ ...parts, core, store: opened.store, live });
    const membership = membershipJob({ ...parts, core, store: opened.store, live });

    let stopping = false;
    let resolveEnded: (why: string) => void = () => undefined;
    const ended = new Promise<string>((r) => (resolveEnded = r));
    const sink = eventSink({ core, mesos, models }, live, log, resolveEnded);
    const loop = runEventLoop(client, sink, () => stopping, mesos.explainExit);
    const subscribed = () => live.subscribed;
    const ticks = startTicks(
      [
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
        ...pools,
        upgrade,
        membership,
      ],
      systemTimers,
      (job, error) =>
        log.error('periodic work failed; it runs again at its next period', {
          job,
          error: error instanceof Error ? error.message : String(error),
        }),
    );
    void opened.election?.ended.then(() => {
      live.leader = false;
      models.observeLeader(false);
      resolveEnded('lost leadership');
    });
    return {
      url: http.url,
      ended,
      stop: async () => {
        stopping = true;
        ticks.stop();
        client.close();
        await loop.catch(() => undefined);
        await opened.close();
        await http.close();
      },
    };
  };
  return { run };
}

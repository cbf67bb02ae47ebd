import { hostname } from 'node:os';
import { decodeTaskData } from '../shared/task-data.js';
import {
  createSchedulerClient,
  describeError,
  type FrameworkID,
  type FrameworkInfo,
  type SchedulerClient,
  type SchedulerEvent,
} from '@scaleio-framework/mesos';
import {
  createClient,
  describeError as describeGatewayError,
  type ScaleIOClient,
} from '@scaleio-framework/scaleio';
import type { ClusterSpec } from '@scaleio-framework/orchestrator';
import { defaultClusterSpec } from '@scaleio-framework/orchestrator';
import { readFileSync } from 'node:fs';
import type { Config } from '../config/load.js';
import { gatewayPort } from '../adapters/gateway.js';
import { mesosPort } from '../adapters/mesos.js';
import { createEventLog } from '../http/events.js';
import { createCapacityHistory } from '../http/history.js';
import { createMetrics } from '../http/metrics.js';
import { EXECUTOR_PATH, startHttpServer } from '../http/server.js';
import { emptyStatusInputs, statusView } from '../http/status.js';
import { createSchedulerCore, type SchedulerCore } from './core.js';
import { persistence } from './persistence.js';
import type { GatewayPort, Log, StatusInput } from './ports.js';
import type { AgentId } from '@scaleio-framework/orchestrator';
import { openStore } from './store.js';
import { existingSystemName } from './existing-system.js';
import { healingStatusInputs, poolSampler, startHealing } from './healing.js';
import type { PoolInfo } from '../http/status.js';
import type { AgentFacts } from '@scaleio-framework/orchestrator';

/** The cluster spec the orchestrator works from, taken from the configuration. */
export const clusterSpecOf = (c: Config): ClusterSpec => ({
  ...defaultClusterSpec,
  mode: c.mode,
  mdmCount: c.mdmCount === '5' ? 5 : 3,
  systemName: c.systemName,
  protectionDomain: c.protectionDomain,
  storagePool: c.storagePool,
  faultSetAttribute: c.faultSetAttribute,
  failureDomainAttribute: c.failureDomainAttribute,
  mdmMinCpus: c.mdmMinCpus,
  mdmMinMemMb: c.mdmMinMemMb,
  stepCpus: c.stepCpus,
  stepMemMb: c.stepMemMb,
  maxAttempts: c.maxAttempts,
  declineRefuseSeconds: c.declineRefuseSeconds,
  maxConcurrentRestarts: c.maxConcurrentRestarts,
  existingMdmIps: c.existingMdmIps,
});

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
  const logAndRecord =
    (level: 'info' | 'warn' | 'error') =>
    (msg: string, f: Record<string, unknown> = {}): void => {
      rt.log[level](msg, f);
      events.record({ atMs: rt.now(), level, kind: msg, message: describe(msg, f), node: host(f) });
    };
  const log: Log = {
    info: logAndRecord('info'),
    warn: logAndRecord('warn'),
    error: logAndRecord('error'),
  };
  /** What the HTTP handlers see; filled in as the scheduler comes up. */
  const live: {
    core: SchedulerCore | undefined;
    client: SchedulerClient | undefined;
    leader: boolean;
    subscribed: boolean;
    healing: ReturnType<typeof startHealing> | undefined;
  } = { core: undefined, client: undefined, leader: false, subscribed: false, healing: undefined };
  const agents = new Map<AgentId, AgentFacts>();
  /** Pools sampled without healing (status and metrics still show capacity). */
  let sampledPools: PoolInfo[] = [];
  const healingInputs = () => {
    if (!live.healing) {
      metrics.observePools(sampledPools);
      return { pools: sampledPools };
    }
    const h = healingStatusInputs(live.healing.healer.status(), live.healing.policy);
    history.record(h.pools);
    metrics.observePools(h.pools);
    return h;
  };
  const healingAction =
    (
      run: (
        h: NonNullable<typeof live.healing>['healer'],
        id: string,
      ) => Promise<{ ok: boolean; error?: string }>,
    ) =>
    async (body: unknown) => {
      if (!live.healing)
        return {
          status: 409,
          body: { error: 'capacity healing is not enabled (--healing-enabled)' },
        };
      const id =
        typeof body === 'object' && body !== null && 'id' in body
          ? String((body as { id: unknown }).id)
          : '';
      const r = await run(live.healing.healer, id);
      return r.ok
        ? { status: 200, body: { ok: true } }
        : { status: 400, body: { error: r.error ?? 'refused' } };
    };

  // HTTP first: health and status answer even while this instance waits for leadership.
  const server = await startHttpServer(
    {
      health: () => ({ ok: true, leader: live.leader, subscribed: live.subscribed }),
      status: () =>
        live.core
          ? statusView(
              live.core.state(),
              {
                frameworkId: live.client?.frameworkId()?.value,
                master: live.client?.leader(),
                subscribed: live.subscribed,
                leader: live.leader,
                suppressed: live.core.suppressed(),
                startedAt,
              },
              rt.now(),
              {
                ...emptyStatusInputs,
                ...healingInputs(),
                events: events.list(),
                secrets: [config.password, config.operatorToken],
              },
            )
          : { framework: { leader: live.leader, subscribed: live.subscribed }, nodes: [] },
      metrics: async () => {
        if (live.core) metrics.observeState(live.core.state());
        return metrics.render();
      },
      history: () => history.view(),
      executorFile: rt.executorFile,
      operatorToken: config.operatorToken,
      actions: {
        'healing-pause': healingAction((h) => h.pause()),
        'healing-resume': healingAction((h) => h.resume()),
        'healing-approve': healingAction((h, id) => h.approve(id)),
        'healing-decline': healingAction((h, id) => h.decline(id)),
        'retry-node': async (body) => {
          const agentId =
            typeof body === 'object' && body !== null && 'agentId' in body
              ? String((body as { agentId: unknown }).agentId)
              : '';
          if (!live.core) return { status: 503, body: { error: 'not leading' } };
          const ok = await live.core.retryNode(agentId as AgentId);
          return ok
            ? { status: 200, body: { retried: agentId } }
            : { status: 404, body: { error: `no node ${agentId}` } };
        },
      },
    },
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
          sampledPools = pools;
          history.record(pools);
        }
      });
    }, config.healingInterval * 1000);
  }

  const onEvent = async (e: SchedulerEvent) => {
    switch (e.type) {
      case 'SUBSCRIBED':
        metrics.recordSubscribed(true, live.subscribed);
        live.subscribed = true;
        log.info('subscribed', { frameworkId: e.subscribed.framework_id.value });
        return core.onSubscribed();
      case 'OFFERS': {
        const offers = e.offers.offers ?? [];
        metrics.recordOffers(offers.length, 0);
        const inputs = mesos.offered(offers);
        for (const i of inputs) agents.set(i.agent.agentId, i.agent);
        return core.onOffers(inputs);
      }
      case 'RESCIND':
        return mesos.rescinded(e.rescind.offer_id.value);
      case 'UPDATE': {
        const s = e.update.status;
        const u: StatusInput = {
          taskId: s.task_id.value,
          agentId: s.agent_id?.value,
          state: s.state,
          message: s.message,
          data: decodeTaskData(s.data),
          uuid: s.uuid,
        };
        return core.onUpdate(u);
      }
      case 'FAILURE':
        return log.warn('agent or executor failure', {
          agentId: e.failure.agent_id?.value,
          executorId: e.failure.executor_id?.value,
          status: e.failure.status,
        });
      case 'ERROR':
        return log.error('master sent ERROR', { message: e.error.message });
      default:
        return;
    }
  };

  let stopping = false;
  let resolveEnded: (why: string) => void = () => undefined;
  const ended = new Promise<string>((r) => (resolveEnded = r));
  const loop = (async () => {
    for await (const item of client.events()) {
      if (stopping) break;
      if (item._tag === 'Event') await onEvent(item.event);
      else if (item._tag === 'Disconnected') {
        live.subscribed = false;
        metrics.recordSubscribed(false);
        log.warn('disconnected from the master; resubscribing', {
          error: describeError(item.error),
          retryInMs: item.retryInMs,
        });
      } else if (item._tag === 'BadEvent')
        log.warn('undecodable event skipped', { error: describeError(item.error) });
      else {
        log.error('fatal Mesos error', { error: describeError(item.error) });
        resolveEnded(`fatal: ${describeError(item.error)}`);
        break;
      }
    }
  })();
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

const host = (f: Record<string, unknown>): string | undefined =>
  typeof f['host'] === 'string'
    ? f['host']
    : typeof f['agentId'] === 'string'
      ? f['agentId']
      : undefined;
const describe = (msg: string, f: Record<string, unknown>): string => {
  const parts = Object.entries(f)
    .filter(([k]) => k !== 'host')
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length ? `${msg}: ${parts.join(' ')}` : msg;
};

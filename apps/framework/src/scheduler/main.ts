import { hostname } from 'node:os';
import {
  createSchedulerClient,
  describeError,
  type FrameworkID,
  type FrameworkInfo,
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
import type { Server } from 'node:http';
import type { Config } from '../config/load.js';
import { gatewayPort } from '../adapters/gateway.js';
import { mesosPort } from '../adapters/mesos.js';
import { createMetrics } from '../http/metrics.js';
import { EXECUTOR_PATH, startHttpServer } from '../http/server.js';
import { statusView } from '../http/status.js';
import { createSchedulerCore } from './core.js';
import { persistence } from './persistence.js';
import type { GatewayPort, Log, StatusInput } from './ports.js';
import { openStore } from './store.js';

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
  existingMdmIps: c.existingMdmIps,
});

/** Runtime inputs of the scheduler besides its configuration. */
export interface SchedulerRuntime {
  readonly log: Log;
  /** Path of the executor bundle to serve (resolved by the binary). */
  readonly executorFile: string | undefined;
  readonly now: () => number;
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
  const { log } = rt;
  const metrics = createMetrics();
  const startedAt = rt.now();
  const advertisedHost = config.listenHost === '0.0.0.0' ? hostname() : config.listenHost;
  let server: Server | undefined;
  let subscribed = false;
  let stopping = false;

  const spec = clusterSpecOf(config);
  const advertise = () =>
    config.advertiseUrl !== ''
      ? config.advertiseUrl.replace(/\/$/, '')
      : `http://${advertisedHost}:${(server?.address() as { port: number } | null)?.port ?? config.listenPort}`;

  // HTTP first: health and status answer even while this instance waits for leadership.
  let coreRef: ReturnType<typeof createSchedulerCore> | undefined;
  let client: ReturnType<typeof createSchedulerClient> | undefined;
  let leader = false;
  server = await startHttpServer(
    {
      health: () => ({ ok: true, leader, subscribed }),
      status: () =>
        coreRef
          ? statusView(
              coreRef.state(),
              {
                frameworkId: client?.frameworkId()?.value,
                master: client?.leader(),
                subscribed,
                leader,
                suppressed: coreRef.suppressed(),
                startedAt,
              },
              rt.now(),
            )
          : { framework: { leader, subscribed }, nodes: [] },
      metrics: async () => {
        if (coreRef) metrics.observeState(coreRef.state());
        metrics.subscribed.set(subscribed ? 1 : 0);
        return metrics.render();
      },
      executorFile: rt.executorFile,
      operatorToken: config.operatorToken,
      actions: {
        'retry-node': async (body) => {
          const agentId =
            typeof body === 'object' && body !== null && 'agentId' in body
              ? String((body as { agentId: unknown }).agentId)
              : '';
          if (!coreRef) return { status: 503, body: { error: 'not leading' } };
          const ok = await coreRef.retryNode(agentId as never);
          return ok
            ? { status: 200, body: { retried: agentId } }
            : { status: 404, body: { error: `no node ${agentId}` } };
        },
      },
    },
    config.listenHost,
    config.listenPort,
  );
  const url = advertise();
  log.info('http listening', { url, executor: `${url}${EXECUTOR_PATH}` });

  const opened = await openStore(config, url);
  if (opened.election) {
    log.info('waiting for leadership', { node: opened.election.node });
    const won = await opened.election.leading;
    if (won._tag === 'Left') throw new Error('lost the ZooKeeper session before leading');
  }
  leader = true;
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
        logger: {
          warn: (m: string) => log.warn(m),
          info: (m: string) => log.info(m),
          debug: () => undefined,
          error: (m: string) => log.error(m),
        } as never,
      });
      if (c._tag === 'Left') return describeGatewayError(c.left);
      gw = { url: gatewayUrl, client: c.right };
    }
    return gatewayPort(gw.client);
  };

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
  client = createSchedulerClient({
    master: config.master
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    frameworkInfo,
    ...(savedId ? { frameworkId: { value: savedId } as unknown as FrameworkID } : {}),
    saveFrameworkId: (id) => stored.saveFrameworkId(id.value),
  });
  const sched = client;
  const mesos = mesosPort({
    call: (c) => sched.call(c),
    frameworkId: () => sched.frameworkId(),
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

  let gatewayUrlNow = config.gatewayUrl;
  const core = createSchedulerCore(
    {
      spec,
      gatewayUser: config.gatewayUser,
      password: () => config.password.reveal(),
      packageRepoUrl: config.packageRepoUrl,
      gatewayUrl: config.gatewayUrl,
    },
    {
      mesos: mesos.port,
      gateway: {
        ensureStorageObjects: async (o) => {
          const primary = Object.values(core.state().nodes).find((n) => n.role === 'primary');
          gatewayUrlNow =
            config.gatewayUrl !== '' ? config.gatewayUrl : primary ? `https://${primary.ip}` : '';
          const port = gatewayFor(gatewayUrlNow);
          if (typeof port === 'string') return { ok: false, error: port };
          const end = metrics.gatewayCalls.startTimer();
          const r = await port.ensureStorageObjects(o);
          end({ outcome: r.ok ? 'ok' : 'error' });
          return r;
        },
      },
      store: stored.deployStore,
      now: rt.now,
      log,
    },
  );
  coreRef = core;
  await core.start();

  const onEvent = async (e: SchedulerEvent) => {
    switch (e.type) {
      case 'SUBSCRIBED':
        if (subscribed) metrics.reconnects.inc();
        subscribed = true;
        log.info('subscribed', { frameworkId: e.subscribed.framework_id.value });
        return core.onSubscribed();
      case 'OFFERS': {
        const offers = e.offers.offers ?? [];
        metrics.offersReceived.inc(offers.length);
        return core.onOffers(mesos.offered(offers));
      }
      case 'RESCIND':
        return mesos.rescinded(e.rescind.offer_id.value);
      case 'UPDATE': {
        const s = e.update.status;
        let data: unknown;
        if (s.data !== undefined) {
          try {
            data = JSON.parse(Buffer.from(s.data, 'base64').toString('utf8'));
          } catch {
            data = undefined;
          }
        }
        const u: StatusInput = {
          taskId: s.task_id.value,
          agentId: s.agent_id?.value,
          state: s.state,
          message: s.message,
          data,
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

  let resolveEnded: (why: string) => void = () => undefined;
  const ended = new Promise<string>((r) => (resolveEnded = r));
  const loop = (async () => {
    for await (const item of sched.events()) {
      if (stopping) break;
      if (item._tag === 'Event') await onEvent(item.event);
      else if (item._tag === 'Disconnected') {
        subscribed = false;
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
  const reconciler = setInterval(
    () => void (subscribed ? mesos.port.reconcile([]) : undefined),
    config.reconcileInterval * 1000,
  );
  opened.election?.ended.then(() => resolveEnded('lost leadership'));

  return {
    url,
    ended,
    stop: async () => {
      stopping = true;
      clearInterval(ticker);
      clearInterval(reconciler);
      sched.close();
      await loop.catch(() => undefined);
      await opened.close();
      await new Promise<void>((r) => server?.close(() => r()));
    },
  };
}

/** Fixtures for agent tests: an artifact server for the fetcher and a subscribed scheduler. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startMesosSim, type MesosSim, type MesosSimOptions } from '../../src/index.js';
import { checkSchema, ofType, openStream, post, subscribeCall, type Stream } from './scheduler.js';

/** Whether process `pid` still exists. */
export const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (_e) {
    return false;
  }
};

/** This process's environment without the test runner's `NODE_OPTIONS` (tsx), for executors. */
export const cleanEnv: Record<string, string> = Object.fromEntries(
  Object.entries(process.env).filter(
    (e): e is [string, string] => e[0] !== 'NODE_OPTIONS' && e[1] !== undefined,
  ),
);

/**
 * Runs `fn` against a simulator started with `opts`, every message it sends or receives checked
 * against the protos and its executors given {@link cleanEnv}; stops it after.
 */
export const withMesosSim = async (
  opts: MesosSimOptions,
  fn: (sim: MesosSim) => Promise<void>,
): Promise<void> => {
  const sim = await startMesosSim({ observe: checkSchema, executorEnv: cleanEnv, ...opts });
  try {
    await fn(sim);
  } finally {
    await sim.stop();
  }
};

/** {@link withMesosSim} with an {@link startArtifactServer} for the executors (its URL to `fn`). */
export const withSimAndArtifacts = async (
  opts: MesosSimOptions,
  fn: (sim: MesosSim, artifacts: string) => Promise<void>,
): Promise<void> => {
  const artifacts = await startArtifactServer();
  try {
    await withMesosSim(opts, (sim) => fn(sim, artifacts.url));
  } finally {
    await artifacts.close();
  }
};

/** Serves `test/fixtures/*` over HTTP, as the scheduler would serve its executor artifact. */
export const startArtifactServer = async (): Promise<{
  url: string;
  requests: string[];
  close: () => Promise<void>;
}> => {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const name = (req.url ?? '').replace(/^\//, '');
    if (!/^[\w.-]+$/.test(name)) return void res.writeHead(404).end();
    try {
      const body = readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)));
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(body);
    } catch (_e) {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
};

/** A subscribed scheduler for tests. */
export interface TestScheduler {
  readonly stream: Stream;
  readonly frameworkId: string;
  /** Sends a call with the framework id and stream id filled in; returns the HTTP status. */
  readonly call: (type: string, body?: Record<string, unknown>) => Promise<number>;
  /** Waits for the next OFFERS event and returns its offers. */
  readonly offers: () => Promise<Record<string, unknown>[]>;
  /** Waits for an UPDATE of `taskId` in `state`; returns its status. */
  readonly update: (taskId: string, state?: string) => Promise<Record<string, unknown>>;
  /** Acknowledges an update status (only when it has a uuid). */
  readonly ack: (status: Record<string, unknown>) => Promise<number>;
}

/** Subscribes a scheduler (MULTI_ROLE, role `storage`) with extra FrameworkInfo fields. */
export const subscribeScheduler = async (
  sim: MesosSim,
  info: Record<string, unknown> = {},
  frameworkId?: string,
): Promise<TestScheduler> => {
  const url = `${sim.leader()?.url ?? sim.url}/api/v1/scheduler`;
  const stream = await openStream(url, subscribeCall(info, frameworkId));
  const sub = await stream.next(ofType('SUBSCRIBED'));
  const fwId = (sub['subscribed'] as { framework_id: { value: string } }).framework_id.value;
  const call = async (type: string, body: Record<string, unknown> = {}): Promise<number> =>
    (
      await post(
        url,
        { type, framework_id: { value: fwId }, ...body },
        { 'Mesos-Stream-Id': stream.streamId },
      )
    ).status;
  return {
    stream,
    frameworkId: fwId,
    call,
    offers: async () =>
      ((await stream.next(ofType('OFFERS')))['offers'] as { offers: Record<string, unknown>[] })
        .offers,
    update: async (taskId, state) => {
      const e = await stream.next((ev) => {
        const st = (
          ev['update'] as { status?: { task_id: { value: string }; state: string } } | undefined
        )?.status;
        return (
          ev['type'] === 'UPDATE' &&
          st?.task_id.value === taskId &&
          (state === undefined || st.state === state)
        );
      });
      return (e['update'] as { status: Record<string, unknown> }).status;
    },
    ack: (status) =>
      call('ACKNOWLEDGE', {
        acknowledge: {
          agent_id: status['agent_id'],
          task_id: status['task_id'],
          uuid: status['uuid'],
        },
      }),
  };
};

/** Resources for a task, in the form a MULTI_ROLE framework must use (copied from the offer). */
export const taskResources = (cpus: number, mem: number): Record<string, unknown>[] => [
  {
    name: 'cpus',
    type: 'SCALAR',
    scalar: { value: cpus },
    role: '*',
    allocation_info: { role: 'storage' },
  },
  {
    name: 'mem',
    type: 'SCALAR',
    scalar: { value: mem },
    role: '*',
    allocation_info: { role: 'storage' },
  },
];

/** A custom executor running `test/fixtures/test-executor.mjs`, fetched from `artifactUrl`. */
export const testExecutor = (
  artifactUrl: string,
  id = 'test-executor',
): Record<string, unknown> => ({
  type: 'CUSTOM',
  executor_id: { value: id },
  name: 'test executor',
  command: {
    value: process.execPath,
    shell: false,
    arguments: ['node', 'test-executor.mjs'],
    uris: [{ value: `${artifactUrl}/test-executor.mjs`, extract: false }],
    environment: { variables: [{ name: 'TEST_FLAVOUR', value: 'sim' }] },
  },
  resources: taskResources(0.1, 32),
});

/** A TaskInfo for the test executor; `finish` makes it end with TASK_FINISHED. */
export const executorTask = (
  id: string,
  agentId: string,
  executor: Record<string, unknown>,
  finish = false,
): Record<string, unknown> => ({
  name: id,
  task_id: { value: id },
  agent_id: { value: agentId },
  resources: taskResources(0.5, 128),
  executor,
  data: Buffer.from(JSON.stringify({ finish })).toString('base64'),
});

/** ACCEPT body launching `tasks` on `offerIds`. */
export const launchBody = (
  offerIds: readonly string[],
  tasks: readonly Record<string, unknown>[],
  refuseSeconds = 0,
): Record<string, unknown> => ({
  accept: {
    offer_ids: offerIds.map((value) => ({ value })),
    operations: [{ type: 'LAUNCH', launch: { task_infos: tasks } }],
    filters: { refuse_seconds: refuseSeconds },
  },
});

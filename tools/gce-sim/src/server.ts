/**
 * The HTTP side of gce-sim: the Compute Engine REST API under `/compute/v1/`, the metadata
 * server under `/computeMetadata/v1/`, and admin endpoints under `/sim/`. One request at a time
 * mutates the state (Node's event loop).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  attachmentFeed,
  headerOf,
  patchTimings,
  serveSim,
  type CloudSimRunOptions,
} from '@scaleio-framework/testkit';
import { adminAnswer, type AdminTarget, type FailBody } from './admin.js';
import {
  aggregatedDisks,
  aggregatedInstances,
  deleteDisk,
  getDisk,
  getInstance,
  getMachineType,
  getOperation,
  insertDisk,
  type Req,
} from './api.js';
import { attachDisk, detachDisk } from './attach.js';
import { apiError, notFound, rateLimited, unauthenticated, type Answer } from './errors.js';
import { handleMetadata } from './metadata.js';
import { addInstance, settle, type AttachmentEvent, type SimState } from './model.js';
import {
  defaultMachineTypes,
  defaultQuotaGb,
  defaultTimings,
  type GceSimConfig,
  type SimInstanceSpec,
  type Timings,
} from './options.js';
import { snapshotDisks, type DiskView } from './views.js';

/** Options of {@link startGceSim}: the config file's and the cloud simulators' run-time ones. */
export interface GceSimOptions extends GceSimConfig, CloudSimRunOptions {}

/** A running gce-sim. */
export interface GceSim {
  /** Base URL, e.g. `http://127.0.0.1:40123` (give `127.0.0.1` and the port to the client). */
  readonly url: string;
  readonly port: number;
  readonly project: string;
  /** The value for `GCE_METADATA_HOST`: `127.0.0.1:<port>`. */
  readonly metadataHost: string;
  onAttachment(fn: (e: AttachmentEvent) => void): () => void;
  addInstance(spec: SimInstanceSpec): void;
  failNext(rule: FailBody): void;
  throttle(count: number, method?: string): void;
  setTimings(t: Partial<Timings>): boolean;
  /** Every disk now (boot disks included). */
  disks(): DiskView[];
  /** Every API method called, in order (`disks.insert`, `zoneOperations.get`, …). */
  calls(): readonly string[];
  tick(): void;
  stop(): Promise<void>;
}

interface Fault {
  readonly method?: string;
  readonly answer: Answer;
  remaining: number;
}

type Route = readonly [
  method: string,
  path: RegExp,
  name: string,
  h: (r: Req, m: string[]) => Answer,
];
const P = '^/compute/v1/projects/([^/]+)';
const ROUTES: readonly Route[] = [
  [
    'POST',
    new RegExp(`${P}/zones/([^/]+)/disks$`),
    'disks.insert',
    (r, m) => insertDisk(r, m[2] ?? ''),
  ],
  [
    'GET',
    new RegExp(`${P}/zones/([^/]+)/disks/([^/]+)$`),
    'disks.get',
    (r, m) => getDisk(r, m[2] ?? '', m[3] ?? ''),
  ],
  [
    'DELETE',
    new RegExp(`${P}/zones/([^/]+)/disks/([^/]+)$`),
    'disks.delete',
    (r, m) => deleteDisk(r, m[2] ?? '', m[3] ?? ''),
  ],
  ['GET', new RegExp(`${P}/aggregated/disks$`), 'disks.aggregatedList', (r) => aggregatedDisks(r)],
  [
    'GET',
    new RegExp(`${P}/zones/([^/]+)/instances/([^/]+)$`),
    'instances.get',
    (r, m) => getInstance(r, m[2] ?? '', m[3] ?? ''),
  ],
  [
    'GET',
    new RegExp(`${P}/aggregated/instances$`),
    'instances.aggregatedList',
    (r) => aggregatedInstances(r),
  ],
  [
    'POST',
    new RegExp(`${P}/zones/([^/]+)/instances/([^/]+)/attachDisk$`),
    'instances.attachDisk',
    (r, m) => attachDisk(r, m[2] ?? '', m[3] ?? ''),
  ],
  [
    'POST',
    new RegExp(`${P}/zones/([^/]+)/instances/([^/]+)/detachDisk$`),
    'instances.detachDisk',
    (r, m) => detachDisk(r, m[2] ?? '', m[3] ?? ''),
  ],
  [
    'GET',
    new RegExp(`${P}/zones/([^/]+)/machineTypes/([^/]+)$`),
    'machineTypes.get',
    (r, m) => getMachineType(r, m[2] ?? '', m[3] ?? ''),
  ],
  [
    'GET',
    new RegExp(`${P}/zones/([^/]+)/operations/([^/]+)$`),
    'zoneOperations.get',
    (r, m) => getOperation(r, m[2] ?? '', m[3] ?? ''),
  ],
];

/** Starts gce-sim on 127.0.0.1. */
export const startGceSim = async (opts: GceSimOptions = {}): Promise<GceSim> => {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const state: SimState = {
    project: opts.project ?? 'sio-sim-project',
    projectNumber: '123456789012',
    timings: { ...defaultTimings, ...opts.timings },
    machineTypes: { ...defaultMachineTypes, ...opts.machineTypes },
    quotaGb: { ...defaultQuotaGb, ...opts.quotaGb },
    disks: new Map(),
    instances: new Map(),
    operations: new Map(),
    requestIds: new Map(),
    tokens: new Set(),
    events: [],
  };
  for (const i of opts.instances ?? []) addInstance(state, i, now());
  const faults: Fault[] = [];
  const calls: string[] = [];
  const feed = attachmentFeed('gce-sim', opts, log);
  const tick = (): void => {
    settle(state, now());
    feed.deliver(state.events.splice(0));
  };
  const setTimings = (t: Partial<Timings>): boolean => patchTimings(state.timings, t);
  const schedulerZone = (opts.instances ?? [])[0]?.zone ?? 'us-central1-a';
  const admin: AdminTarget = {
    disks: () => snapshotDisks(state),
    calls: () => [...calls],
    failNext: (r) =>
      void faults.push({
        ...(r.method === undefined ? {} : { method: r.method }),
        answer: apiError(r.status, r.reason, r.message),
        remaining: r.count ?? 1,
      }),
    throttle: (count, method) =>
      void faults.push({
        ...(method === undefined ? {} : { method }),
        answer: rateLimited,
        remaining: count,
      }),
    setTimings,
    setQuota: (q) => void Object.assign(state.quotaGb, q),
    addNewInstance: (spec) => {
      if (state.instances.has(`${spec.zone}/${spec.name}`)) return false;
      addInstance(state, spec, now());
      return true;
    },
  };

  const compute = (req: IncomingMessage, url: URL, body: string): Answer => {
    const method = req.method ?? 'GET';
    const route = ROUTES.map((r) => [r, r[1].exec(url.pathname)] as const).find(
      ([r, m]) => m !== null && r[0] === method,
    );
    if (route === undefined || route[1] === null) return notFound(url.pathname);
    const [[, , name, handler], m] = route;
    calls.push(name);
    const auth = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    if (auth?.[1] === undefined || !state.tokens.has(auth[1])) return unauthenticated;
    if (m[1] !== state.project)
      return apiError(
        403,
        'forbidden',
        `Required 'compute.${name}' permission for 'projects/${m[1]}'`,
      );
    const fault = faults.find(
      (f) => f.remaining > 0 && (f.method === undefined || f.method === name),
    );
    if (fault !== undefined) {
      fault.remaining--;
      return fault.answer;
    }
    let json: unknown = {};
    if (body.length > 0) {
      try {
        json = JSON.parse(body);
      } catch {
        return apiError(400, 'parseError', 'This API does not support parsing form-encoded input.');
      }
    }
    return handler(
      { state, nowMs: now(), query: url.searchParams, body: json },
      m as unknown as string[],
    );
  };

  const sendAnswer = (res: ServerResponse, [status, answer]: Answer, type: string): void => {
    res.writeHead(status, { 'content-type': type });
    res.end(JSON.stringify(answer));
  };
  const handle = (req: IncomingMessage, res: ServerResponse, url: URL, body: string): void => {
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/computeMetadata/')) {
      const a = handleMetadata(state, schedulerZone, method, url.pathname, (n) => headerOf(req, n));
      res.writeHead(a.status, { 'content-type': a.contentType, 'metadata-flavor': 'Google' });
      res.end(a.body);
    } else
      sendAnswer(
        res,
        url.pathname.startsWith('/sim/')
          ? adminAnswer(admin, method, url.pathname, body)
          : compute(req, url, body),
        'application/json; charset=UTF-8',
      );
  };
  const server = await serveSim({
    name: 'gce-sim',
    port: opts.port,
    tick,
    tickMs: opts.tickMs,
    log,
    handle,
    internalError: (res) =>
      sendAnswer(
        res,
        apiError(500, 'backendError', 'Internal error. Please try again.'),
        'application/json',
      ),
    drained: feed.drained,
  });
  const { port } = server;
  return {
    url: server.url,
    port,
    project: state.project,
    metadataHost: `127.0.0.1:${port}`,
    onAttachment: feed.on,
    addInstance: (spec) => void admin.addNewInstance(spec),
    failNext: admin.failNext,
    throttle: admin.throttle,
    setTimings,
    disks: admin.disks,
    calls: admin.calls,
    tick,
    stop: server.stop,
  };
};

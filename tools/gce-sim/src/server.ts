/**
 * The HTTP side of gce-sim: the Compute Engine REST API under `/compute/v1/`, the metadata
 * server under `/computeMetadata/v1/`, and admin endpoints under `/sim/`. One request at a time
 * mutates the state (Node's event loop).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
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

/** Options of {@link startGceSim}. */
export interface GceSimOptions extends GceSimConfig {
  /** Port to bind on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /** The sim clock in epoch ms (default `Date.now`). */
  readonly now?: () => number;
  /** How often (real ms) due operations complete without any request; default 20. */
  readonly tickMs?: number;
  /** Listener of attachment changes. */
  readonly onAttachment?: (e: AttachmentEvent) => void;
  /** Diagnostics (webhook failures); default stderr. */
  readonly log?: (line: string) => void;
}

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

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

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
  const listeners = new Set<(e: AttachmentEvent) => void>();
  if (opts.onAttachment) listeners.add(opts.onAttachment);
  let delivery: Promise<void> = Promise.resolve();
  const webhook = opts.attachmentWebhook;

  const tick = (): void => {
    settle(state, now());
    for (const e of state.events.splice(0)) {
      for (const l of listeners) {
        try {
          l(e);
        } catch (err) {
          log(`gce-sim: attachment listener failed: ${String(err)}`);
        }
      }
      if (webhook !== undefined)
        delivery = delivery.then(async () => {
          try {
            const r = await fetch(webhook, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(e),
            });
            await r.arrayBuffer();
            if (!r.ok) log(`gce-sim: attachment webhook answered HTTP ${r.status}`);
          } catch (err) {
            log(`gce-sim: attachment webhook failed: ${String(err)}`);
          }
        });
    }
  };
  const setTimings = (t: Partial<Timings>): boolean => {
    const given = Object.entries(t).filter(([, v]) => v !== undefined);
    if (given.some(([, v]) => typeof v !== 'number' || !Number.isFinite(v) || v < 0)) return false;
    Object.assign(state.timings, Object.fromEntries(given));
    return true;
  };
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

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      tick();
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      if (url.pathname.startsWith('/computeMetadata/')) {
        const hdr = (n: string): string | undefined => {
          const v = req.headers[n];
          return Array.isArray(v) ? v[0] : v;
        };
        const a = handleMetadata(state, schedulerZone, method, url.pathname, hdr);
        res.writeHead(a.status, { 'content-type': a.contentType, 'metadata-flavor': 'Google' });
        res.end(a.body);
      } else {
        const [status, answer] = url.pathname.startsWith('/sim/')
          ? adminAnswer(admin, method, url.pathname, body)
          : compute(req, url, body);
        res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
        res.end(JSON.stringify(answer));
      }
      tick();
    })().catch((err: unknown) => {
      log(`gce-sim: request failed: ${String(err)}`);
      if (!res.headersSent) {
        const [status, answer] = apiError(500, 'backendError', 'Internal error. Please try again.');
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const timer = setInterval(tick, opts.tickMs ?? 20);
  timer.unref();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    project: state.project,
    metadataHost: `127.0.0.1:${port}`,
    onAttachment: (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    addInstance: (spec) => void admin.addNewInstance(spec),
    failNext: admin.failNext,
    throttle: admin.throttle,
    setTimings,
    disks: admin.disks,
    calls: admin.calls,
    tick,
    stop: async () => {
      clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await delivery;
    },
  };
};

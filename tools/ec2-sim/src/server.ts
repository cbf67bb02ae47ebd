/**
 * The HTTP side of the simulator: EC2 Query API on `POST /`, IMDSv2 under `/imds/<instanceId>`,
 * and admin endpoints under `/sim/`. One request at a time mutates the state (Node's event loop).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  attachmentFeed,
  headerOf,
  patchTimings,
  serveSim,
  type CloudSimRunOptions,
} from '@scaleio-framework/testkit';
import { actions } from './actions/index.js';
import { handleAdmin, type AdminTarget, type FailBody } from './admin.js';
import { takeFault, throttlingError, type FaultRule } from './faults.js';
import { handleImds } from './imds.js';
import { holdBusyDetaches, setGuestHold } from './guest.js';
import {
  addInstance,
  newRequestId,
  settle,
  terminateInstance,
  type AttachmentEvent,
  type SimState,
} from './model.js';
import {
  defaultInstanceTypes,
  defaultTimings,
  SimInstanceSpec,
  type Ec2SimConfig,
  type Timings,
} from './options.js';
import { parseParams } from './query.js';
import type { SimError } from './result.js';
import { errorXml, successXml } from './xml.js';
import { snapshotVolumes, type VolumeView } from './views.js';

/** Options of {@link startEc2Sim}: the config file's and the cloud simulators' run-time ones. */
export interface Ec2SimOptions extends Ec2SimConfig, CloudSimRunOptions {}

/** A running simulator. */
export interface Ec2Sim {
  /** Base URL of the EC2 endpoint, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly port: number;
  /** Base URL of the IMDS of one instance; append `/latest/...`. */
  imdsUrl(instanceId: string): string;
  /** Registers a listener of attachment changes; returns its removal. */
  onAttachment(fn: (e: AttachmentEvent) => void): () => void;
  /** Adds an instance (and its root volume) at run time. */
  addInstance(spec: SimInstanceSpec): void;
  /** The next `count` calls (of `action`, or any) answer RequestLimitExceeded (HTTP 503). */
  throttle(count: number, action?: string): void;
  /** The next `count` calls of `action` (or any) answer with the given EC2 error. */
  failNext(rule: FailBody): void;
  /**
   * Changes the simulated durations for transitions that start from now on (absent fields keep
   * theirs); e.g. a slow attach to hold a client in its wait. Negative or non-finite values are
   * refused (false).
   */
  setTimings(t: Partial<Timings>): boolean;
  /** Terminates an instance (DeleteOnTermination volumes deleted, others detached); false if unknown. */
  terminateInstance(instanceId: string): boolean;
  /**
   * The guest (node-sim) starts or stops using a volume's device: while it does, a detach stays
   * `detaching` (`guest.ts`); `Force=true` ignores the hold.
   */
  setGuestHold(volumeId: string, held: boolean): void;
  /** Applies due transitions now and delivers their events. */
  tick(): void;
  /** The volumes as they are now (root volumes included). */
  volumes(): VolumeView[];
  /** Every EC2 action called so far, in order (throttled calls included). */
  calls(): readonly string[];
  /** Closes the server and waits for pending webhook deliveries. */
  stop(): Promise<void>;
}

/** Starts an EC2 + IMDS simulator on 127.0.0.1. */
export const startEc2Sim = async (opts: Ec2SimOptions = {}): Promise<Ec2Sim> => {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const state: SimState = {
    region: opts.region ?? 'us-east-1',
    accountId: opts.accountId ?? '123456789012',
    timings: { ...defaultTimings, ...opts.timings },
    instanceTypes: { ...defaultInstanceTypes, ...opts.instanceTypes },
    failingKmsKeys: new Set(opts.failingKmsKeys ?? []),
    volumes: new Map(),
    gone: new Map(),
    instances: new Map(),
    tokens: new Map(),
    imdsTokens: new Map(),
  };
  for (const i of opts.instances ?? []) addInstance(state, i, now());
  const faults: FaultRule[] = [];
  const calls: string[] = [];
  const feed = attachmentFeed('ec2-sim', opts, log);
  const tick = (): void => {
    holdBusyDetaches(state, now());
    feed.deliver(settle(state, now()));
  };
  const setTimings = (t: Partial<Timings>): boolean => patchTimings(state.timings, t);

  const sendXml = (res: ServerResponse, status: number, requestId: string, xml: string): void => {
    res.writeHead(status, {
      'content-type': 'text/xml;charset=UTF-8',
      'x-amzn-requestid': requestId,
    });
    res.end(xml);
  };
  const sendError = (res: ServerResponse, e: SimError): void => {
    const rid = newRequestId();
    sendXml(res, e.status, rid, errorXml(e.code, e.message, rid));
  };

  const handleEc2 = (res: ServerResponse, body: string): void => {
    const p = parseParams(body);
    const action = p.get('Action');
    if (action === undefined)
      return sendError(res, {
        code: 'MissingAction',
        message: 'The request must contain the parameter Action',
        status: 400,
      });
    calls.push(action);
    const fault = takeFault(faults, action);
    if (fault !== undefined) return sendError(res, fault);
    const h = actions[action];
    if (h === undefined)
      return sendError(res, {
        code: 'InvalidAction',
        message: `The action ${action} is not valid for this web service.`,
        status: 400,
      });
    const r = h({ state, now: now() }, p);
    if (!r.ok) return sendError(res, r.error);
    const rid = newRequestId();
    sendXml(res, 200, rid, successXml(action, rid, r.body));
  };

  const admin: AdminTarget = {
    volumes: () => snapshotVolumes(state),
    throttle: (count, action) =>
      void faults.push({
        ...(action === undefined ? {} : { action }),
        error: throttlingError,
        remaining: count,
      }),
    failNext: (r) =>
      void faults.push({
        ...(r.action === undefined ? {} : { action: r.action }),
        error: { code: r.code, message: r.message, status: r.status ?? 400 },
        remaining: r.count ?? 1,
      }),
    setTimings,
    timings: () => state.timings,
    terminateInstance: (id) => {
      const ev = terminateInstance(state, id, now());
      if (ev !== undefined) feed.deliver(ev);
      return ev !== undefined;
    },
    setGuestHold: (volumeId, held) => setGuestHold(state, volumeId, held),
    addNewInstance: (spec) => {
      if (state.instances.has(spec.instanceId)) return false;
      addInstance(state, spec, now());
      return true;
    },
  };

  const handle = (req: IncomingMessage, res: ServerResponse, url: URL, body: string): void => {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const imds = /^\/imds\/([^/]+)(\/.*)$/.exec(path);
    if (imds?.[1] !== undefined && imds[2] !== undefined) {
      const a = handleImds(state, now(), imds[1], method, imds[2], (n) => headerOf(req, n));
      res.writeHead(a.status, { 'content-type': a.contentType });
      res.end(a.body);
    } else if (path.startsWith('/sim/')) handleAdmin(admin, res, method, path, body);
    else if (method === 'POST') handleEc2(res, body);
    else sendError(res, { code: 'InvalidAction', message: 'EC2 expects POST /', status: 400 });
  };
  const server = await serveSim({
    name: 'ec2-sim',
    port: opts.port,
    tick,
    tickMs: opts.tickMs,
    log,
    handle,
    internalError: (res) =>
      sendError(res, {
        code: 'InternalError',
        message: 'An internal error has occurred',
        status: 500,
      }),
    drained: feed.drained,
  });
  const { url, port } = server;

  return {
    url,
    port,
    imdsUrl: (id) => `${url}/imds/${id}`,
    onAttachment: feed.on,
    addInstance: (spec) => void addInstance(state, spec, now()),
    throttle: admin.throttle,
    failNext: admin.failNext,
    setTimings,
    terminateInstance: admin.terminateInstance,
    setGuestHold: admin.setGuestHold,
    tick,
    volumes: admin.volumes,
    calls: () => [...calls],
    stop: server.stop,
  };
};

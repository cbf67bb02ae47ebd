/**
 * The HTTP scaffolding the cloud simulators (`ec2-sim`, `gce-sim`) share: a loopback server that
 * reads each request body, applies due transitions before and after every request and on a timer,
 * answers a failed handler with the simulator's own 500, and stops cleanly; and the feed of
 * attachment events to in-process listeners and to a webhook.
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The whole body of a request, as UTF-8 text. */
export const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/** The first value of request header `name` (lower case), if sent. */
export const headerOf = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * An attachment change, as every cloud simulator gives it to its listeners and POSTs it to its
 * webhook (node-sim makes the block device appear or go).
 */
export interface AttachmentEvent {
  /** The instance (EC2 instance id, GCE instance name). */
  readonly instanceId: string;
  /** The volume (EBS volume id, GCE disk name). */
  readonly volumeId: string;
  /** The device name given to the attach call. */
  readonly device: string;
  readonly sizeGiB: number;
  readonly state: 'attached' | 'detached';
}

/** The run-time options every cloud simulator takes besides its config file's. */
export interface CloudSimRunOptions {
  /** Port to bind on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /** The sim clock in epoch ms (default `Date.now`); inject one to drive transitions by hand. */
  readonly now?: () => number;
  /** How often (real ms) due transitions are applied without any request; default 20. */
  readonly tickMs?: number;
  /** Listener of attachment changes (same as calling the sim's `onAttachment`). */
  readonly onAttachment?: (e: AttachmentEvent) => void;
  /** Where diagnostics go (webhook failures); default stderr. */
  readonly log?: (line: string) => void;
}

/** What {@link serveSim} runs. */
export interface SimServerOptions {
  /** The simulator's name, in diagnostics (`<name>: request failed: …`). */
  readonly name: string;
  /** Port to bind on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number | undefined;
  /** Applies due transitions; called before and after every request and every `tickMs`. */
  readonly tick: () => void;
  /** How often (real ms) `tick` runs without any request; default 20. */
  readonly tickMs?: number | undefined;
  /** Where diagnostics go. */
  readonly log: (line: string) => void;
  /** Answers one request; `url` is parsed against `http://127.0.0.1`, `body` read in full. */
  readonly handle: (req: IncomingMessage, res: ServerResponse, url: URL, body: string) => void;
  /** Answers a request whose handler threw (the simulator's own 500), unless headers were sent. */
  readonly internalError: (res: ServerResponse) => void;
  /** Awaited last on stop (e.g. {@link EventFeed.drained}). */
  readonly drained?: () => Promise<void>;
}

/** A running {@link serveSim}. */
export interface SimServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Stops the timer, closes every connection and the server, then awaits `drained`. */
  readonly stop: () => Promise<void>;
}

/** Starts a simulator's HTTP server on 127.0.0.1 (see {@link SimServerOptions}). */
export const serveSim = async (o: SimServerOptions): Promise<SimServer> => {
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      o.tick();
      o.handle(req, res, new URL(req.url ?? '/', 'http://127.0.0.1'), body);
      o.tick();
    })().catch((err: unknown) => {
      o.log(`${o.name}: request failed: ${String(err)}`);
      if (!res.headersSent) o.internalError(res);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const timer = setInterval(o.tick, o.tickMs ?? 20);
  timer.unref();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await o.drained?.();
    },
  };
};

/** Events to in-process listeners and, in order, as JSON POSTs to a webhook. */
export interface EventFeed<E> {
  /** Registers a listener; returns its removal. */
  readonly on: (fn: (e: E) => void) => () => void;
  /** Gives each event to every listener now and queues its webhook POST. */
  readonly deliver: (events: readonly E[]) => void;
  /** Resolves once every queued webhook POST has been answered or has failed. */
  readonly drained: () => Promise<void>;
}

/**
 * A feed of `what` events (e.g. `attachment`): a throwing listener or a failing webhook is logged
 * as `<name>: <what> listener failed: …`, `<name>: <what> webhook answered HTTP <n>` or
 * `<name>: <what> webhook failed: …`, never thrown.
 */
export const eventFeed = <E>(o: {
  readonly name: string;
  readonly what: string;
  readonly log: (line: string) => void;
  readonly webhook?: string | undefined;
  readonly listener?: ((e: E) => void) | undefined;
}): EventFeed<E> => {
  const listeners = new Set<(e: E) => void>();
  if (o.listener) listeners.add(o.listener);
  const prefix = `${o.name}: ${o.what}`;
  let delivery: Promise<void> = Promise.resolve();
  const post = async (webhook: string, e: E): Promise<void> => {
    try {
      const r = await fetch(webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(e),
      });
      await r.arrayBuffer();
      if (!r.ok) o.log(`${prefix} webhook answered HTTP ${r.status}`);
    } catch (err) {
      o.log(`${prefix} webhook failed: ${String(err)}`);
    }
  };
  return {
    on: (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    deliver: (events) => {
      for (const e of events) {
        for (const l of listeners) {
          try {
            l(e);
          } catch (err) {
            o.log(`${prefix} listener failed: ${String(err)}`);
          }
        }
        const { webhook } = o;
        if (webhook !== undefined) delivery = delivery.then(() => post(webhook, e));
      }
    },
    drained: () => delivery,
  };
};

/**
 * A cloud simulator's {@link AttachmentEvent} feed: `opts.onAttachment` listening from the start,
 * `opts.attachmentWebhook` (if any) POSTed to, diagnostics to `log` as `<name>: attachment …`.
 */
export const attachmentFeed = (
  name: string,
  opts: CloudSimRunOptions & { readonly attachmentWebhook?: string },
  log: (line: string) => void,
): EventFeed<AttachmentEvent> =>
  eventFeed({
    name,
    what: 'attachment',
    log,
    webhook: opts.attachmentWebhook,
    listener: opts.onAttachment,
  });

/** One master process: an HTTP server that leads (serves the API) or follows (answers 307). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendJson, sendText } from '../wire/http.js';
import type { MasterCore } from './core.js';
import { handleSchedulerCall, type MasterFaults } from './http.js';
import { masterStateJson } from './state-json.js';

/** A running master instance. */
export interface MasterInstance {
  readonly index: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Fault switches, settable by tests at any time. */
  readonly faults: MasterFaults;
  readonly isLeading: () => boolean;
  /** Drops every scheduler subscription served by this instance, abruptly. */
  readonly dropStreams: () => void;
  readonly close: () => Promise<void>;
}

/** Serves the simulator's admin API under `/sim/` (any master instance answers it). */
export type AdminHandler = (req: IncomingMessage, res: ServerResponse, path: string) => void;

const STATE_PATHS = new Set(['/master/state', '/state', '/master/state.json', '/state.json']);

/** Starts a master instance on 127.0.0.1:`port` (0 for ephemeral). `admin` serves `/sim/...`. */
export const startMasterInstance = async (
  core: MasterCore,
  index: number,
  port: number,
  isLeading: () => boolean,
  admin: AdminHandler,
): Promise<MasterInstance> => {
  const faults: MasterFaults = { fail503: 0, stallHeartbeats: false };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/sim/')) return admin(req, res, path);
    if (path === '/health') return sendText(res, { status: 200, message: 'ok' });
    const state = STATE_PATHS.has(path);
    if (!state && path !== '/api/v1/scheduler')
      return sendText(res, { status: 404, message: 'Not found' });
    if (!state && faults.fail503 > 0) {
      faults.fail503 -= 1;
      return sendText(res, { status: 503, message: 'Service unavailable (injected fault)' });
    }
    if (!isLeading()) {
      if (core.leader === undefined)
        return sendText(res, { status: 503, message: 'No leader elected' });
      return sendText(res, {
        status: 307,
        message: '',
        headers: {
          Location: `//${core.leader.hostname}:${core.leader.port}${req.url ?? '/api/v1/scheduler'}`,
        },
      });
    }
    // Master::Http::state: a follower redirects (above); the leader answers the JSON.
    if (state) return sendJson(res, masterStateJson(core));
    handleSchedulerCall(core, req, res, faults).catch((e: unknown) =>
      sendText(res, {
        status: 500,
        message: `Internal error: ${e instanceof Error ? e.message : String(e)}`,
      }),
    );
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const dropStreams = (): void => {
    if (!isLeading()) return;
    for (const fw of core.frameworks.values()) fw.subscription?.stream.drop();
  };
  return {
    index,
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    faults,
    isLeading,
    dropStreams,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

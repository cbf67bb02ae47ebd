/**
 * The simulated gateway server: `/api/...` (the REST API a client uses) and `/sim/...` (admin).
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createAdminApi, type AdminApi } from './admin-api.js';
import { cryptoHex, systemClock, type Clock, type RandomHex } from './clock.js';
import { handleAdmin } from './http/admin-routes.js';
import { handleApi } from './http/api.js';
import { createTokenStore, type TokenStore } from './http/auth.js';
import { noFaults, type Faults } from './http/faults.js';
import { sendJson } from './http/respond.js';
import { bootstrapCluster } from './model/bootstrap.js';
import { createModel } from './model/model.js';
import type { Model } from './model/types.js';

/** Options of {@link startScaleioSim}. */
export interface ScaleioSimOptions {
  /** TCP port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Serve HTTPS with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Gateway admin user (default `admin`). */
  username?: string;
  /** Gateway admin password (default `Scaleio123`). */
  password?: string;
  /** Time source (epoch ms); inject a manual clock to move time in tests. */
  clock?: Clock;
  /** Hex source for ids and tokens. */
  randomHex?: RandomHex;
  /**
   * Start with a ready 3-node MDM cluster and three hosts (10.0.0.11-13) that run the SDS
   * service and each have `/dev/sdb` and `/dev/sdc` of 100 GiB; no protection domain yet.
   */
  bootstrap?: boolean;
}

/** A running simulator. Every admin route is also a method here. */
export interface ScaleioSim extends AdminApi {
  /** Gateway root, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  /** Admin API root: `<url>/sim`. */
  readonly adminUrl: string;
  /** The live model (mutable; for assertions). */
  readonly model: Model;
  /** The gateway's token store. */
  readonly tokens: TokenStore;
  /** Current fault settings. */
  readonly faults: Faults;
  /** The credentials the gateway accepts. */
  readonly credentials: { username: string; password: string };
  /** Stops the server. */
  stop(): Promise<void>;
}

/**
 * Starts a simulated ScaleIO gateway (and its MDM) on 127.0.0.1.
 * @example
 * const sim = await startScaleioSim({ bootstrap: true });
 * // ... GET `${sim.url}/api/login` with Basic admin:Scaleio123
 * await sim.stop();
 */
export const startScaleioSim = async (opts: ScaleioSimOptions = {}): Promise<ScaleioSim> => {
  const clock = opts.clock ?? systemClock;
  const random = opts.randomHex ?? cryptoHex;
  const model = createModel(clock, random);
  const tokens = createTokenStore(clock, random);
  const faults = noFaults();
  const credentials = {
    username: opts.username ?? 'admin',
    password: opts.password ?? 'Scaleio123',
  };
  const admin = createAdminApi(model, tokens, faults);
  if (opts.bootstrap === true) bootstrapCluster(admin);

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const work = path.startsWith('/sim/')
      ? handleAdmin(admin, req, res, path)
      : handleApi({ model, tokens, faults, credentials }, req, res);
    work.catch((e: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, {
          message: `simulator error: ${String(e)}`,
          httpStatusCode: 500,
          errorCode: 0,
        });
      else res.destroy();
    });
  };
  const server =
    opts.tls !== undefined
      ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, handler)
      : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${opts.tls !== undefined ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    ...admin,
    url,
    adminUrl: `${url}/sim`,
    model,
    tokens,
    faults,
    credentials,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

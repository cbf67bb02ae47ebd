/**
 * The simulated gateway server: `/api/...` (the REST API a client uses) and `/sim/...` (admin).
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { makeTestCert } from '@scaleio-framework/testkit';
import { createAdminApi, type AdminApi } from './admin-api.js';
import { cryptoHex, systemClock, type Clock, type RandomHex } from './clock.js';
import { handleAdmin } from './http/admin-routes.js';
import { handleApi, type RequestRecord } from './http/api.js';
import { createTokenStore, type TokenStore } from './http/auth.js';
import { noFaults, type Faults } from './http/faults.js';
import { sendJson } from './http/respond.js';
import { bootstrapCluster } from './model/bootstrap.js';
import { createModel } from './model/model.js';
import type { Model } from './model/types.js';
import { onDeviceUse, setMigrationRate, type DeviceUse } from './model/migration.js';
import { setRebuildRate } from './model/rebuild.js';

/** Options of {@link startScaleioSim}. */
export interface ScaleioSimOptions {
  /** TCP port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /**
   * Serve HTTPS with this certificate and key (PEM), or with a self-signed certificate made for
   * this run (`'self-signed'`), as the real gateway does: its package makes a self-signed
   * certificate at install (see {@link ScaleioSim.certificate}). The admin API (`/sim/`) then
   * also answers on a plain-HTTP port of its own ({@link ScaleioSim.adminUrl}), so that other
   * simulators need no trust for their control link.
   */
  tls?: { cert: string | Buffer; key: string | Buffer } | 'self-signed';
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
  /** Gateway root, e.g. `https://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  /** Admin API root: `<url>/sim`, or with TLS the plain-HTTP admin port's `http://127.0.0.1:<p>/sim`. */
  readonly adminUrl: string;
  /** The certificate the gateway serves (PEM) and its SHA-256 fingerprint; `undefined` without TLS. */
  readonly certificate: { readonly pem: string; readonly sha256: string } | undefined;
  /** Every `/api/...` request the gateway answered, oldest first (no secret in them). */
  readonly requests: () => readonly RequestRecord[];
  /** The live model (mutable; for assertions). */
  readonly model: Model;
  /** The gateway's token store. */
  readonly tokens: TokenStore;
  /** Current fault settings. */
  readonly faults: Faults;
  /** The credentials the gateway accepts. */
  readonly credentials: { username: string; password: string };
  /**
   * Listens to the SDSs starting or stopping to use a device (added; removed once its data has
   * migrated away): node-sim's guest hold on an attached volume. Returns the unsubscribe function.
   */
  onDeviceUse(fn: (u: DeviceUse) => void): () => void;
  /** Sets the device-removal migration and rebalance rate (KiB/s of simulated time); false if not > 0. */
  setMigrationRate(kbPerSecond: number): boolean;
  /** Sets the rate a lost SDS's data is rebuilt at (KiB/s of simulated time); false if not > 0. */
  setRebuildRate(kbPerSecond: number): boolean;
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
  const journal: RequestRecord[] = [];
  const tls = opts.tls === 'self-signed' ? makeTestCert({ algorithm: 'rsa', days: 2 }) : opts.tls;
  const pem = tls === undefined ? undefined : String(tls.cert);
  const certificate =
    pem === undefined ? undefined : { pem, sha256: new X509Certificate(pem).fingerprint256 };
  const extra = {
    requests: () => [...journal],
    certificate: () => ({ pem: certificate?.pem ?? null, sha256: certificate?.sha256 ?? null }),
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const work = path.startsWith('/sim/')
      ? handleAdmin(admin, req, res, path, extra)
      : handleApi({ model, tokens, faults, credentials, journal }, req, res);
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
    tls !== undefined
      ? createHttpsServer({ cert: tls.cert, key: tls.key }, handler)
      : createHttpServer(handler);
  const listen = (s: typeof server, port: number) =>
    new Promise<number>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve((s.address() as AddressInfo).port));
    });
  const port = await listen(server, opts.port ?? 0);
  const url = `${tls !== undefined ? 'https' : 'http'}://127.0.0.1:${port}`;
  const adminServer =
    tls === undefined
      ? undefined
      : createHttpServer((req, res) => {
          const path = new URL(req.url ?? '/', 'http://x').pathname;
          if (path.startsWith('/sim/')) handler(req, res);
          else sendJson(res, 404, { message: 'this port serves only the admin API (/sim/)' });
        });
  const adminPort = adminServer === undefined ? undefined : await listen(adminServer, 0);
  const close = (s: typeof server) =>
    new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  return {
    ...admin,
    url,
    adminUrl: adminPort === undefined ? `${url}/sim` : `http://127.0.0.1:${adminPort}/sim`,
    certificate,
    requests: extra.requests,
    model,
    tokens,
    faults,
    credentials,
    onDeviceUse: (fn) => onDeviceUse(model, fn),
    setMigrationRate: (kbps) => setMigrationRate(model, kbps),
    setRebuildRate: (kbps) => setRebuildRate(model, kbps),
    stop: async () => {
      await Promise.all([
        close(server),
        ...(adminServer === undefined ? [] : [close(adminServer)]),
      ]);
    },
  };
};

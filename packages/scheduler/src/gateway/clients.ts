/**
 * The gateway channel: one ScaleIO client per gateway URL (made when the URL is known: in full
 * mode the primary MDM's address), and the `storage-objects` step performed through it.
 */
import {
  createClient,
  describeError,
  type ScaleIOClient,
  type TlsOptions,
} from '@scaleio-framework/scaleio';
import type { StorageObjects } from '@scaleio-framework/orchestrator';
import type { GatewayPort, Log, StorageObjectsResult } from '../core/ports.js';
import { gatewayPort } from './storage-objects.js';

/** How to reach and trust the gateway. */
export interface GatewayAccess {
  readonly username: string;
  /** Revealed only into the client's login. */
  readonly password: () => string;
  readonly tls: TlsOptions;
  readonly log: Log;
}

/** A client for a gateway URL, or why there is none (no secret in it). */
export type ClientFor = (url: string) => ScaleIOClient | string;

/** Clients by URL: a new URL (the primary moved, a configured one) gets a new client. */
export function gatewayClients(a: GatewayAccess): ClientFor {
  let made: { url: string; client: ScaleIOClient } | undefined;
  return (url) => {
    if (url === '') return 'the gateway URL is not known yet (no primary MDM chosen)';
    if (made?.url === url) return made.client;
    const c = createClient({
      baseUrl: url,
      username: a.username,
      password: a.password(),
      tls: a.tls,
      logger: { warn: (m, ctx) => a.log.warn(m, ctx ?? {}), debug: () => undefined },
    });
    if (c._tag === 'Left') return describeError(c.left);
    made = { url, client: c.right };
    return c.right;
  };
}

/** Timing of one gateway call, for metrics. */
export type GatewayCallHook = (operation: string, seconds: number, ok: boolean) => void;

/**
 * The core's gateway port: the `storage-objects` step against the gateway at `url()` (asked at
 * each call, as the primary may be chosen after start-up).
 */
export function gatewayChannel(
  clientFor: ClientFor,
  url: () => string,
  now: () => number,
  onCall: GatewayCallHook = () => undefined,
): GatewayPort {
  return {
    ensureStorageObjects: async (o: StorageObjects): Promise<StorageObjectsResult> => {
      const client = clientFor(url());
      if (typeof client === 'string') return { ok: false, error: client };
      const t0 = now();
      const r = await gatewayPort(client).ensureStorageObjects(o);
      onCall('ensureStorageObjects', (now() - t0) / 1000, r.ok);
      return r;
    },
  };
}

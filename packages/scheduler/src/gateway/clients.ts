/**
 * The gateway channel: one ScaleIO client per gateway URL and trust (made when the URL is known:
 * in full mode the primary MDM's address), and the `storage-objects` step performed through it.
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

/** How the operator told the scheduler to trust the gateway (checked at start). */
export interface GatewayTrust {
  /** `--gateway-fingerprint`: the SHA-256 of the one certificate to accept (normalized). */
  readonly fingerprint?: string | undefined;
  /** `--gateway-ca-file`: CA certificates (PEM) that sign the gateway's certificate. */
  readonly ca?: string;
  /** `--gateway-insecure`: no verification at all, plain HTTP allowed (logged loudly). */
  readonly insecure: boolean;
}

/** How to reach and trust the gateway. */
export interface GatewayAccess {
  readonly username: string;
  /** Revealed only into the client's login. */
  readonly password: () => string;
  readonly trust: GatewayTrust;
  /** The fingerprint the deploy learnt (the primary's `gateway` step), asked at each call. */
  readonly learnt?: () => string | undefined;
  /**
   * Whether the gateway's own node will report its certificate (full mode, the gateway this
   * framework installs): then, unless the operator configured the trust, there is no client
   * until it has, never one that falls back to the system's CAs in the meantime.
   */
  readonly awaitReported?: boolean;
  readonly log: Log;
}

/**
 * The TLS settings for `url`, in this order: insecure (only when asked for), the configured
 * fingerprint, the configured CA file, the fingerprint the deploy learnt, else the system's CAs
 * (a publicly signed gateway). Plain HTTP only with insecure. A string says why there is none.
 */
export function tlsFor(
  url: string,
  trust: GatewayTrust,
  learnt: string | undefined,
): { tls: TlsOptions; how: string } | string {
  if (url.startsWith('http:') && !trust.insecure)
    return `the gateway URL ${url} is plain HTTP: use https, or --gateway-insecure to allow it`;
  if (trust.insecure) return { tls: { insecure: true }, how: 'insecure (no verification)' };
  if (trust.fingerprint !== undefined)
    return {
      tls: { fingerprint: trust.fingerprint },
      how: `pinned ${trust.fingerprint} (--gateway-fingerprint)`,
    };
  if (trust.ca !== undefined) return { tls: { ca: trust.ca }, how: 'CA file (--gateway-ca-file)' };
  if (learnt !== undefined)
    return {
      tls: { fingerprint: learnt },
      how: `pinned ${learnt} (reported by the gateway's node)`,
    };
  return { tls: {}, how: 'system CAs' };
}

/** A client for a gateway URL, or why there is none (no secret in it). */
export type ClientFor = (url: string) => ScaleIOClient | string;

/**
 * Clients by URL and trust: a new URL (the primary moved, a configured one) or a newly learnt
 * certificate gets a new client; the trust in force is logged once per client.
 */
export function gatewayClients(a: GatewayAccess): ClientFor {
  let made: { key: string; client: ScaleIOClient } | undefined;
  return (url) => {
    if (url === '') return 'the gateway URL is not known yet (no primary MDM chosen)';
    const learnt = a.learnt?.();
    const configured =
      a.trust.insecure || a.trust.fingerprint !== undefined || a.trust.ca !== undefined;
    if (a.awaitReported === true && !configured && learnt === undefined)
      return "the gateway's certificate is not reported yet (its node's gateway step)";
    const t = tlsFor(url, a.trust, learnt);
    if (typeof t === 'string') return t;
    const key = `${url} ${t.how}`;
    if (made?.key === key) return made.client;
    const c = createClient({
      baseUrl: url,
      username: a.username,
      password: a.password(),
      tls: t.tls,
      logger: { warn: (m, ctx) => a.log.warn(m, ctx ?? {}), debug: () => undefined },
    });
    if (c._tag === 'Left') return describeError(c.left);
    a.log.info('gateway trust', { gateway: url, trust: t.how });
    made = { key, client: c.right };
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
      if (typeof client === 'string') return { ok: false, error: client, unavailable: true };
      const t0 = now();
      const r = await gatewayPort(client).ensureStorageObjects(o);
      onCall('ensureStorageObjects', (now() - t0) / 1000, r.ok);
      return r;
    },
  };
}

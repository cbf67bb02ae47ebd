/**
 * The one pool sampler: a {@link StatsPort} over "the gateway client once it is up". The healer
 * samples through it, and so does the scheduler when healing is off (status, metrics and history
 * still show every pool) — the same `gatewayStats` path either way.
 */
import type { NodeId } from '@scaleio-framework/capacity';
import { failure } from '@scaleio-framework/healing';
import type { ScaleIOClient, Sds } from '@scaleio-framework/scaleio';
import { gatewayStats } from './gateway-stats.js';
import type { StatsPort } from './ports.js';

/** Options of {@link gatewayStatsWhenUp}. */
export interface GatewayWhenUpOptions {
  /** The gateway client once the gateway exists; undefined before. */
  readonly gateway: () => Pick<ScaleIOClient, 'run'> | undefined;
  /** The cloud node an SDS runs on; undefined = not ours (always, when only sampling). */
  readonly nodeOf?: (sds: Sds) => NodeId | undefined;
  readonly now: () => number;
}

/**
 * A {@link StatsPort} that answers "the gateway is not up yet" (retryable) until there is a
 * client, then reads through one `gatewayStats` per client (its topology cache kept).
 */
export const gatewayStatsWhenUp = (o: GatewayWhenUpOptions): StatsPort => {
  let cached: { client: Pick<ScaleIOClient, 'run'>; port: StatsPort } | undefined;
  const port = (): StatsPort | undefined => {
    const client = o.gateway();
    if (client === undefined) return undefined;
    if (cached?.client !== client)
      cached = {
        client,
        port: gatewayStats({ client, now: o.now, nodeOf: o.nodeOf ?? (() => undefined) }),
      };
    return cached.port;
  };
  const notUp = failure<never>('the gateway is not up yet', true);
  return {
    poolStats: async () => (await port()?.poolStats()) ?? notUp,
    addDeviceToSds: async (node, pool, path) =>
      (await port()?.addDeviceToSds(node, pool, path)) ?? notUp,
  };
};

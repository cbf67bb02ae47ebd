/**
 * A gce-sim with a manual clock driven by the provider's injected sleep (waits cost no real
 * time), the official client pointed at it, and credentials through Application Default
 * Credentials: `GCE_METADATA_HOST` names the sim's metadata server, so ADC finds "Compute Engine"
 * on loopback and never asks 169.254.169.254.
 */
import type { ClusterId } from '@scaleio-framework/capacity';
import { gceCapacityProvider } from '@scaleio-framework/gce-volumes';
import { manualClock } from '@scaleio-framework/testkit';
import { startGceSim, type GceSimOptions } from '../src/index.js';

/** A started sim and a provider factory for it. */
export const simWithProvider = async (opts: GceSimOptions = {}) => {
  const clock = manualClock();
  const sim = await startGceSim({ now: clock.now, ...opts });
  process.env['GCE_METADATA_HOST'] = sim.metadataHost;
  const timing = {
    now: clock.now,
    sleep: async (ms: number) => {
      clock.advance(ms);
      await new Promise((r) => setImmediate(r));
    },
    random: () => 0.5,
  };
  const provider = (cluster: string) =>
    gceCapacityProvider({
      cluster: cluster as ClusterId,
      endpoint: sim.url,
      timing,
      maxAttempts: 3,
    });
  return { sim, clock, provider };
};

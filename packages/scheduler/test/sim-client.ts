/** A gateway client for a scaleio-sim, with the simulator's own credentials. */
import { createClient } from '@scaleio-framework/scaleio';
import type { ScaleioSim } from '@scaleio-framework/scaleio-sim';

/** `createClient` for the simulator (an Either, as `createClient` returns). */
export const simClient = (sim: Pick<ScaleioSim, 'url' | 'credentials'>) =>
  createClient({
    baseUrl: sim.url,
    username: sim.credentials.username,
    password: sim.credentials.password,
  });

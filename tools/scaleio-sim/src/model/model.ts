import type { Clock, RandomHex } from '../clock.js';
import { createIdGen } from '../ids.js';
import { emptyComponentBook } from './components.js';
import type { Model } from './types.js';

/**
 * Creates an empty system: no MDM cluster yet, no objects.
 * @param clock - time source
 * @param random - hex source for ids
 */
export const createModel = (clock: Clock, random: RandomHex): Model => ({
  clock,
  random,
  ids: createIdGen(random),
  system: { id: random(8), installId: random(8), name: null, createdMs: clock() },
  mdm: null,
  nodes: new Map(),
  pds: new Map(),
  pools: new Map(),
  faultSets: new Map(),
  sdss: new Map(),
  devices: new Map(),
  volumes: new Map(),
  sdcs: new Map(),
  writers: [],
  components: emptyComponentBook(),
  generation: 1,
});

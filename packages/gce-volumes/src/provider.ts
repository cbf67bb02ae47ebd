/**
 * The GCE capacity provider: the `@scaleio-framework/capacity` contract implemented with Compute
 * Engine persistent disks through the official `@google-cloud/compute` client.
 */
import { right } from 'fp-ts/lib/Either.js';
import type { CapacityProvider } from '@scaleio-framework/capacity';
import { attach, detach } from './attach.js';
import { gceCapabilities } from './capabilities.js';
import { gceContext, type GceProviderOptions } from './context.js';
import { nodeCapacity } from './nodes.js';
import { deleteVolume, findByKey, getDisk, listOwned, provision, volumeOf } from './volumes.js';

/** Builds the provider; no call is made until an operation runs. */
export const gceCapacityProvider = (opts: GceProviderOptions): CapacityProvider => {
  const ctx = gceContext(opts);
  return {
    cluster: opts.cluster,
    capabilities: () => Promise.resolve(right(gceCapabilities)),
    describeNode: async (node) => {
      const r = await nodeCapacity(ctx, node);
      if (r._tag === 'Left') return r;
      const { view: _view, ...capacity } = r.right;
      return right(capacity);
    },
    provision: (req) => provision(ctx, req),
    attach: (volume, node) => attach(ctx, volume, node),
    describe: async (volume) => {
      const d = await getDisk(ctx, volume);
      return d._tag === 'Left' ? d : volumeOf(ctx, d.right);
    },
    findByKey: (key) => findByKey(ctx, key),
    detach: (volume, node) => detach(ctx, volume, node),
    delete: (volume) => deleteVolume(ctx, volume),
    listOwned: () => listOwned(ctx),
  };
};

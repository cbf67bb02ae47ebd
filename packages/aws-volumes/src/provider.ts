/**
 * The AWS capacity provider: the capacity contract implemented with EBS. Each operation is a
 * short sequence of lifecycle steps from `ebs.ts` (in `provider-volumes.ts` and
 * `provider-attach.ts`) over one {@link ProviderContext}; every EC2 failure goes through
 * `toProviderError`.
 */
import { right } from 'fp-ts/lib/Either.js';
import type { CapacityProvider } from '@scaleio-framework/capacity';
import { awsCapabilities } from './capabilities.js';
import { attachVolume } from './provider-attach.js';
import { providerContext, type AwsProviderOptions } from './provider-context.js';
import * as volumes from './provider-volumes.js';

export type { AwsProviderOptions } from './provider-context.js';

/** Builds the AWS capacity provider. */
export const awsCapacityProvider = (opts: AwsProviderOptions): CapacityProvider => {
  const pc = providerContext(opts);
  return {
    cluster: pc.cluster,
    capabilities: () => Promise.resolve(right(awsCapabilities)),
    describeNode: (node) => volumes.describeNode(pc, node),
    provision: (req) => volumes.provision(pc, req),
    attach: (volume, node) => attachVolume(pc, volume, node),
    describe: (volume) => volumes.describe(pc, volume),
    findByKey: (key) => volumes.findByKey(pc, key),
    detach: (volume, node) => volumes.detach(pc, volume, node),
    delete: (volume) => volumes.deleteVolume(pc, volume),
    listOwned: () => volumes.listOwned(pc),
  };
};

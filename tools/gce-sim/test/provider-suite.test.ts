/**
 * The capacity provider contract suite (from @scaleio-framework/capacity) run against the GCE
 * provider, with the official `@google-cloud/compute` client (REST transport) talking to gce-sim
 * over loopback: the same 12 cases as for the AWS provider
 * (tools/ec2-sim/test/provider-suite.test.ts). One sim serves every case (each case cleans up what
 * it made, and `keySalt` keeps its keys and request ids apart), because building the Compute
 * clients' stubs is the slow part of a case.
 */
import { test } from 'uvu';
import { providerSuite, type NodeId, type PositiveInt } from '@scaleio-framework/capacity';
import { simWithProvider } from './helpers.js';

type Shared = Awaited<ReturnType<typeof simWithProvider>>;
let shared: Promise<Shared> | undefined;
let made = 0;
const backend = () =>
  (shared ??= simWithProvider({
    timings: { createMs: 2000, attachMs: 3000, detachMs: 1500, deleteMs: 1000 },
    instances: [
      { name: 'sds-a1', zone: 'us-central1-a', machineType: 'n2-standard-4' },
      { name: 'sds-a2', zone: 'us-central1-a', machineType: 'n2-standard-4' },
      { name: 'sds-b1', zone: 'us-central1-b', machineType: 'n2-standard-4' },
      // A shared-core type (16 disks) with its boot disk and 11 data disks: 4 slots free.
      { name: 'sds-small', zone: 'us-central1-a', machineType: 'e2-micro', dataDisks: 11 },
    ],
  }));
const providers = new Map<string, ReturnType<Shared['provider']>>();

const cases = providerSuite(async () => {
  const { provider } = await backend();
  const of = (cluster: string) => {
    const p = providers.get(cluster) ?? provider(cluster);
    providers.set(cluster, p);
    return p;
  };
  return {
    provider: of('suite-main'),
    otherCluster: of('suite-other'),
    node: 'sds-a1' as NodeId,
    peer: 'sds-a2' as NodeId,
    otherZoneNode: 'sds-b1' as NodeId,
    smallNode: 'sds-small' as NodeId,
    spec: { sizeGiB: 10 as PositiveInt, volumeType: 'pd-balanced', encrypted: true },
    keySalt: `case${++made}`,
    close: async () => undefined,
  };
});

for (const c of cases) test(`gce-sim: ${c.name}`, c.run);
test.after(async () => {
  if (shared !== undefined) await (await shared).sim.stop();
});

test.run();

/**
 * The capacity provider contract suite (from @scaleio-framework/capacity) run against the AWS
 * provider, with the real SDK talking to ec2-sim over loopback. The sim clock is driven by the
 * provider's injected sleep, so waits cost no real time.
 */
import { test } from 'uvu';
import {
  providerSuite,
  type ClusterId,
  type NodeId,
  type PositiveInt,
} from '@scaleio-framework/capacity';
import { awsCapacityProvider } from '@scaleio-framework/aws-volumes';
import { manualClock, startEc2Sim } from '../src/index.js';
import { localEc2 } from './helpers.js';

const cases = providerSuite(async () => {
  const clock = manualClock();
  const sim = await startEc2Sim({
    now: clock.now,
    timings: { createMs: 2000, attachMs: 3000, detachMs: 1500, deleteMs: 1000 },
    instanceTypes: {
      'sim.small': {
        maximumEbsAttachments: 4,
        attachmentLimitType: 'dedicated',
        nvmeSupport: 'required',
      },
    },
    instances: [
      {
        instanceId: 'i-0000000000000a001',
        availabilityZone: 'us-east-1a',
        instanceType: 'm5.large',
      },
      {
        instanceId: 'i-0000000000000a002',
        availabilityZone: 'us-east-1a',
        instanceType: 'm5.large',
      },
      {
        instanceId: 'i-0000000000000b001',
        availabilityZone: 'us-east-1b',
        instanceType: 'm5.large',
      },
      {
        instanceId: 'i-0000000000000a003',
        availabilityZone: 'us-east-1a',
        instanceType: 'sim.small',
      },
    ],
  });
  const client = localEc2(sim.url, 1);
  const timing = {
    now: clock.now,
    sleep: async (ms: number) => clock.advance(ms),
    random: () => 0.5,
  };
  const provider = (cluster: string) =>
    awsCapacityProvider({ cluster: cluster as ClusterId, client, timing });
  return {
    provider: provider('suite-main'),
    otherCluster: provider('suite-other'),
    node: 'i-0000000000000a001' as NodeId,
    peer: 'i-0000000000000a002' as NodeId,
    otherZoneNode: 'i-0000000000000b001' as NodeId,
    smallNode: 'i-0000000000000a003' as NodeId,
    spec: { sizeGiB: 10 as PositiveInt, volumeType: 'gp3', encrypted: true },
    close: async () => {
      client.destroy();
      await sim.stop();
    },
  };
});

for (const c of cases) test(`ec2-sim: ${c.name}`, c.run);

test.run();

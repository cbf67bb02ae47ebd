/**
 * Benchmark script (not a test): N grows (provision + attach) of the AWS provider against
 * ec2-sim with realistic EC2 timings on a manual clock. Prints, per grow, the EC2 calls made and
 * the provider's latency beyond EC2's own (polling granularity), in simulated seconds, plus the
 * real wall time. Run: `npx tsx tools/ec2-sim/test/bench-grow.ts [grows]`.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import {
  deriveIdempotencyKey,
  type ClusterId,
  type NodeId,
  type PositiveInt,
} from '@scaleio-framework/capacity';
import { awsCapacityProvider } from '@scaleio-framework/aws-volumes';
import { manualClock, startEc2Sim } from '../src/index.js';
import { localEc2 } from './helpers.js';

const grows = Number(process.argv[2] ?? 20);
const timings = { createMs: 8000, attachMs: 5000, detachMs: 3000, deleteMs: 1000 };
const clock = manualClock();
const node = 'i-0be000000000000a1' as NodeId;
const cluster = 'bench' as ClusterId;
const sim = await startEc2Sim({
  now: clock.now,
  timings,
  instances: [{ instanceId: node, availabilityZone: 'us-east-1a', instanceType: 'r7i.48xlarge' }],
});
const client = localEc2(sim.url, 1);
const provider = awsCapacityProvider({
  cluster,
  client,
  timing: { now: clock.now, sleep: async (ms) => clock.advance(ms), random: Math.random },
});
const wall0 = performance.now();
const extra: number[] = [];
let calls = 0;
for (let seq = 0; seq < grows; seq++) {
  const before = sim.calls().length;
  const t0 = clock.now();
  const key = deriveIdempotencyKey({ cluster, pool: 'pd/sp', node, seq });
  const v = await provider.provision({
    key,
    node,
    spec: { sizeGiB: 100 as PositiveInt, volumeType: 'gp3', encrypted: true },
    tags: {},
  });
  if (isLeft(v)) throw new Error(v.left.message);
  const a = await provider.attach(v.right.id, node);
  if (isLeft(a)) throw new Error(a.left.message);
  extra.push((clock.now() - t0 - timings.createMs - timings.attachMs) / 1000);
  calls += sim.calls().length - before;
}
const wall = performance.now() - wall0;
extra.sort((x, y) => x - y);
console.log(
  `grows: ${grows} (create ${timings.createMs / 1000} s + attach ${timings.attachMs / 1000} s of simulated EC2 time each)`,
);
console.log(`EC2 calls per grow: ${(calls / grows).toFixed(1)}`);
console.log(
  `provider latency beyond EC2's own, simulated s: median ${extra[Math.floor(grows / 2)]?.toFixed(2)}, max ${extra.at(-1)?.toFixed(2)}`,
);
console.log(`real wall time per grow: ${(wall / grows).toFixed(1)} ms`);
client.destroy();
await sim.stop();

// Capacity healing at fleet scale (a script, not a test):
//   NODE_OPTIONS=--import=tsx node e2e/bench/healing-bench.ts [--nodes 1000] [--pools 20] [--intervals 15]
// scaleio-sim holds `--pools` protection domains with one storage pool each and `--nodes` SDSs
// spread over them (one 100 GiB device each), filled to between 50 % and 95 %; ec2-sim holds one
// instance per SDS host. Each sample interval the scheduler's real gateway adapter
// (`gatewayStats`, packages/scheduler) reads every pool, and the gateway's request journal counts
// the calls it made; then the healing core decides for every pool (`poolInput` → `planPool`,
// with the provider's node answers for the pools that need them, read once from ec2-sim through
// the real AWS provider beforehand, as the healer would read them) and the decisions are timed.
import { performance } from 'node:perf_hooks';
import { awsCapacityProvider } from '@scaleio-framework/aws-volumes';
import type { NodeId } from '@scaleio-framework/capacity';
import {
  afterDecision,
  afterSample,
  initialHealerState,
  percentFullOfFigures,
  planPool,
  poolInput,
  resolveHealingConfig,
  type HealingConfig,
  type NodeAnswer,
  type PoolStat,
} from '@scaleio-framework/healing';
import { startEc2Sim } from '@scaleio-framework/ec2-sim';
import {
  createClient,
  createProtectionDomain,
  createSds,
  createStoragePool,
  type StoragePoolId,
} from '@scaleio-framework/scaleio';
import { startScaleioSim } from '@scaleio-framework/scaleio-sim';
import { describeNodes, gatewayStats } from '@scaleio-framework/scheduler';
import { manualClock } from '@scaleio-framework/testkit';
import { pct } from './event-inprocess.js';

process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
const argv = process.argv.slice(2);
const flag = (name: string, def: number): number => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const NODES = flag('--nodes', 1000);
const POOLS = flag('--pools', 20);
const INTERVALS = flag('--intervals', 15);
const INTERVAL_MS = 30_000;
const GIB = 1024 ** 3;

const ok = <A>(r: { _tag: 'Left'; left: unknown } | { _tag: 'Right'; right: A }, what: string) => {
  if (r._tag === 'Left') throw new Error(`${what}: ${JSON.stringify(r.left)}`);
  return r.right;
};

const ipOf = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
const instanceOf = (n: number) => `i-0${String(n).padStart(16, '0')}` as NodeId;
const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

const clock = manualClock();
const sio = await startScaleioSim({ bootstrap: true, clock: clock.now });
const ec2 = await startEc2Sim({
  now: clock.now,
  instances: Array.from({ length: NODES }, (_, n) => ({
    instanceId: instanceOf(n),
    availabilityZone: zones[n % 3] as string,
    instanceType: 'm5.large',
  })),
});
try {
  const t0 = performance.now();
  const client = ok(
    createClient({ baseUrl: sio.url, ...sio.credentials, now: clock.now, timeoutMs: 60_000 }),
    'client',
  );
  const byIp = new Map<string, NodeId>();
  const pools: StoragePoolId[] = [];
  for (let p = 0; p < POOLS; p += 1) {
    const pd = ok(await client.run(createProtectionDomain({ name: `pd${p}` })), 'pd');
    const sp = ok(
      await client.run(
        createStoragePool({ name: `sp${p}`, protectionDomainId: pd, sparePercentage: 10 }),
      ),
      'pool',
    );
    pools.push(sp);
    for (let n = p; n < NODES; n += POOLS) {
      const ip = ipOf(n + 1);
      byIp.set(ip, instanceOf(n));
      sio.upsertNode({
        ip,
        sdsService: 'running',
        devices: [{ path: '/dev/sdb', sizeBytes: 100 * GIB }],
      });
      ok(
        await client.run(
          createSds({
            name: `sds-${n}`,
            protectionDomainId: pd,
            ips: [{ ip, role: 'all' }],
            devices: [{ path: '/dev/sdb', storagePoolId: sp }],
          }),
        ),
        `sds ${n}`,
      );
    }
  }
  // Pool p is filled to 50 % + p × 45 / (POOLS − 1) % of its usable capacity (90 % of raw).
  for (const [p, id] of pools.entries()) {
    const nodes = Math.ceil((NODES - p) / POOLS);
    const usable = nodes * 100 * GIB * 0.9;
    const share = 0.5 + (POOLS > 1 ? (0.45 * p) / (POOLS - 1) : 0);
    // Written bytes are net: a mirrored pool holds two copies (scaleio-sim's capacity arithmetic).
    ok(sio.addWrites({ storagePoolId: id, bytes: Math.floor((usable * share) / 2) }), 'fill');
  }
  console.log(
    `set up ${NODES} SDSs in ${POOLS} pools in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const stats = gatewayStats({
    client,
    now: clock.now,
    nodeOf: (s) => byIp.get(s.ipList[0]?.ip ?? ''),
  });
  const provider = awsCapacityProvider({
    cluster: 'bench' as never,
    endpoint: ec2.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    timing: { now: clock.now, sleep: async (ms) => clock.advance(ms), random: () => 0.5 },
  });
  const config: HealingConfig = ok(
    resolveHealingConfig({
      enabled: true,
      policy: { triggerPercent: 80, clearPercent: 70, consecutiveSamples: 3 },
    }) as never,
    'config',
  );
  let state = initialHealerState;
  const answers = new Map<string, ReadonlyArray<NodeAnswer>>();
  const sampleMs: number[] = [];
  const decideMs: number[] = [];
  const callsPerSample: string[] = [];
  let lastTags = '';
  let fills = '';
  for (let i = 0; i < INTERVALS; i += 1) {
    clock.advance(INTERVAL_MS);
    const journal = sio.requests().length;
    const s0 = performance.now();
    const read = await stats.poolStats();
    sampleMs.push(performance.now() - s0);
    const made = sio.requests().slice(journal);
    callsPerSample.push(made.map((r) => `${r.method} ${r.path}`).join(', '));
    if (!read.ok) throw new Error(read.error);
    if (read.value.length !== POOLS) throw new Error(`${read.value.length} pools read`);
    const nowMs = clock.now();
    if (i === 0)
      fills = read.value
        .map(
          (p) =>
            `${p.pool.key} ${percentFullOfFigures(p.figures).toFixed(0)} % (${p.nodes.length} nodes)`,
        )
        .join(', ');
    state = afterSample(state, read, nowMs, config).state;
    // The provider's answers for pools that need them, read as the healer would (outside the timing).
    for (const stat of read.value)
      if (
        !answers.has(stat.pool.key) &&
        planPool(poolInput(state, stat, config, nowMs))._tag === 'describeNodes'
      )
        answers.set(
          stat.pool.key,
          await describeNodes(
            provider,
            stat.nodes.map((n) => n.node),
          ),
        );
    const d0 = performance.now();
    const tags: string[] = [];
    for (const stat of read.value as PoolStat[]) {
      const input = poolInput(state, stat, config, nowMs);
      let plan = planPool(input);
      if (plan._tag === 'describeNodes') plan = planPool(input, answers.get(stat.pool.key) ?? []);
      if (plan._tag !== 'decided') continue;
      state = afterDecision(state, stat.pool.key, plan, nowMs, config).state;
      tags.push(plan.decision._tag);
    }
    decideMs.push(performance.now() - d0);
    lastTags = tags.join(' ');
  }
  const steadyCalls = callsPerSample.slice(1);
  console.log(
    `${NODES} nodes / ${POOLS} pools, ${INTERVALS} intervals of ${INTERVAL_MS / 1000} s:\n` +
      `  gateway calls: first sample [${callsPerSample[0]}], then per interval ${[...new Set(steadyCalls.map((c) => c.split(', ').length))].join('/')} call(s) [${steadyCalls[0]}]\n` +
      `  sample (one call, parse, pools with their nodes) p50 ${pct(sampleMs.slice(1), 50).toFixed(1)} ms, max ${Math.max(...sampleMs.slice(1)).toFixed(1)} ms\n` +
      `  decisions for all ${POOLS} pools p50 ${pct(decideMs, 50).toFixed(2)} ms, max ${Math.max(...decideMs).toFixed(2)} ms (target < 50 ms)\n` +
      `  pools: ${fills}\n` +
      `  last decisions: ${lastTags}`,
  );
} finally {
  await ec2.stop();
  await sio.stop();
}

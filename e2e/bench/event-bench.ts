// The scheduler's event handling at scale (a script, not a test):
//   NODE_OPTIONS="--import=tsx --expose-gc" node e2e/bench/event-bench.ts 10000 50000 \
//     [--rounds 9] [--per-offer 100] [--singles 1000] [--steady-seconds 60] [--discovery-interval 60]
//     [--in-process-only | --bundle-only]
// For each agent count, two measurements.
// In process (event-inprocess.ts): the scheduler's own path for one OFFERS event of every agent —
// RecordIO, typed decode, the Mesos channel, the core's decision, the DECLINE call encoded — against
// `JSON.parse` of the same bytes, in the same run, each after a full GC; and one-offer events.
// The bundle: the real scaleio-scheduler bundle as a process, subscribed to a fake Mesos master
// (fake-master.ts), with a state file that already holds a deployed cluster of that many agents
// (every step done), so each OFFERS event is the steady state: learn the agents, decide, answer
// every offer. The master writes one OFFERS event carrying one offer per agent and records the
// calls that come back; latency = from the event's write to the arrival of the call that answers
// the last of its offers (DECLINE or ACCEPT). Also per-offer events (one offer each, one after
// another), the process's RSS from /proc/<pid>/status (VmRSS now, VmHWM peak), and then the
// steady state: the master allocates as Mesos does (filters, SUPPRESS, REVIVE, heartbeats) for
// `--steady-seconds` while the scheduler runs with `--discovery-interval`; what it sent is counted.
import { readFileSync, writeFileSync } from 'node:fs';
import { encodeRecord } from '@scaleio-framework/mesos';
import { simulatedRuntime } from '@scaleio-framework/node-sim';
import {
  DeployState,
  defaultClusterSpec,
  emptyDeployState,
  observeAgents,
  type AgentFacts,
  type AgentId,
} from '@scaleio-framework/orchestrator';
import { document, openFileStore } from '@scaleio-framework/state';
import { makeTempDir } from '@scaleio-framework/testkit';
import { deployedNodeFlags, schedulerBundle, spawnScheduler } from '../src/scheduler.js';
import { inProcess, pct, type InProcessResult } from './event-inprocess.js';
import { fakeMaster } from './fake-master.js';

const FRAMEWORK = 'bench-framework-0000';
const argv = process.argv.slice(2);
const flag = (name: string, def: number): number => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const text = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const ROUNDS = flag('--rounds', 9);
/** Another scheduler bundle to measure (default: apps/framework/dist/bundle). */
const BUNDLE = text('--bundle') ?? schedulerBundle;
/**
 * Node flags for the scheduler process, space-separated (`--cpu-prof`, heap sizes); default: the
 * flags `deploy/marathon.json` runs it with (`--node-flags ""`: none).
 */
const NODE_FLAGS =
  text('--node-flags')
    ?.split(' ')
    .filter((f) => f !== '') ?? deployedNodeFlags;
const PER_OFFER = flag('--per-offer', 100);
const SINGLES = flag('--singles', 1000);
const STEADY_S = flag('--steady-seconds', 60);
/** The scheduler's `--discovery-interval` (its default: 60 s). */
const DISCOVERY_S = flag('--discovery-interval', 60);
const sizes = argv.filter((a, i) => /^\d+$/.test(a) && !argv[i - 1]?.startsWith('--')).map(Number);

/** The scheduler bundle as a process under plain node; resolves once its HTTP server listens. */
const startScheduler = async (args: readonly string[], env: Record<string, string>) => {
  const debug = process.env['EVENT_BENCH_DEBUG']
    ? (l: string) => console.error(`scheduler: ${l}`)
    : undefined;
  const p = await spawnScheduler(args, env, debug, {
    bundle: BUNDLE,
    nodeFlags: NODE_FLAGS,
    stopGraceMs: 10_000,
    readyTimeoutMs: 600_000,
  });
  return { pid: p.proc.pid as number, stop: p.stop };
};

const agentId = (i: number) => `bench-agent-S${i}`;
const hostOf = (i: number) => `agent-${i}.bench`;
const ipOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** A deployed cluster of `n` agents: roles chosen by the orchestrator, every step done. */
function deployedState(n: number): DeployState {
  const agents: AgentFacts[] = Array.from({ length: n }, (_, i) => ({
    agentId: agentId(i) as AgentId,
    hostname: hostOf(i),
    ip: ipOf(i),
    attributes: { rack: `r${i % 8}`, zone: `z${i % 3}` },
    resources: { cpus: 4, memMb: 7680 },
  }));
  const s = observeAgents(emptyDeployState(), agents, defaultClusterSpec);
  const nodes = Object.fromEntries(
    Object.entries(s.nodes).map(([id, node]) => [
      id,
      {
        ...node,
        steps: Object.fromEntries(
          Object.keys(node.steps).map((k) => [k, { status: 'done' as const, attempts: 0 }]),
        ),
      },
    ]),
  );
  return { ...s, nodes };
}

/** One offer as a Mesos master writes it (~1 KB of JSON). */
const offerWithId = (id: string, i: number) => ({
  id: { value: id },
  framework_id: { value: FRAMEWORK },
  agent_id: { value: agentId(i) },
  hostname: hostOf(i),
  url: {
    scheme: 'http',
    address: { hostname: hostOf(i), ip: ipOf(i), port: 5051 },
    path: '/slave(1)',
  },
  allocation_info: { role: 'scaleio' },
  resources: [
    ...(
      [
        ['cpus', 4],
        ['mem', 7680],
        ['disk', 51200],
      ] as const
    ).map(([name, value]) => ({
      name,
      type: 'SCALAR',
      scalar: { value },
      role: '*',
      allocation_info: { role: 'scaleio' },
    })),
    {
      name: 'ports',
      type: 'RANGES',
      ranges: { range: [{ begin: 31000, end: 32000 }] },
      role: '*',
      allocation_info: { role: 'scaleio' },
    },
  ],
  attributes: [
    { name: 'rack', type: 'TEXT', text: { value: `r${i % 8}` } },
    { name: 'zone', type: 'TEXT', text: { value: `z${i % 3}` } },
  ],
  executor_ids: [],
});
const offerId = (round: string, i: number) => `${FRAMEWORK}-O${round}-${i}`;
const offersRecord = (round: string, from: number, count: number): Buffer =>
  encodeRecord(
    JSON.stringify({
      type: 'OFFERS',
      offers: {
        offers: Array.from({ length: count }, (_, k) =>
          offerWithId(offerId(round, from + k), from + k),
        ),
      },
    }),
  );
/** The ids of an offers record, with their agents. */
const idsOf = (round: string, from: number, count: number): Map<string, number> =>
  new Map(Array.from({ length: count }, (_, k) => [offerId(round, from + k), from + k]));

const memory = (pid: number) => {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
};
const ms = (x: number) => `${x.toFixed(0)} ms`;
/**
 * CPU time the process has used, user + system, in ms (/proc/<pid>/stat fields 14 and 15, in
 * clock ticks of 1/100 s: `getconf CLK_TCK` on Linux x86-64). Unlike latency, it does not count
 * the time a loaded host kept the process waiting for a core.
 */
const cpuMs = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

const rows: string[] = [];
const ratio = (x: number) => `${x.toFixed(2)}×`;
for (const n of sizes.length ? sizes : [10_000, 50_000]) {
  const state = deployedState(n);
  const mb = (offersRecord('x', 0, n).length / 1e6).toFixed(1);
  const own: InProcessResult = argv.includes('--bundle-only')
    ? {
        floorMs: NaN,
        pathMs: NaN,
        ratio: NaN,
        rounds: [],
        stream: [],
        streamRatio: NaN,
        singleP50: NaN,
        singleP99: NaN,
        singles: 0,
      }
    : await inProcess({
        state,
        framework: FRAMEWORK,
        record: offersRecord,
        agents: n,
        rounds: ROUNDS,
        singles: SINGLES,
      });
  if (!argv.includes('--bundle-only'))
    console.log(
      `${n} agents, in process: OFFERS event of ${n} offers (${mb} MB) decoded + decided + answered ` +
        `p50 ${ms(own.pathMs)} vs JSON.parse ${ms(own.floorMs)}: ${ratio(own.ratio)} (median of per-round ratios; rounds ` +
        `${own.rounds.map((x) => `${x.path.toFixed(0)}/${x.floor.toFixed(0)}`).join(' ')}); ` +
        `as a stream of ${ROUNDS} events back to back: ${ratio(own.streamRatio)} (${own.stream.map((x) => `${x.path.toFixed(0)}/${x.floor.toFixed(0)}`).join(' ')}); ` +
        `one-offer events p50 ${own.singleP50.toFixed(3)} ms, p99 ${own.singleP99.toFixed(3)} ms (${own.singles})` +
        ((globalThis as { gc?: unknown }).gc === undefined
          ? ' [no --expose-gc: rounds unisolated]'
          : ''),
    );
  if (argv.includes('--in-process-only')) continue;
  const dir = makeTempDir('scaleio-event-bench-');
  const stateFile = dir.join('state.json');
  const store = await openFileStore({ path: stateFile });
  if (store._tag === 'Left') throw new Error(`state file: ${JSON.stringify(store.left)}`);
  const deploy = document(store.right, { key: 'deploy', codec: DeployState, schemaVersion: 1 });
  const seeded = await deploy.write(state, null);
  if (seeded._tag === 'Left') throw new Error(`seed: ${JSON.stringify(seeded.left)}`);
  await store.right.close();
  const master = await fakeMaster(FRAMEWORK, n, offerWithId);
  // The executor's runtime (node-sim's simulated glibc-217 archive) as a local file.
  const runtime = simulatedRuntime('glibc-217');
  writeFileSync(dir.join(runtime.file), runtime.bytes);
  const sumsFile = dir.join('SHA256SUMS');
  writeFileSync(sumsFile, `${'0'.repeat(64)}  none.deb\n`);
  const sched = await startScheduler(
    [
      '--master',
      master.url,
      '--executor-runtime-url',
      dir.join(runtime.file),
      '--executor-runtime-sha256',
      runtime.sha256,
      // No package is downloaded in this bench; the repository and its digests are still required.
      '--package-repo-url',
      'http://127.0.0.1:9/',
      '--package-sha256-file',
      sumsFile,
      '--state-file',
      stateFile,
      '--gateway-url',
      'https://127.0.0.1:9', // no gateway in this bench
      '--discovery-interval',
      String(DISCOVERY_S),
    ],
    // glibc allocator settings (`MALLOC_*`) reach the scheduler, to measure their effect on RSS.
    {
      SCALEIO_PASSWORD: 'bench-password',
      ...Object.fromEntries(
        Object.entries(process.env).filter(
          (e): e is [string, string] => e[0].startsWith('MALLOC_') && e[1] !== undefined,
        ),
      ),
    },
  );
  const pid = sched.pid;
  try {
    await master.ready;
    const idle = memory(pid);
    const cpuBefore = cpuMs(pid);
    const big: number[] = [];
    const calls: number[] = [];
    for (let r = -2; r < ROUNDS; r += 1) {
      const before = master.calls.length;
      const took = await master.offerAndWait(offersRecord(`r${r}`, 0, n), idsOf(`r${r}`, 0, n));
      if (r >= 0) {
        big.push(took);
        calls.push(master.calls.slice(before).filter((c) => c.offerIds.length > 0).length);
      }
      await new Promise((res) => setTimeout(res, 200));
    }
    const afterBig = memory(pid);
    const cpuPerBig = (cpuMs(pid) - cpuBefore) / (ROUNDS + 2);
    const small: number[] = [];
    for (let k = 0; k < PER_OFFER; k += 1) {
      const i = (k * 7919) % n;
      small.push(await master.offerAndWait(offersRecord(`p${k}`, i, 1), idsOf(`p${k}`, i, 1)));
    }
    const end = memory(pid);
    const steady = await master.steady(STEADY_S * 1000);
    const perMin = (x: number) => (x * 60) / STEADY_S;
    const events = Object.values(steady.events).reduce((a, b) => a + b, 0);
    const last = memory(pid);
    console.log(
      `${n} agents, the bundle: OFFERS event of ${n} offers answered in p50 ${ms(pct(big, 50))}, p99 ${ms(pct(big, 99))} ` +
        `(node flags: ${NODE_FLAGS.join(' ') || 'none'}; ${big.length} rounds: ${big.map((x) => x.toFixed(0)).join(' ')}; answering calls per event: ${[...new Set(calls)].join('/')}; CPU ${ms(cpuPerBig)} per event, user + system, ${ROUNDS + 2} events); ` +
        `one-offer events p50 ${ms(pct(small, 50))}, p99 ${ms(pct(small, 99))} (${small.length}, over loopback HTTP); ` +
        `RSS idle ${idle.rssMb.toFixed(0)} MB, after the big events ${afterBig.rssMb.toFixed(0)} MB, end ${end.rssMb.toFixed(0)} MB, ` +
        `after the steady window ${last.rssMb.toFixed(0)} MB, peak (VmHWM) ${last.hwmMb.toFixed(0)} MB; ` +
        `steady state over ${STEADY_S} s with --discovery-interval ${DISCOVERY_S}: ${JSON.stringify(steady.events)} ` +
        `= ${perMin(events).toFixed(1)} events/min, ${perMin(steady.offers).toFixed(0)} offers/min; calls ${JSON.stringify(steady.calls)}`,
    );
    rows.push(
      `| ${n} | ${ms(own.pathMs)} / ${ms(own.floorMs)} = ${ratio(own.ratio)}; stream ${ratio(own.streamRatio)} | ${own.singleP99.toFixed(2)} ms | ${ms(pct(big, 50))} / ${ms(pct(big, 99))} | ${ms(pct(small, 50))} / ${ms(pct(small, 99))} | ${afterBig.rssMb.toFixed(0)} MB | ${last.hwmMb.toFixed(0)} MB | ${perMin(events).toFixed(1)} (${perMin(steady.offers).toFixed(0)} offers) |`,
    );
  } finally {
    await sched.stop();
    await master.stop();
    dir.remove();
  }
}
console.log(
  [
    '| agents | in process: decode+decide / JSON.parse (p50) | one-offer p99 in process | bundle: OFFERS p50 / p99 | bundle: one-offer p50 / p99 | RSS after | peak RSS | steady events/min |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n'),
);

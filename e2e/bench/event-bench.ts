// The scheduler's event handling at scale (a script, not a test):
//   NODE_OPTIONS=--import=tsx node e2e/bench/event-bench.ts 10000 50000 [--rounds 9] [--per-offer 100]
// For each agent count: the real scaleio-scheduler bundle as a process, subscribed to a minimal
// fake Mesos master written here, with a state file that already holds a deployed cluster of that
// many agents (every step done), so each OFFERS event is the steady state: learn the agents, decide,
// answer every offer. The master writes one OFFERS event carrying one offer per agent and records
// the calls that come back; latency = from the event's write to the arrival of the call that
// answers the last of its offers (DECLINE or ACCEPT). Also per-offer events (one offer each, one
// after another), and the process's RSS from /proc/<pid>/status (VmRSS now, VmHWM peak).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
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
import { schedulerBundle, spawnScheduler } from '../src/scheduler.js';

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
/** Node flags for the scheduler process, space-separated (`--cpu-prof`, heap sizes). */
const NODE_FLAGS = (text('--node-flags') ?? '').split(' ').filter((f) => f !== '');
const PER_OFFER = flag('--per-offer', 100);
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
const offer = (round: string, i: number) => ({
  id: { value: `${FRAMEWORK}-O${round}-${i}` },
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
const offersRecord = (round: string, from: number, count: number): Buffer =>
  encodeRecord(
    JSON.stringify({
      type: 'OFFERS',
      offers: { offers: Array.from({ length: count }, (_, k) => offer(round, from + k)) },
    }),
  );

interface CallSeen {
  readonly type: string;
  readonly at: number;
  readonly offerIds: readonly string[];
}

/** A fake master: one subscription, records every call with its arrival time. */
async function fakeMaster() {
  let stream: ServerResponse | undefined;
  let subscribed: () => void = () => undefined;
  const ready = new Promise<void>((r) => (subscribed = r));
  const waiters = new Set<() => void>();
  const calls: CallSeen[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const at = performance.now();
      const call = JSON.parse(Buffer.concat(parts).toString('utf8')) as {
        type: string;
        decline?: { offer_ids: { value: string }[] };
        accept?: { offer_ids: { value: string }[] };
      };
      if (call.type === 'SUBSCRIBE') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Mesos-Stream-Id': 'bench-1' });
        res.write(
          encodeRecord(
            JSON.stringify({
              type: 'SUBSCRIBED',
              subscribed: { framework_id: { value: FRAMEWORK }, heartbeat_interval_seconds: 15 },
            }),
          ),
        );
        stream = res;
        subscribed();
        return;
      }
      const ids = (call.decline ?? call.accept)?.offer_ids.map((o) => o.value) ?? [];
      calls.push({ type: call.type, at, offerIds: ids });
      res.writeHead(202).end();
      for (const w of waiters) w();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const heartbeat = setInterval(
    () => stream?.write(encodeRecord(JSON.stringify({ type: 'HEARTBEAT' }))),
    10_000,
  );
  /** Writes a record; resolves with the ms until every id in `ids` was answered. */
  const offerAndWait = (record: Buffer, ids: ReadonlySet<string>): Promise<number> =>
    new Promise((resolve) => {
      const from = calls.length;
      let left = ids.size;
      let seen = from;
      const check = () => {
        for (; seen < calls.length; seen += 1)
          for (const id of (calls[seen] as CallSeen).offerIds) if (ids.has(id)) left -= 1;
        if (left <= 0) {
          waiters.delete(check);
          resolve((calls[seen - 1] as CallSeen).at - t0);
        }
      };
      waiters.add(check);
      const t0 = performance.now();
      (stream as ServerResponse).write(record);
    });
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    ready,
    calls,
    offerAndWait,
    stop: () => {
      clearInterval(heartbeat);
      stream?.end();
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const memory = (pid: number) => {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
};
const pct = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;

const rows: string[] = [];
for (const n of sizes.length ? sizes : [10_000, 50_000]) {
  const dir = makeTempDir('scaleio-event-bench-');
  const stateFile = dir.join('state.json');
  const store = await openFileStore({ path: stateFile });
  if (store._tag === 'Left') throw new Error(`state file: ${JSON.stringify(store.left)}`);
  const deploy = document(store.right, { key: 'deploy', codec: DeployState, schemaVersion: 1 });
  const seeded = await deploy.write(deployedState(n), null);
  if (seeded._tag === 'Left') throw new Error(`seed: ${JSON.stringify(seeded.left)}`);
  await store.right.close();
  const master = await fakeMaster();
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
      '3600',
    ],
    { SCALEIO_PASSWORD: 'bench-password' },
  );
  const pid = sched.pid;
  try {
    await master.ready;
    const idle = memory(pid);
    const big: number[] = [];
    const calls: number[] = [];
    for (let r = -2; r < ROUNDS; r += 1) {
      const record = offersRecord(`r${r}`, 0, n);
      const ids = new Set(Array.from({ length: n }, (_, i) => `${FRAMEWORK}-Or${r}-${i}`));
      const before = master.calls.length;
      const took = await master.offerAndWait(record, ids);
      if (r >= 0) {
        big.push(took);
        calls.push(master.calls.slice(before).filter((c) => c.offerIds.length > 0).length);
      }
      await new Promise((res) => setTimeout(res, 200));
    }
    const afterBig = memory(pid);
    const small: number[] = [];
    for (let k = 0; k < PER_OFFER; k += 1) {
      const i = (k * 7919) % n;
      const took = await master.offerAndWait(
        offersRecord(`p${k}`, i, 1),
        new Set([`${FRAMEWORK}-Op${k}-${i}`]),
      );
      small.push(took);
    }
    const end = memory(pid);
    const mb = (offersRecord('x', 0, n).length / 1e6).toFixed(1);
    console.log(
      `${n} agents: OFFERS event of ${n} offers (${mb} MB) answered in p50 ${ms(pct(big, 50))}, p99 ${ms(pct(big, 99))} ` +
        `(${big.length} rounds: ${big.map((x) => x.toFixed(0)).join(' ')}; answering calls per event: ${[...new Set(calls)].join('/')}); ` +
        `one-offer events p50 ${ms(pct(small, 50))}, p99 ${ms(pct(small, 99))} (${small.length}); ` +
        `RSS idle ${idle.rssMb.toFixed(0)} MB, after the big events ${afterBig.rssMb.toFixed(0)} MB, end ${end.rssMb.toFixed(0)} MB, peak (VmHWM) ${end.hwmMb.toFixed(0)} MB`,
    );
    rows.push(
      `| ${n} | ${ms(pct(big, 50))} | ${ms(pct(big, 99))} | ${ms(pct(small, 50))} | ${ms(pct(small, 99))} | ${afterBig.rssMb.toFixed(0)} MB | ${end.hwmMb.toFixed(0)} MB |`,
    );
  } finally {
    await sched.stop();
    await master.stop();
    dir.remove();
  }
}
console.log(
  [
    '| agents | OFFERS (all agents) p50 | p99 | one-offer event p50 | p99 | RSS after | peak RSS |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n'),
);

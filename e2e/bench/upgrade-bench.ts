// Rolling-upgrade wall time per node, in the simulator (a script, not a test):
//   NODE_OPTIONS=--import=tsx node e2e/bench/upgrade-bench.ts [agents=5] [--time-scale 0.5]
// Fresh simulators (node-sim waiting each tool's modelled real duration times the time scale,
// mesos-sim's allocation interval scaled alike), the real scheduler bundle deploying ScaleIO
// 2.0-10000.2072 with a 5-node MDM cluster, then restarted with `--scaleio-version 2.0-13000.211`.
// Prints the time from the restarted scheduler's ready line to "upgrade finished", per node and
// per step kind (from the status's step times), and how much of it the package tools themselves
// took (node-sim's records of `rpm`/`dpkg` during the upgrade).
import { startSimCluster } from '../src/cluster.js';
import { deployed, schedulerRun, waitFor } from '../src/deploy.js';
import { waitForUpgrade } from '../src/upgrade.js';

const argv = process.argv.slice(2);
const ts = argv.indexOf('--time-scale');
const timeScale = ts < 0 ? 0.5 : Number(argv[ts + 1]);
if (!(timeScale > 0)) throw new Error('--time-scale needs a number > 0');
const agents = Number(argv.find((a, i) => i !== ts + 1 && /^\d+$/.test(a)) ?? 5);
const s1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const c = await startSimCluster({
  agents,
  os: ['centos-7', 'ubuntu-20.04'],
  timeScale,
  timing: { allocationMs: Math.max(50, Math.round(1000 * timeScale)) },
});
const run = schedulerRun(c);
let sched = await run.start(['--mdm-count', '5', '--placement-expected-agents', String(agents)]);
try {
  await waitFor(sched.url, deployed, 60 * 60_000);
  await sched.stop();
  const since = new Date().toISOString();
  sched = await run.start([
    '--mdm-count',
    '5',
    '--placement-expected-agents',
    String(agents),
    '--scaleio-version',
    '2.0-13000.211',
  ]);
  const t0 = Date.now();
  const u = await waitForUpgrade(sched.url, (x) => x.state === 'finished', 60 * 60_000);
  const wall = Date.now() - t0;
  const byPhase = new Map<string, number[]>();
  for (const s of u.steps)
    if (s.startedAtMs !== null && s.finishedAtMs !== null)
      byPhase.set(s.phase, [...(byPhase.get(s.phase) ?? []), s.finishedAtMs - s.startedAtMs]);
  let toolMs = 0;
  for (const host of c.hostnames) {
    const n = c.nodes.node(c.nodeIdOf(host));
    if (n._tag === 'Left') continue;
    const calls = n.right.calls();
    if (calls._tag === 'Left') continue;
    for (const k of calls.right)
      if ((k.tool === 'rpm' || k.tool === 'dpkg') && k.startedAt >= since) toolMs += k.durationMs;
  }
  console.log(
    `${agents} agents, time scale ${timeScale}: ${u.total} steps, ${s1(wall)} ready → finished, ${s1(wall / agents)} per node; package tools ${s1(toolMs)} of it`,
  );
  for (const [phase, ms] of byPhase)
    console.log(
      `  ${phase}: ${ms.length} steps, mean ${s1(ms.reduce((a, b) => a + b, 0) / ms.length)} start → done`,
    );
} finally {
  await sched.stop();
  await c.stop();
  run.cleanup();
}

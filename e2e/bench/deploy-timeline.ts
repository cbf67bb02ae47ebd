// Per-step timeline of one simulated deploy and the fake-tool calls it made (a profiling
// script, not a test): when each step was first and last seen, calls per node by tool.
//   NODE_OPTIONS=--import=tsx node e2e/bench/deploy-timeline.ts 10
import { startSimCluster } from '../src/cluster.js';
import { schedulerRun } from '../src/deploy.js';
import { readStatus } from '../src/deploy-watch.js';

const n = Number(process.argv[2] ?? 10);
const c = await startSimCluster({ agents: n });
const run = schedulerRun(c);
const t0 = Date.now();
const sched = await run.start();
const first = new Map<string, number>();
const last = new Map<string, number>();
try {
  for (;;) {
    const s = await readStatus(sched.url);
    const t = (Date.now() - t0) / 1000;
    for (const node of s?.nodes ?? []) {
      const k = `${node.step}`;
      if (!first.has(k)) first.set(k, t);
      last.set(k, t);
    }
    if (s?.deploy?.complete) break;
    if (t > 1800) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(`total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const { readFileSync } = await import('node:fs');
  const byTool = new Map<string, number>();
  let calls = 0;
  for (const h of c.hostnames) {
    const host = c.nodes.hostFor(c.nodeIdOf(h));
    if (host._tag === 'Left') continue;
    const lines = readFileSync(`${host.right.root}/sim/calls.jsonl`, 'utf8').trim().split('\n');
    calls += lines.length;
    for (const l of lines) {
      const tool = (JSON.parse(l) as { tool: string }).tool;
      byTool.set(tool, (byTool.get(tool) ?? 0) + 1);
    }
  }
  console.log(
    `tool calls ${calls} (${(calls / n).toFixed(1)} per node)`,
    [...byTool].sort((a, b) => b[1] - a[1]),
  );
  for (const [k, v] of first)
    console.log(`${k.padEnd(20)} first ${v.toFixed(1)}  last ${last.get(k)?.toFixed(1)}`);
} finally {
  await sched.stop();
  await c.stop();
  run.cleanup();
}

// Deploy wall time in the simulator for several cluster sizes (a script, not a test).
//   NODE_OPTIONS=--import=tsx node e2e/bench/deploy-bench.ts 3 10 50
// Each size: fresh simulators, the real scheduler bundle, time from start to "deploy complete".
import { startSimCluster } from '../src/cluster.js';
import { deployed, schedulerRun, waitFor } from '../src/deploy.js';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const rows: string[] = [];
for (const n of sizes.length ? sizes : [3, 10]) {
  const c = await startSimCluster({ agents: n });
  const run = schedulerRun(c);
  const t0 = Date.now();
  const sched = await run.start();
  try {
    await waitFor(sched.url, deployed, 30 * 60_000);
    const s = (Date.now() - t0) / 1000;
    rows.push(
      `| ${n} | ${s.toFixed(1)} s | ${c.scaleio.state().sdss.length} SDSs, ${c.scaleio.state().sdcs.length} SDCs |`,
    );
    console.log(rows.at(-1));
  } finally {
    await sched.stop();
    await c.stop();
    run.cleanup();
  }
}
console.log(['| agents | deploy wall time | end state |', '|---|---|---|', ...rows].join('\n'));

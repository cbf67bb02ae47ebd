// Deploy wall time in the simulator for several cluster sizes (a script, not a test).
//   NODE_OPTIONS=--import=tsx node e2e/bench/deploy-bench.ts 3 10 50 [-- scheduler flags...]
// Each size: fresh simulators, the real scheduler bundle, time from start to "deploy complete",
// and to the moment every step but the rolling agent restart was done. Scheduler flags after
// `--` are passed on (e.g. `-- --max-concurrent-restarts 4`).
import { startSimCluster } from '../src/cluster.js';
import { deployed, schedulerRun, waitFor } from '../src/deploy.js';
import type { StatusDoc } from '../src/deploy-watch.js';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const sizes = (dash < 0 ? argv : argv.slice(0, dash)).map(Number).filter((n) => n > 0);
const extra = dash < 0 ? [] : argv.slice(dash + 1);
const rows: string[] = [];
const beforeRestart = (s: StatusDoc) =>
  (s.nodes ?? []).length > 0 &&
  (s.nodes ?? []).every((n) => n.step === 'agent-restart' || n.step === 'done');
for (const n of sizes.length ? sizes : [3, 10]) {
  const c = await startSimCluster({ agents: n });
  const run = schedulerRun(c);
  const t0 = Date.now();
  const sched = await run.start(extra);
  let installed: number | undefined;
  try {
    await waitFor(
      sched.url,
      (s) => {
        if (installed === undefined && beforeRestart(s)) installed = Date.now() - t0;
        return deployed(s);
      },
      30 * 60_000,
    );
    const s = (Date.now() - t0) / 1000;
    rows.push(
      `| ${n} | ${s.toFixed(1)} s | ${((installed ?? 0) / 1000).toFixed(1)} s | ${c.scaleio.state().sdss.length} SDSs, ${c.scaleio.state().sdcs.length} SDCs |`,
    );
    console.log(rows.at(-1));
  } finally {
    await sched.stop();
    await c.stop();
    run.cleanup();
  }
}
console.log(
  [
    `scheduler flags: ${extra.join(' ') || '(defaults)'}`,
    '| agents | deploy wall time | all but the rolling restart | end state |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n'),
);

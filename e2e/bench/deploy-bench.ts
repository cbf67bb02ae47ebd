// Deploy wall time against its critical path, in the simulator, for several cluster sizes (a
// script, not a test):
//   NODE_OPTIONS=--import=tsx node e2e/bench/deploy-bench.ts 3 10 50 200 [--time-scale 1] [-- scheduler flags...]
// Each size: fresh simulators (node-sim waiting each tool's modelled real duration times the time
// scale, mesos-sim's allocation interval scaled alike), the real scheduler bundle, the time from
// its ready line to "deploy complete"; then the critical-path lower bound from the plan and the modelled
// durations of the steps as they ran (deploy-profile.ts), their ratio, and node-sim's own
// overhead (Mesos messages are not validated against the protos here: that is the tests' check).
// Scheduler flags after `--` are passed on (e.g. `-- --max-concurrent-restarts 1`).
import { startSimCluster } from '../src/cluster.js';
import { deployed, schedulerRun, waitFor } from '../src/deploy.js';
import { defaultClusterSpec } from '@scaleio-framework/orchestrator';
import { boundOf, deployStateIn, profileDeploy, wrapperRoundTripMs } from './deploy-profile.js';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const own = dash < 0 ? argv : argv.slice(0, dash);
const extra = dash < 0 ? [] : argv.slice(dash + 1);
const ts = own.indexOf('--time-scale');
const timeScale = ts < 0 ? 1 : Number(own[ts + 1]);
if (!(timeScale > 0)) throw new Error('--time-scale needs a number > 0');
const sizes = own
  .filter((_, i) => ts < 0 || (i !== ts && i !== ts + 1))
  .map(Number)
  .filter((n) => n > 0);
const mcr = extra.indexOf('--max-concurrent-restarts');
const spec = {
  mode: 'full' as const,
  maxConcurrentRestarts:
    mcr < 0 ? defaultClusterSpec.maxConcurrentRestarts : Number(extra[mcr + 1]),
};
const s1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rows: string[] = [];
for (const n of sizes.length ? sizes : [3, 10]) {
  // The master's allocation interval (1 s, `--allocation_interval`) is time like the tools': scaled
  // alike, so that the figure is about the scheduler and not the ratio of two time bases.
  const c = await startSimCluster({
    agents: n,
    timeScale,
    validateWire: false,
    timing: { allocationMs: Math.max(50, Math.round(1000 * timeScale)) },
  });
  const run = schedulerRun(c);
  // The operator knows the cluster's size: MDM roles are placed once every agent is seen, not
  // after the settle window (`--placement-expected-agents`; the window is no plan step).
  const sched = await run.start(
    extra.includes('--placement-expected-agents')
      ? extra
      : ['--placement-expected-agents', String(n), ...extra],
  );
  // From the scheduler's ready line: loading its bundle is no part of the deploy.
  const t0 = Date.now();
  try {
    await waitFor(sched.url, deployed, 60 * 60_000);
    const wall = Date.now() - t0;
    const state = deployStateIn(run.stateFile);
    if (state === undefined) throw new Error('no deploy state in the state file');
    const p = profileDeploy(c);
    const cp = boundOf(state, spec, p);
    const seen = boundOf(state, spec, p, 'observed');
    const rt = await wrapperRoundTripMs(c);
    const sdss = c.scaleio.state().sdss.length;
    const sdcs = c.scaleio.state().sdcs.length;
    rows.push(
      [
        '',
        n,
        s1(wall),
        `${s1(cp.totalMs)} (install ${s1(cp.installMs)}, restarts ${s1(cp.restartMs)})`,
        (wall / cp.totalMs).toFixed(2),
        `${s1(seen.totalMs)}: ${(wall / seen.totalMs).toFixed(2)}`,
        `${p.calls} calls, ${rt.toFixed(0)} ms each; ${s1(p.serverMs)} in its server; busiest node ${p.busiestNodeCalls} calls`,
        `${sdss} SDSs, ${sdcs} SDCs`,
        '',
      ]
        .join(' | ')
        .trim(),
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
    `time scale ${timeScale}; scheduler flags: ${extra.join(' ') || '(defaults)'}`,
    '| agents | wall | critical path (modelled) | wall / critical path | critical path of the steps as they ran: wall / it | node-sim overhead | end state |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n'),
);

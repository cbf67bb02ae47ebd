// Deploy wall time against its critical path, in the simulator, for several cluster sizes (a
// script, not a test):
//   NODE_OPTIONS=--import=tsx node e2e/bench/deploy-bench.ts 3 10 50 200 [--time-scale 1] [--sim-tmpdir DIR|disk] [-- scheduler flags...]
// Each size: fresh simulators (node-sim waiting each tool's modelled real duration times the time
// scale, mesos-sim's allocation interval scaled alike), the real scheduler bundle, the time from
// its ready line to "deploy complete"; then the critical-path lower bound from the plan and the modelled
// durations of the steps as they ran (deploy-profile.ts), their ratio, and node-sim's own
// overhead (Mesos messages are not validated against the protos here: that is the tests' check).
// Scheduler flags after `--` are passed on (e.g. `-- --max-concurrent-restarts 1`).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startSimCluster } from '../src/cluster.js';
import { deployed, schedulerRun, waitFor } from '../src/deploy.js';
import { defaultClusterSpec } from '@scaleio-framework/orchestrator';
import { exposedValue } from '@scaleio-framework/testkit';
import {
  boundOf,
  deployStateIn,
  commOf,
  descendants,
  nodeSimOnCriticalPathMs,
  procCpu,
  profileDeploy,
  wrapperRoundTripMs,
} from './deploy-profile.js';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const own = dash < 0 ? argv : argv.slice(0, dash);
const extra = dash < 0 ? [] : argv.slice(dash + 1);
const valueOf = (flag: string): string | undefined => {
  const i = own.indexOf(flag);
  return i < 0 ? undefined : own[i + 1];
};
const timeScale = Number(valueOf('--time-scale') ?? 1);
if (!(timeScale > 0)) throw new Error('--time-scale needs a number > 0');
// Where the simulators keep their files (node roots, agent sandboxes): a RAM file system when the
// host has one, so that their many small synchronous writes and renames do not queue behind other
// work's disk I/O (they are the simulated world's bookkeeping, not the deploy). `--sim-tmpdir
// disk` keeps the default temporary directory. The scheduler's own state file stays on disk.
const simTmpArg = valueOf('--sim-tmpdir') ?? (existsSync('/dev/shm') ? '/dev/shm' : 'disk');
const simTmp = simTmpArg === 'disk' ? undefined : mkdtempSync(join(simTmpArg, 'deploy-bench-'));
const sizes = own
  .filter((a, i) => !a.startsWith('--') && !own[i - 1]?.startsWith('--'))
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
  const tmpBefore = process.env['TMPDIR'];
  if (simTmp !== undefined) process.env['TMPDIR'] = simTmp;
  const c = await startSimCluster({
    agents: n,
    timeScale,
    validateWire: false,
    timing: { allocationMs: Math.max(50, Math.round(1000 * timeScale)) },
  }).finally(() => {
    if (tmpBefore === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = tmpBefore;
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
  // How late the simulators' process ran its callbacks (its event loop's delay) during the deploy.
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  // CPU time during the deploy, by process (what each part of the simulated world cost; the
  // host's speed under load still scales it from run to run): this process (the simulators), the
  // scheduler, and the rest (executors, the steps' shells and tool wrappers, the fetcher's tar:
  // this process's other descendants).
  const schedPid = new Set([sched.proc.pid ?? -1]);
  const worldCpu = () =>
    descendants(process.pid, schedPid).reduce((n, p) => {
      const c = procCpu(p);
      return n + c.self + c.children;
    }, procCpu(process.pid).children);
  const cpu0 = { sims: process.cpuUsage(), sched: procCpu(sched.proc.pid), world: worldCpu() };
  try {
    await waitFor(sched.url, deployed, 60 * 60_000);
    const wall = Date.now() - t0;
    lag.disable();
    const simsCpu = process.cpuUsage(cpu0.sims);
    const schedNow = procCpu(sched.proc.pid);
    if (process.env['DEPLOY_BENCH_CPU_BY_COMMAND'] === '1') {
      const by = new Map<string, [number, number, number]>();
      for (const p of descendants(process.pid, schedPid)) {
        const c = procCpu(p);
        const k = commOf(p);
        const x = by.get(k) ?? [0, 0, 0];
        by.set(k, [x[0] + 1, x[1] + c.self, x[2] + c.children]);
      }
      for (const [k, [n, self, ch]] of by)
        console.log(
          `  ${k}: ${n} live, ${self.toFixed(1)} s own, ${ch.toFixed(1)} s reaped children`,
        );
    }
    const cpu = {
      sims: (simsCpu.user + simsCpu.system) / 1e6,
      sched: schedNow.self + schedNow.children - cpu0.sched.self - cpu0.sched.children,
      world: worldCpu() - cpu0.world,
    };
    const state = deployStateIn(run.stateFile);
    if (state === undefined) throw new Error('no deploy state in the state file');
    const p = profileDeploy(c);
    const cp = boundOf(state, spec, p);
    const seen = boundOf(state, spec, p, 'observed');
    const rt = await wrapperRoundTripMs(c);
    // The "measure and subtract": node-sim's own overhead on the critical path.
    const simMs = nodeSimOnCriticalPathMs(state, spec, p, rt, cp.totalMs);
    const sdss = c.scaleio.state().sdss.length;
    const sdcs = c.scaleio.state().sdcs.length;
    rows.push(
      [
        '',
        n,
        s1(wall),
        `${s1(cp.totalMs)} (install ${s1(cp.installMs)}, restarts ${s1(cp.restartMs)})`,
        (wall / cp.totalMs).toFixed(2),
        `${s1(simMs)}: ${((wall - simMs) / cp.totalMs).toFixed(2)}`,
        `${s1(seen.totalMs)}: ${(wall / seen.totalMs).toFixed(2)}`,
        `${p.calls} calls, ${rt.toFixed(0)} ms each; ${s1(p.serverMs)} in its server; busiest node ${p.busiestNodeCalls} calls`,
        `${sdss} SDSs, ${sdcs} SDCs`,
        '',
      ]
        .join(' | ')
        .trim(),
    );
    console.log(rows.at(-1));
    console.log(
      `  CPU during the deploy: simulators ${s1(cpu.sims * 1000)}, scheduler ${s1(cpu.sched * 1000)}, executors and their tools ${s1(cpu.world * 1000)} (wall ${s1(wall)})`,
    );
    // The scheduler core's own load, from its /metrics: turns, events per turn, state saves.
    const metrics = await (await fetch(`${sched.url}/metrics`)).text();
    const sample = (series: string): number => exposedValue(metrics, series) ?? NaN;
    const turns = sample('scaleio_turn_events_count');
    const saves = sample('scaleio_state_save_seconds_count{outcome="ok"}');
    const events = sample('scaleio_event_wait_seconds_count');
    console.log(
      `  scheduler core: ${events} events in ${turns} turns (${(events / turns).toFixed(1)} per turn), ${saves} state saves of ${((sample('scaleio_state_save_seconds_sum{outcome="ok"}') * 1000) / saves).toFixed(1)} ms mean, events waited ${((sample('scaleio_event_wait_seconds_sum') * 1000) / events).toFixed(1)} ms mean`,
    );
    console.log(
      `  simulators' event loop delay: mean ${(lag.mean / 1e6).toFixed(1)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms, max ${(lag.max / 1e6).toFixed(0)} ms`,
    );
    // Where node-sim's server time went, by tool (mean and worst call beyond its modelled wait).
    console.log(
      [...p.serverByTool]
        .sort((a, b) => b[1].ms - a[1].ms)
        .map(
          ([tool, x]) =>
            `  ${tool}: ${x.calls} calls, ${s1(x.ms)} (${(x.ms / x.calls).toFixed(0)} ms mean, ${x.maxMs.toFixed(0)} ms worst)`,
        )
        .join('\n'),
    );
  } finally {
    await sched.stop();
    await c.stop();
    run.cleanup();
  }
}
if (simTmp !== undefined) rmSync(simTmp, { recursive: true, force: true });
console.log(
  [
    `time scale ${timeScale}; simulators' files in ${simTmp === undefined ? 'the default temporary directory' : simTmpArg}; scheduler flags: ${extra.join(' ') || '(defaults)'}`,
    '| agents | wall | critical path (modelled) | wall / critical path | node-sim on the critical path: (wall - it) / critical path | critical path of the steps as they ran: wall / it | node-sim overhead | end state |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n'),
);

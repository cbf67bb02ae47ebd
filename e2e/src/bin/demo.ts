#!/usr/bin/env node
// npm run demo: a bare simulated Mesos cluster of 5 agents, the simulated ScaleIO gateway and
// hosts, and the real scheduler binary, which deploys ScaleIO onto it. Progress is printed as
// it goes; `--once` exits as soon as the deploy is complete (non-zero on failure or time-out)
// and prints the final state as JSON on its last line.
import { makeTempDir } from '@scaleio-framework/testkit';
import { startSimCluster } from '../cluster.js';
import { progressLine, readStatus } from '../deploy-watch.js';
import { spawnScheduler } from '../scheduler.js';
import { finalReport } from '../report.js';

const args = process.argv.slice(2);
const once = args.includes('--once');
const agents = Number(args[args.indexOf('--agents') + 1] ?? '') || 5;
const limitSec = Number(args[args.indexOf('--timeout') + 1] ?? '') || 600;
const verbose = args.includes('--verbose');
const say = (s: string) => process.stderr.write(`${s}\n`);

const work = makeTempDir('scaleio-demo-');
say(`starting the simulators: Mesos master + ${agents} agents, ScaleIO gateway, ${agents} hosts`);
const cluster = await startSimCluster({ agents });
say(`mesos master:    ${cluster.mesos.url}`);
say(`scaleio gateway: ${cluster.scaleio.url}`);
const sched = await spawnScheduler(
  [
    '--master',
    cluster.mesos.url,
    '--gateway-url',
    cluster.scaleio.url,
    '--package-repo-url',
    cluster.nodes.repoUrl,
    '--state-file',
    work.join('state.json'),
    '--mdm-min-cpus',
    '1',
    '--mdm-min-mem-mb',
    '1024',
  ],
  { SCALEIO_PASSWORD: cluster.password },
  verbose ? (l) => say(`  scheduler| ${l}`) : undefined,
);
say(
  `scheduler:       ${sched.url}  (status: ${sched.url}/api/v1/status, dashboard: ${sched.url}/)`,
);

let code = 0;
const started = Date.now();
let last = '';
const cleanup = async () => {
  await sched.stop();
  await cluster.stop();
  work.remove();
};
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.once(sig, () => void cleanup().then(() => process.exit(130)));

for (;;) {
  const s = await readStatus(sched.url);
  const line = progressLine(s);
  if (line !== last) say(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
  last = line;
  if (s?.deploy?.complete) break;
  if ((s?.deploy?.failedNodes?.length ?? 0) > 0 && once) {
    code = 1;
    break;
  }
  if (Date.now() - started > limitSec * 1000) {
    say(`not deployed after ${limitSec} s`);
    code = 1;
    break;
  }
  await new Promise((r) => setTimeout(r, 500));
}
const report = finalReport(cluster, await readStatus(sched.url), (Date.now() - started) / 1000);
if (code === 0 && !report.healthy) code = 1;
say(
  code === 0
    ? `deployed in ${report.seconds.toFixed(1)} s: ${report.summary}`
    : `deploy did not finish: ${report.summary}`,
);
if (once) {
  await cleanup();
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exit(code);
}
say(
  `the cluster keeps running; look at ${sched.url}/ and ${sched.url}/api/v1/status. Ctrl-C stops everything.`,
);
process.stdout.write(`${JSON.stringify(report)}\n`);

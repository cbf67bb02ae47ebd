#!/usr/bin/env node
// npm run demo: a bare simulated Mesos cluster of 5 agents, the simulated ScaleIO gateway and
// hosts, and the real scheduler binary, which deploys ScaleIO onto it. Progress is printed per
// node as it goes; `--once` exits as soon as the deploy is complete (non-zero on failure or
// time-out) and prints the final state as JSON on its last line.
import {
  cliSpec,
  makeTempDir,
  packageVersionOf,
  parseFlags,
  usage,
  versionOption,
} from '@scaleio-framework/testkit';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startSimCluster, type SimCluster } from '../cluster.js';
import { packageSumsFile } from '../package-sums.js';
import { progressLine, readStatus } from '../deploy-watch.js';
import { spawnScheduler } from '../scheduler.js';
import { finalReport } from '../report.js';
import { nodeProgress } from './demo-progress.js';

const CLI = cliSpec(
  'demo',
  'Deploys ScaleIO onto a bare simulated Mesos cluster with the real scaleio-scheduler, printing\nprogress per node, then keeps the cluster running until Ctrl-C (or exits, with --once).',
  `
    --once              exit as soon as the cluster is deployed and healthy (0) or failed (1); the final state as JSON on the last line
    --agents <n>        Mesos agents (default 5)
    --mdm-cluster <n>   MDM cluster size: 3 or 5 (default 3; 5 needs at least 5 agents)
    --timeout <s>       give up after this many seconds (default 600)
    --os <list>         OS of the nodes, a comma list (e.g. ubuntu-20.04,centos-7) (default ubuntu-20.04)
    --healing           capacity healing on, against the simulated EC2 (the default policy)
    --verbose           also print the scheduler's log
    --runtime <build>   the executor's simulated Node.js runtime: glibc-217 (default; runs on glibc 2.17 and later) or official (needs glibc 2.28: CentOS 7 and Ubuntu 14.04 nodes fail)
    --scheduler-bin <path>  run this scaleio-scheduler bundle (e.g. from an unpacked release); it serves the executor beside it (default: the build in apps/framework/dist/bundle)
  `,
  'Run it from the repository root with `npm run demo -- [options]`, which builds what it needs first.',
);

const positive = (name: string, v: string | undefined, dflt: number): number | string => {
  if (v === undefined) return dflt;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : `--${name}: expected a positive integer, got '${v}'`;
};

const usageError = (message: string): never => {
  process.stderr.write(`demo: ${message}\n${usage(CLI)}\n`);
  return process.exit(2);
};

const parsed = parseFlags(
  { ...CLI, options: [...CLI.options, versionOption] },
  process.argv.slice(2),
);
if ('help' in parsed) {
  process.stdout.write(`${usage(CLI)}\n`);
  process.exit(0);
}
if ('error' in parsed) usageError(parsed.error);
const flags = 'flags' in parsed ? parsed.flags : usageError('unreadable command line');
if (flags.boolean('version')) {
  process.stdout.write(`demo ${packageVersionOf()}\n`);
  process.exit(0);
}
const agents = positive('agents', flags.string('agents'), 5);
const limitSec = positive('timeout', flags.string('timeout'), 600);
const mdmCluster = flags.string('mdm-cluster') ?? '3';
if (mdmCluster !== '3' && mdmCluster !== '5')
  usageError(`--mdm-cluster: expected 3 or 5, got '${mdmCluster}'`);
if (typeof agents === 'number' && agents < Number(mdmCluster))
  usageError(
    `--mdm-cluster ${mdmCluster} needs at least ${mdmCluster} agents, --agents is ${agents}`,
  );
if (typeof agents === 'string') usageError(agents);
if (typeof limitSec === 'string') usageError(limitSec);
const osList = flags.string('os');
if (osList !== undefined && osList.split(',').some((o) => o.trim() === ''))
  usageError(`--os: expected a comma list of OS ids, got '${osList}'`);
const schedulerBin = flags.string('scheduler-bin');
if (schedulerBin !== undefined && !existsSync(schedulerBin))
  usageError(`--scheduler-bin: ${schedulerBin} does not exist`);
const runtime = flags.string('runtime') ?? 'glibc-217';
if (runtime !== 'glibc-217' && runtime !== 'official')
  usageError(`--runtime: expected glibc-217 or official, got '${runtime}'`);
const once = flags.boolean('once');
const verbose = flags.boolean('verbose');
const healing = flags.boolean('healing');
const started = Date.now();
const elapsed = () => `[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s]`;
const say = (s: string) => process.stderr.write(`${s}\n`);

const work = makeTempDir('scaleio-demo-');
say(
  `starting the simulators: Mesos master + ${String(agents)} agents, ScaleIO gateway, ${String(agents)} hosts${osList ? ` (${osList})` : ''}`,
);
let cluster: SimCluster;
try {
  cluster = await startSimCluster({
    agents: agents as number,
    ...(osList === undefined ? {} : { os: osList }),
  });
} catch (e) {
  say(`demo: the simulators did not start: ${e instanceof Error ? e.message : String(e)}`);
  work.remove();
  process.exit(1);
}
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
    // The digests the simulated repository publishes (an operator supplies their own).
    '--package-sha256-file',
    await packageSumsFile(cluster.nodes.repoUrl, work.path),
    ...cluster.runtimeArgs(runtime as 'glibc-217' | 'official'),
    '--state-file',
    work.join('state.json'),
    '--mdm-min-cpus',
    '1',
    '--mdm-min-mem-mb',
    '1024',
    '--mdm-count',
    mdmCluster,
    // pools and the MDM cluster on the dashboard within seconds, not the default 30
    '--healing-interval',
    '5',
    ...(healing
      ? ['--healing-enabled', '--ec2-endpoint', cluster.ec2.url, '--aws-region', 'us-east-1']
      : []),
  ],
  {
    ...cluster.schedulerEnv,
    SCALEIO_PASSWORD: cluster.password,
    // ec2-sim takes any signed request; these are not real credentials
    ...(healing
      ? { AWS_ACCESS_KEY_ID: 'AKIDDEMO', AWS_SECRET_ACCESS_KEY: 'demo-not-a-secret' }
      : {}),
  },
  verbose ? (l) => say(`  scheduler| ${l}`) : undefined,
  schedulerBin === undefined ? {} : { bundle: resolve(schedulerBin) },
).catch(async (e: unknown) => {
  // Its own words (a refused configuration, an artifact it cannot serve) are in the message.
  say(`demo: the scheduler did not start: ${e instanceof Error ? e.message : String(e)}`);
  await cluster.stop();
  work.remove();
  return process.exit(1);
});
say(
  `scheduler:       ${sched.url}  (status: ${sched.url}/api/v1/status, dashboard: ${sched.url}/)`,
);

let code = 0;
const deployStarted = Date.now();
let last = '';
const nodesMoved = nodeProgress();
const cleanup = async () => {
  await sched.stop();
  await cluster.stop();
  work.remove();
};
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.once(sig, () => void cleanup().then(() => process.exit(130)));

for (;;) {
  const s = await readStatus(sched.url);
  for (const line of nodesMoved(s)) say(`${elapsed()} ${line}`);
  const line = progressLine(s);
  if (line !== last) say(`${elapsed()} nodes by phase: ${line}`);
  last = line;
  if (s?.deploy?.complete) break;
  if ((s?.deploy?.failedNodes?.length ?? 0) > 0 && once) {
    code = 1;
    break;
  }
  if (Date.now() - deployStarted > (limitSec as number) * 1000) {
    say(`not deployed after ${String(limitSec)} s`);
    code = 1;
    break;
  }
  await new Promise((r) => setTimeout(r, 500));
}
const report = finalReport(
  cluster,
  await readStatus(sched.url),
  (Date.now() - deployStarted) / 1000,
  mdmCluster === '5' ? 5 : 3,
);
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

// The executor runs on bare agents: nothing but what the Mesos fetcher puts in its sandbox. Every
// node-sim node has its OS's real glibc and no `node`; a runtime archive whose binary needs a
// newer glibc is refused by the node's loader. Judged from node-sim's records (every loader call),
// mesos-sim's master state (the executors' commands) and scaleio-sim's system, and the status API.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LOADER } from '@scaleio-framework/node-sim';
import { nodeCalls } from '../src/checks.js';
import { startSimCluster, type SimCluster } from '../src/cluster.js';
import { deployed, schedulerRun, waitFor } from '../src/deploy.js';
import type { StatusDoc } from '../src/deploy-watch.js';

const OLD_AND_NEW = ['centos-7', 'ubuntu-14.04', 'ubuntu-22.04', 'rhel-8'];
const TIMEOUT = 240_000;

/** Exit codes of the node's dynamic loader, one per runtime start on that node. */
const loaderExits = (c: SimCluster, host: string) =>
  nodeCalls(c, host)
    .filter((x) => x.tool === LOADER)
    .map((x) => x.exitCode);

const nodeOf = (s: StatusDoc, host: string) => (s.nodes ?? []).find((n) => n.hostname === host);

/** Runs `body` on a cluster of `os` with a scheduler on runtime `build`; stops everything after. */
const withRun = async (
  os: readonly string[],
  build: 'glibc-217' | 'official',
  extra: readonly string[],
  body: (c: SimCluster, url: string) => Promise<void>,
): Promise<void> => {
  const c = await startSimCluster({ agents: os.length, os });
  const run = schedulerRun(c, build);
  try {
    const sched = await run.start(extra);
    try {
      await body(c, sched.url);
    } finally {
      await sched.stop();
    }
  } finally {
    await c.stop();
    run.cleanup();
  }
};

test('CentOS 7, Ubuntu 14.04, 22.04 and RHEL 8 deploy on the fetched glibc-217 runtime', async () => {
  await withRun(OLD_AND_NEW, 'glibc-217', [], async (c, url) => {
    const t0 = Date.now();
    await waitFor(url, deployed, TIMEOUT);
    console.log(`executor-runtime: deployed in ${Math.round((Date.now() - t0) / 1000)} s`);
    const s = c.scaleio.state();
    assert.is(s.mdmCluster?.mode, 'ThreeNodes');
    assert.is(s.sdss.filter((x) => x.online).length, 4, 'an SDS online on every node');
    assert.is(s.sdcs.length, 4, 'an SDC on every node');
    for (const host of c.hostnames) {
      const exits = loaderExits(c, host);
      assert.ok(exits.length >= 1, `${host}: the executor started through the node's loader`);
      assert.ok(
        exits.every((e) => e === 0),
        `${host}: loader ${exits.join(',')}`,
      );
    }
    // Mesos's own view: each executor runs the fetched runtime, never a node on the PATH.
    const fw = (
      c.mesos.masterState() as {
        frameworks: {
          executors: { command: { value: string; uris: { value: string }[] } }[];
        }[];
      }
    ).frameworks[0];
    const commands = (fw?.executors ?? []).map((e) => e.command);
    assert.ok(commands.length >= 1, 'executors in /master/state');
    for (const cmd of commands) {
      assert.match(cmd.value, /^exec \.\/node-v[0-9.]+-linux-x64-glibc-217\/bin\/node /);
      assert.ok(
        cmd.uris.some((u) => u.value.endsWith('-linux-x64-glibc-217.tar.gz')),
        'the runtime archive is in the fetch list',
      );
    }
  });
});

test('an official Node build (glibc 2.28): CentOS 7 and Ubuntu 14.04 fail with the loader’s message in the status API', async () => {
  const [centos, trusty, jammy, rhel8] = [
    'agent-1.sim',
    'agent-2.sim',
    'agent-3.sim',
    'agent-4.sim',
  ];
  await withRun(OLD_AND_NEW, 'official', ['--max-attempts', '1'], async (c, url) => {
    const failed = (s: StatusDoc) =>
      [centos, trusty].every((h) => nodeOf(s, h)?.status === 'failed');
    const s = await waitFor(url, failed, TIMEOUT);
    const says = (h: string, text: string) => {
      const e = nodeOf(s, h)?.lastError ?? '';
      assert.ok(e.includes(text), `${h}: ${e}`);
    };
    says(centos, "/lib64/libc.so.6: version `GLIBC_2.28' not found (required by ./node-v");
    says(
      trusty,
      "/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.28' not found (required by ./node-v",
    );
    // The nodes' own records: the loader refused the runtime there and nothing else ran; on
    // RHEL 8 and Ubuntu 22.04 (glibc 2.28, 2.35) the same runtime started.
    for (const h of [centos, trusty]) {
      assert.ok(loaderExits(c, h).length >= 1 && loaderExits(c, h).every((e) => e === 1), h);
      assert.equal(
        nodeCalls(c, h).filter((x) => x.tool !== LOADER),
        [],
        `${h}: no install step ran`,
      );
    }
    await waitFor(
      url,
      () => [jammy, rhel8].every((h) => loaderExits(c, h).some((e) => e === 0)),
      TIMEOUT,
    );
  });
});

test('on Flatcar and Debian 12 the executor starts and reports why the node cannot be used', async () => {
  const os = ['ubuntu-20.04', 'ubuntu-20.04', 'ubuntu-20.04', 'flatcar', 'debian-12'];
  await withRun(os, 'glibc-217', ['--max-attempts', '1'], async (c, url) => {
    const [flatcar, debian] = ['agent-4.sim', 'agent-5.sim'];
    const s = await waitFor(
      url,
      (x) => [flatcar, debian].every((h) => nodeOf(x, h)?.status === 'failed'),
      TIMEOUT,
    );
    // The executor's own TASK_FAILED, not Mesos's "Executor terminated".
    assert.match(
      nodeOf(s, debian)?.lastError ?? '',
      /unsupported OS: Debian GNU\/Linux 12 \(bookworm\) \(ID=debian\) is not a supported OS/,
    );
    assert.match(
      nodeOf(s, flatcar)?.lastError ?? '',
      /Flatcar Container Linux .* has no package manager/,
    );
    for (const h of [flatcar, debian]) {
      assert.not.match(nodeOf(s, h)?.lastError ?? '', /Executor terminated/);
      assert.ok(loaderExits(c, h).includes(0), `${h}: its runtime started`);
    }
  });
});

test.run();

// Tool calls charged to the memory cgroup of the Mesos container they run in: each wrapper form
// names its own pid, the charge is the tool's modelled peak (facts/memory.ts), and an OOM kills
// the call before it acts.
import { spawn } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  MEMORY_PEAKS,
  startNodeSim,
  toolPeak,
  type MemoryCgroups,
  type NodeConfig,
  type NodeSim,
} from '../src/index.js';
import { findCurl, findProgram } from '../src/tools/wrapper.js';
import { fetchInto, ok } from './helpers.js';

const MB = 1024 * 1024;

/** A cgroup stand-in that records each charge and answers `oom` when asked to. */
const recorder = (oom = false) => {
  const charges: { pid: number; mb: number; what: string; released: boolean }[] = [];
  const cgroups: MemoryCgroups = {
    charge: (pid, bytes, what) => {
      const c = { pid, mb: bytes / MB, what, released: false };
      charges.push(c);
      return oom
        ? { oom: true, message: 'Memory limit exceeded: Requested: 96MB Maximum Used: 300MB' }
        : { oom: false, release: () => void (c.released = true) };
    },
  };
  return { charges, cgroups };
};

/** Runs a tool on a node; resolves with the wrapper's pid and what it did. */
const spawnTool = (sim: NodeSim, id: string, argv: readonly [string, ...string[]]) => {
  const h = ok(sim.hostFor(id));
  return new Promise<{ pid: number; code: number | null; stderr: string }>((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { env: h.env, cwd: h.root });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ pid: child.pid ?? 0, code, stderr }));
  });
};

const withNodes = async (form: string, f: (sim: NodeSim) => Promise<void>): Promise<void> => {
  const before = process.env['NODE_SIM_WRAPPER'];
  process.env['NODE_SIM_WRAPPER'] = form;
  const sim = ok(
    await startNodeSim({
      nodes: [
        { id: 'u', os: 'ubuntu-20.04' },
        { id: 'r8', os: 'rhel-8' },
      ],
    }),
  );
  if (before === undefined) delete process.env['NODE_SIM_WRAPPER'];
  else process.env['NODE_SIM_WRAPPER'] = before;
  try {
    await f(sim);
  } finally {
    await sim.stop();
  }
};

const forms: [string, boolean][] = [
  ['bash', findProgram('bash') !== undefined],
  ['sh', findCurl() !== undefined],
  ['node', true],
];
for (const [form, available] of forms)
  test(`the ${form} wrapper names its own pid; the call is charged its peak while it runs`, async () => {
    if (!available) return console.log(`skipped: no ${form === 'sh' ? 'curl' : form} on PATH`);
    await withNodes(form, async (sim) => {
      const r = recorder();
      sim.chargeMemoryTo(r.cgroups);
      const ran = await spawnTool(sim, 'u', ['apt-get', 'update']);
      assert.is(ran.code, 0, ran.stderr);
      assert.equal(r.charges, [
        {
          pid: ran.pid,
          mb: MEMORY_PEAKS.apt.mb,
          what: 'apt-get update (170 MB peak)',
          released: true,
        },
      ]);
    });
  });

test('an OOM kills the call before it acts: exit 137, nothing installed, the call recorded', async () => {
  await withNodes('bash', async (sim) => {
    sim.chargeMemoryTo(recorder(true).cgroups);
    const ran = await spawnTool(sim, 'r8', ['yum', '-y', 'install', 'libaio']);
    assert.is(ran.code, 137);
    assert.match(
      ran.stderr,
      /^Killed \(out of memory: yum needs about 512 MB; Memory limit exceeded/,
    );
    const node = ok(sim.node('r8'));
    assert.not.ok('libaio' in ok(node.packages()), 'nothing installed');
    const call = ok(node.calls()).find((c) => c.tool === 'yum');
    assert.is(call?.exitCode, 137);
  });
});

test('no cgroup, or a caller in none: the tool runs uncharged', async () => {
  await withNodes('bash', async (sim) => {
    const ran = await spawnTool(sim, 'u', ['apt-get', 'update']);
    assert.is(ran.code, 0);
    sim.chargeMemoryTo({ charge: () => undefined });
    assert.is((await spawnTool(sim, 'u', ['apt-get', '-y', 'install', 'zip'])).code, 0);
    assert.ok('zip' in ok(ok(sim.node('u')).packages()));
  });
});

test('peaks follow the OS: yum is dnf on RHEL 8; a SysV-started gateway JVM is the caller’s on Ubuntu 14.04', async () => {
  const sim = ok(
    await startNodeSim({
      nodes: [
        { id: 't', os: 'ubuntu-14.04' },
        { id: 'f', os: 'ubuntu-20.04' },
        { id: 'c7', os: 'centos-7' },
        { id: 'r8', os: 'rhel-8' },
      ],
    }),
  );
  try {
    const config = (id: string): NodeConfig => ok(sim.node(id)).config;
    const mb = (id: string, tool: string, ...args: string[]) => toolPeak(config(id), tool, args).mb;
    assert.is(mb('c7', 'yum', '-y', 'install', 'libaio'), MEMORY_PEAKS.yum.mb);
    assert.is(mb('r8', 'yum', '-y', 'install', 'libaio'), MEMORY_PEAKS.dnf.mb);
    assert.is(mb('t', 'apt-get', '-y', 'install', 'zip'), MEMORY_PEAKS.apt.mb);
    const gw = 'emc-scaleio-gateway_2.0-10000.2072_amd64.deb';
    await fetchInto(sim, 't', gw, '/tmp/gw.deb');
    await fetchInto(sim, 'f', gw, '/tmp/gw.deb');
    // 14.04 starts the gateway from its SysV script inside dpkg; elsewhere systemd starts it and
    // only the install's keytool run is the caller's.
    assert.is(
      mb('t', 'dpkg', '-i', '/tmp/gw.deb'),
      MEMORY_PEAKS.dpkg.mb + MEMORY_PEAKS.gatewayJvm.mb,
    );
    assert.is(mb('f', 'dpkg', '-i', '/tmp/gw.deb'), MEMORY_PEAKS.dpkg.mb + MEMORY_PEAKS.keytool.mb);
    assert.is(
      mb('t', 'service', 'scaleio-gateway', 'restart'),
      MEMORY_PEAKS.service.mb + MEMORY_PEAKS.gatewayJvm.mb,
    );
    assert.is(mb('t', 'service', 'scaleio-gateway', 'status'), MEMORY_PEAKS.service.mb);
    assert.is(mb('f', 'systemctl', 'start', 'scaleio-gateway'), MEMORY_PEAKS.service.mb);
    assert.is(mb('f', 'dpkg', '-s', 'zip'), MEMORY_PEAKS.query.mb);
    for (const fact of Object.values(MEMORY_PEAKS)) assert.ok(fact.basis.length > 20);
  } finally {
    await sim.stop();
  }
});

test.run();

// A bare simulated cluster of 5 agents, deployed by the real scheduler and executor binaries.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';
import type { SimCluster } from '../src/cluster.js';
import { deployed, waitFor, withClusterRun } from '../src/deploy.js';
import { deployedNodeFlags } from '../src/scheduler.js';
import { assertWireValid } from '../src/wire.js';

const TIMEOUT = 240_000;

interface PoolDoc {
  name: string;
  percentFull: number | null;
  capacity: { usableKb?: number } | null;
  sampledAtMs: number | null;
}
/** The first pool of the status, once it has been sampled at or after `since` (epoch ms). */
async function waitForPool(url: string, since: number): Promise<PoolDoc> {
  const until = Date.now() + 30_000;
  for (;;) {
    const st = (await (await fetch(`${url}/api/v1/status`)).json()) as { pools?: PoolDoc[] };
    const p = st.pools?.[0];
    if (p && p.percentFull !== null && (p.sampledAtMs ?? 0) >= since) return p;
    if (Date.now() > until) throw new Error(`no pool in the status: ${JSON.stringify(st.pools)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const calls = (c: SimCluster, host: string) => {
  const r = c.nodes.node(c.nodeIdOf(host));
  if (r._tag === 'Left') throw new Error(`no node for ${host}`);
  const cs = r.right.calls();
  return { node: r.right, calls: cs._tag === 'Right' ? cs.right : [] };
};

test('a bare cluster ends with ScaleIO deployed, every agent wired, restarts one per fault set at a time; a late agent joins', () =>
  withClusterRun(
    { agents: 5, spareNodes: 1 },
    async ({ c, sched }) => {
      // It runs as Marathon runs it, and says so: node and its flags in the listening line.
      const listening = sched.lines().find((l) => l.includes('"msg":"http listening"')) ?? '';
      const node = (JSON.parse(listening) as { node?: string }).node ?? '';
      assert.is(node, `${process.version} ${deployedNodeFlags.join(' ')}`);
      // While it deploys, the status and the metrics show the nodes moving through the phases.
      const phasesSeen = new Set<string>();
      const metricPhases = new Set<string>();
      const status = await waitFor(
        sched.url,
        (st) => {
          for (const n of st.nodes ?? []) phasesSeen.add(n.phase);
          return deployed(st);
        },
        TIMEOUT,
        async () => {
          const m = await (await fetch(`${sched.url}/metrics`)).text();
          for (const x of m.matchAll(/^scaleio_nodes\{phase="([^"]+)"/gm))
            if (x[1]) metricPhases.add(x[1]);
        },
      );
      assert.ok(phasesSeen.size >= 4, `phases seen in the status: ${[...phasesSeen].join(', ')}`);
      assert.ok(
        metricPhases.size >= 3,
        `phases seen in the metrics: ${[...metricPhases].join(', ')}`,
      );
      // After it, the status's pool numbers are scaleio-sim's (a sample taken after the deploy).
      const statusPool = await waitForPool(sched.url, Date.now());
      const simPool = c.scaleio.state().storagePools[0]?.capacity;
      assert.ok(simPool);
      const simPct =
        (100 * simPool.capacityInUseInKb) / (simPool.maxCapacityInKb - simPool.spareCapacityInKb);
      assert.is(statusPool.capacity?.usableKb, simPool.maxCapacityInKb - simPool.spareCapacityInKb);
      assert.ok(
        Math.abs((statusPool.percentFull ?? -1) - simPct) < 1e-9,
        `${statusPool.percentFull} vs ${simPct}`,
      );
      const s = c.scaleio.state();
      // A 3-node MDM cluster whose roles sit on three different agents.
      assert.is(s.mdmCluster?.mode, 'ThreeNodes');
      const roles = (status.nodes ?? []).filter((n) =>
        ['primary', 'secondary', 'tiebreaker'].includes(n.role),
      );
      assert.is(new Set(roles.map((n) => n.hostname)).size, 3);
      assert.is(s.system.name, 'scaleio');
      // An SDS online on every storage node with its free disks in the pool; fault sets per rack.
      assert.is(s.sdss.length, 5);
      assert.ok(s.sdss.every((x) => x.online));
      assert.is(s.devices.length, 10);
      assert.equal(s.faultSets.map((f) => f.name).sort(), ['fs_r1', 'fs_r2', 'fs_r3']);
      assert.is(s.storagePools.length, 1);
      // An SDC on every agent.
      assert.is(s.sdcs.length, 5);
      for (const host of c.hostnames) {
        const { node, calls: cs } = calls(c, host);
        // A REX-Ray config that is valid YAML and names the system, pool and gateway.
        const cfg = parseYaml(node.readFile('/etc/rexray/config.yml') ?? '') as {
          scaleio?: Record<string, unknown>;
        };
        assert.is(cfg.scaleio?.['systemName'], 'scaleio', host);
        assert.is(cfg.scaleio?.['storagePoolName'], 'default', host);
        assert.match(String(cfg.scaleio?.['endpoint']), c.scaleio.url.replace('http://', ''));
        // The volume isolator enabled, merged with the agent's own isolators.
        const isolation = node.readFile('/etc/mesos-slave/isolation') ?? '';
        assert.match(isolation, 'com_emccode_mesos_DockerVolumeDriverIsolator');
        assert.match(isolation, 'cgroups/cpu');
        assert.ok(
          cs.some(
            (x) => x.argv.join(' ').includes('restart') && x.argv.join(' ').includes('mesos-slave'),
          ),
          `${host} agent restarted`,
        );
      }
      // Agents restarted one per fault set at a time, MDM nodes alone: two restart calls that
      // overlap are on data nodes of different fault sets.
      const nodeOf = (h: string) => status.nodes?.find((n) => n.hostname === h);
      const restarts = c.hostnames.flatMap((h) =>
        calls(c, h)
          .calls.filter(
            (x) => x.argv.includes('restart') && x.argv.join(' ').includes('mesos-slave'),
          )
          .map((x) => ({
            h,
            from: Date.parse(x.startedAt),
            to: Date.parse(x.startedAt) + x.durationMs,
          })),
      );
      for (const a of restarts)
        for (const b of restarts)
          if (a.h < b.h && a.from < b.to && b.from < a.to) {
            const [na, nb] = [nodeOf(a.h), nodeOf(b.h)];
            assert.ok(na?.role === 'storage' && nb?.role === 'storage', `${a.h} ${b.h}: MDM alone`);
            assert.ok(na.faultSet !== nb.faultSet, `${a.h} ${b.h} share fault set ${na.faultSet}`);
          }
      // The password never shows in the status, and never on a command line on the nodes.
      const text = JSON.stringify(await (await fetch(`${sched.url}/api/v1/status`)).json());
      assert.not.match(text, c.password);
      for (const h of c.hostnames)
        assert.not.match(JSON.stringify(calls(c, h).calls.map((x) => x.argv)), c.password);

      // A storage agent that joins after the deploy gets its SDS, SDC and volume wiring.
      const late = await c.joinAgent();
      await waitFor(
        sched.url,
        (st) =>
          deployed(st) && (st.nodes ?? []).some((n) => n.hostname === late && n.phase === 'done'),
        TIMEOUT,
      );
      const after = c.scaleio.state();
      assert.is(after.sdss.length, 6);
      assert.is(after.sdcs.length, 6);
      assert.is(after.devices.length, 12);
      assert.ok(calls(c, late).node.readFile('/etc/rexray/config.yml'));
      assertWireValid(c.wire);
    },
    (run) => run.start(['--healing-interval', '1']),
  ));

test.run();

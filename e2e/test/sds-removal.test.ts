// A lost SDS removed after ScaleIO's rebuild (issue 19), judged from scaleio-sim's own records:
// four agents, a 3-node MDM cluster; the machine of the one storage node that is not an MDM member
// dies (its agent marked gone in Mesos, its SDS down). The sim rebuilds its data over time; the
// scheduler removes that SDS only after the rebuild ended; the pool is healthy; no other SDS or
// device is removed; and the status shows the lost SDS with its removal's stages.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isLeft } from 'fp-ts/lib/Either.js';
import { createClient, describeError, querySelectedStatistics } from '@scaleio-framework/scaleio';
import type { SimCluster } from '../src/cluster.js';
import { deployed, waitFor, withClusterRun } from '../src/deploy.js';
import { mdmTruth } from '../src/mdm-truth.js';
import { waitUntil } from '../src/member-loss.js';
import { assertWireValid } from '../src/wire.js';

const GiB = 1024 ** 3;

interface LostSdsDoc {
  id: string;
  node: { hostname: string; ip: string };
  sdsId: string;
  stage: string;
  why: string | null;
  history: { stage: string; atMs: number; note: string | null }[];
}

const lostSds = async (url: string): Promise<LostSdsDoc[]> => {
  try {
    const s = (await (await fetch(`${url}/api/v1/status`)).json()) as { lostSds?: LostSdsDoc[] };
    return s.lostSds ?? [];
  } catch {
    return [];
  }
};

test('lose one SDS of four: removed after the rebuild; the pool healthy; nothing else removed', () =>
  withClusterRun(
    { agents: 4 },
    async ({ c, sched }) => {
      await waitFor(sched.url, deployed, 240_000);
      const sim = c.scaleio;
      const members = new Set(mdmTruth(c)?.members.map((m) => m.ip));
      const sdsOf = () => [...sim.model.sdss.values()];
      const lost = sdsOf().find((s) => !members.has(s.ipList[0]?.ip ?? ''));
      const ip = lost?.ipList[0]?.ip ?? '';
      const host = sim.model.nodes.get(ip)?.hostname;
      const agent = c.mesos.agents.find((a) => a.hostname === host);
      assert.ok(
        lost && agent,
        `a storage node outside the MDM cluster (${[...members].join(',')})`,
      );
      const [pool] = [...sim.model.pools.values()];
      assert.ok(pool, 'the deploy made a pool');
      // Data in the pool, so that the rebuild has something to do: 40 GiB net over 8 equal
      // devices of 4 SDSs is 20 GiB raw on the lost one; at 4 GiB/s it rebuilds in 5 s.
      sim.addWrites({ storagePoolId: pool.id, bytes: 40 * GiB });
      sim.setRebuildRate(4 * 1024 * 1024);
      const sdsBefore = sdsOf().map((s) => s.id);
      const devicesBefore = [...sim.model.devices.values()].map((d) => ({
        id: d.id,
        sds: d.sdsId,
      }));
      // The machine dies: its agent gone, its SDS down.
      await c.mesos.markAgentGone(agent.id);
      sim.upsertNode({ ip, sdsService: 'stopped' });
      const t0 = Date.now();
      await waitUntil(
        () =>
          `${JSON.stringify(sim.state().rebuilds)}\n${sched
            .lines()
            .filter((l) => /sds|removal/i.test(l))
            .slice(-15)
            .join('\n')}`,
        () => !sim.model.sdss.has(lost.id),
        60_000,
      );
      console.log(`  lost SDS removed ${((Date.now() - t0) / 1000).toFixed(1)} s after the loss`);
      // The simulator's records: a rebuild of that SDS ran to its end, then the removal.
      const state = sim.state();
      const rebuild = state.rebuilds.find((r) => r.sdsId === lost.id);
      assert.ok(rebuild, 'a rebuild of the lost SDS ran');
      assert.ok((rebuild.totalKb[pool.id] ?? 0) > 0, 'with data to rebuild');
      assert.is(rebuild.cancelled, false);
      assert.ok(rebuild.finishedMs !== null, 'the rebuild finished');
      const removed = state.components.history.filter((h) => h.event === 'sds removed');
      assert.equal(
        removed.map((h) => h.ip),
        [ip],
        'one SDS removed',
      );
      assert.ok(
        (removed[0]?.atMs ?? 0) >= rebuild.finishedMs,
        'the removal came after the rebuild ended',
      );
      assert.is(removed[0]?.degradedKb, 0);
      // The scheduler never even asked while the rebuild ran.
      const asks = sim.requests().filter((r) => r.path.endsWith('/action/removeSds'));
      assert.ok(asks.length >= 1);
      assert.ok(
        asks.every((r) => r.atMs >= (rebuild.finishedMs ?? Infinity)),
        `removeSds before the rebuild ended: ${JSON.stringify(asks)}`,
      );
      // The pool is healthy; every other SDS and device is still there.
      const st = state.storagePools.find((p) => p.id === pool.id);
      assert.ok(st, 'the pool is still there');
      const health = await poolHealth(sim, c.password, pool.id);
      assert.equal(health, { degradedHealthyCapacityInKb: 0, normRebuildCapacityInKb: 0 });
      assert.equal(
        sdsOf()
          .map((s) => s.id)
          .sort(),
        sdsBefore.filter((id) => id !== lost.id).sort(),
      );
      assert.equal(
        [...sim.model.devices.keys()].sort(),
        devicesBefore
          .filter((d) => d.sds !== lost.id)
          .map((d) => d.id)
          .sort(),
      );
      // The MDM cluster was not touched (the lost node was not a member).
      assert.is(mdmTruth(c)?.state, 'ClusteredNormal');
      // The status: the lost SDS, waited for the rebuild, then removed.
      await waitUntil(
        () => 'the status shows the removal done',
        async () => (await lostSds(sched.url))[0]?.stage === 'done',
        10_000,
      );
      const [doc] = await lostSds(sched.url);
      assert.is(doc?.node.ip, ip);
      assert.is(doc?.sdsId, lost.id);
      for (const stage of ['waiting', 'removing', 'done'])
        assert.ok(
          doc?.history.some((h) => h.stage === stage),
          `${stage} recorded`,
        );
      assertWireValid(c.wire);
    },
    (run) => run.start(['--member-grace-seconds', '2', '--sds-grace-seconds', '2']),
  ));

/** The pool's health counters as the gateway reports them (the real client, certificate pinned). */
async function poolHealth(
  sim: SimCluster['scaleio'],
  password: string,
  poolId: string,
): Promise<Record<string, number>> {
  const c = createClient({
    baseUrl: sim.url,
    username: sim.credentials.username,
    password,
    tls: { fingerprint: sim.certificate?.sha256 ?? '' },
  });
  if (isLeft(c)) throw new Error(describeError(c.left));
  const r = await c.right.run(
    querySelectedStatistics('StoragePool', { ids: [poolId] }, [
      'degradedHealthyCapacityInKb',
      'normRebuildCapacityInKb',
    ]),
  );
  if (isLeft(r)) throw new Error(describeError(r.left));
  const s = r.right[poolId] as Record<string, unknown> | undefined;
  return Object.fromEntries(Object.entries(s ?? {}).map(([k, v]) => [k, Number(v)]));
}

test.run();

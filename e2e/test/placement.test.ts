// Placement with the whole cluster in view (issue 19): agents of three zones arriving over 10 s;
// the MDM members land in three zones (judged from scaleio-sim's MDM cluster and the zone each
// agent was started in), and the status said why it waited.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deployed, waitFor, withClusterRun } from '../src/deploy.js';
import { mdmTruth } from '../src/mdm-truth.js';
import { assertWireValid } from '../src/wire.js';

const TIMEOUT = 240_000;
/** Zones by node: the first three in zone a, then b, c, b. */
const ZONES = ['za', 'za', 'za', 'zb', 'zc', 'zb'];

test('agents of three zones arriving over 10 s: the three MDM members land in three zones', () =>
  withClusterRun(
    { agents: 2, spareNodes: 4, zoneOf: (i) => `us-east-1${ZONES[i] ?? 'zx'}` },
    async ({ c, sched }) => {
      const zoneOf = (host: string) => ZONES[c.hostnames.concat(joined).indexOf(host)];
      const joined: string[] = [];
      const waited: string[] = [];
      // One more agent every 2.5 s: zone a, b, c, b.
      for (let i = 0; i < 4; i++) {
        await new Promise((r) => setTimeout(r, 2500));
        const st = await (await fetch(`${sched.url}/api/v1/status`)).json();
        waited.push(...((st as { deploy?: { waiting?: string[] } }).deploy?.waiting ?? []));
        assert.is(mdmTruth(c), null, 'no MDM cluster while agents arrive');
        joined.push(await c.joinAgent());
      }
      await waitFor(sched.url, deployed, TIMEOUT);
      assert.ok(
        waited.some((w) => /placement settling/.test(w)),
        `the status said why it waited: ${waited.join(' | ')}`,
      );
      const t = mdmTruth(c);
      assert.ok(t);
      assert.is(t.mode, 'ThreeNodes');
      assert.is(t.state, 'ClusteredNormal');
      const members = t.members.filter((m) => m.role !== 'standby');
      const zones = members.map((m) => zoneOf(m.host));
      assert.equal([...new Set(zones)].sort(), ['za', 'zb', 'zc'], JSON.stringify(members));
      // Every agent that arrived is deployed, SDS online.
      assert.is(c.scaleio.state().sdss.filter((x) => x.online).length, 6);
      assertWireValid(c.wire);
    },
    (run) => run.start(['--placement-quiet-seconds', '4']),
  ));

test.run();

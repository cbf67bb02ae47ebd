// The 5-node MDM cluster deployed end to end (issue 19): seven agents, `--mdm-count 5`; judged
// from scaleio-sim's MDM cluster and node-sim's records of what each host ran.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deployed, waitFor, withClusterRun } from '../src/deploy.js';
import { mdmTruth } from '../src/mdm-truth.js';
import { assertWireValid } from '../src/wire.js';

const TIMEOUT = 240_000;

test('--mdm-count 5 on seven agents: a FiveNodes cluster in ClusteredNormal, five members on five agents spread over the racks, the status agrees', () =>
  withClusterRun(
    { agents: 7 },
    async ({ c, sched }) => {
      const status = await waitFor(sched.url, deployed, TIMEOUT);
      const t = mdmTruth(c);
      assert.ok(t, 'an MDM cluster exists');
      assert.is(t.mode, 'FiveNodes');
      assert.is(t.state, 'ClusteredNormal');
      const members = t.members.filter((m) => m.role !== 'standby');
      assert.equal(
        members.map((m) => m.role),
        ['master', 'slave', 'slave', 'tieBreaker', 'tieBreaker'],
      );
      assert.is(new Set(members.map((m) => m.host)).size, 5, 'five different hosts');
      assert.ok(
        members.every((m) => c.hostnames.includes(m.host)),
        `members on agents: ${members.map((m) => m.host).join(', ')}`,
      );
      // The status's roles are the MDM's members, host by host.
      const roleOf = new Map((status.nodes ?? []).map((n) => [n.hostname, n.role]));
      const expected = { master: 'primary', slave: 'secondary', tieBreaker: 'tiebreaker' };
      for (const m of members)
        assert.is(roleOf.get(m.host), expected[m.role as keyof typeof expected], m.host);
      // Spread over failure domains: the managers (master + slaves) on three racks.
      const rackOf = (h: string) => `r${((c.hostnames.indexOf(h) % 3) + 1).toString()}`;
      const managers = members.filter((m) => m.role !== 'tieBreaker');
      assert.is(new Set(managers.map((m) => rackOf(m.host))).size, 3, 'managers on three racks');
      // Every node is a storage node with its SDS online, and has an SDC.
      const s = c.scaleio.state();
      assert.is(s.sdss.filter((x) => x.online).length, 7);
      assert.is(s.sdcs.length, 7);
      assertWireValid(c.wire);
    },
    (run) => run.start(['--mdm-count', '5']),
  ));

test.run();

// Lost MDM cluster members replaced (issue 19), judged from scaleio-sim's MDM cluster and its
// health history: a 3-node cluster's slave machine dies (its agent marked gone in Mesos, its MDM
// and SDS down); the cluster is back to ClusteredNormal with a new member on a spare node.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deployed, waitFor, withClusterRun } from '../src/deploy.js';
import { operatorAction } from '../src/healing.js';
import { mdmTruth } from '../src/mdm-truth.js';
import { loseMachine, memberOf, replacements, waitUntil } from '../src/member-loss.js';
import { assertWireValid } from '../src/wire.js';

const TIMEOUT = 240_000;
const TOKEN = 'e2e-operator-token-never-shown';

/** The cluster is whole again without `lostIp`: normal, three members, no standby left. */
const healedWithout = (c: Parameters<typeof mdmTruth>[0], lostIp: string, size = 3) => {
  const t = mdmTruth(c);
  return (
    t?.state === 'ClusteredNormal' &&
    t.members.length === size &&
    t.members.every((m) => m.role !== 'standby' && m.ip !== lostIp)
  );
};

test('automatic: the slave MDM machine lost; a spare becomes the slave; ClusteredNormal; every step in the status', () =>
  withClusterRun(
    { agents: 5 },
    async ({ c, sched }) => {
      await waitFor(sched.url, deployed, TIMEOUT);
      const before = mdmTruth(c);
      const lost = memberOf(c, 'slave');
      await loseMachine(c, lost);
      await waitUntil(
        () => JSON.stringify(mdmTruth(c)),
        () => mdmTruth(c)?.state === 'ClusteredDegraded',
        10_000,
      );
      const t0 = Date.now();
      await waitUntil(
        () =>
          `${JSON.stringify(mdmTruth(c))}\n${sched
            .lines()
            .filter((l) => !/decline|offers/i.test(l))
            .slice(-25)
            .join('\n')}`,
        () => healedWithout(c, lost.ip),
        120_000,
      );
      console.log(`  replaced in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      const after = mdmTruth(c);
      const slave = after?.members.find((m) => m.role === 'slave');
      assert.ok(slave && slave.ip !== lost.ip);
      assert.not.ok(
        before?.members.some((m) => m.ip === slave.ip),
        'the new member was not a member before',
      );
      assert.ok(c.hostnames.includes(slave.host), `on an agent: ${slave.host}`);
      // The status shows the replacement done, with every stage recorded.
      await waitUntil(
        () => 'replacement done in the status',
        async () => (await replacements(sched.url))[0]?.stage === 'done',
        10_000,
      );
      const [r] = await replacements(sched.url);
      assert.is(r?.lost.ip, lost.ip);
      assert.is(r?.spare?.ip, slave.ip);
      for (const stage of ['installing', 'addingStandby', 'replacing', 'removingStandby', 'done'])
        assert.ok(
          r?.history.some((h) => h.stage === stage),
          `${stage} recorded`,
        );
      // One member joined, one left: the simulator's own record.
      const joined = c.scaleio
        .state()
        .components.history.filter((h) => h.event === 'mdm joined the cluster');
      assert.equal(
        joined.map((h) => h.ip),
        [slave.ip],
      );
      assertWireValid(c.wire);
    },
    (run) => run.start(['--member-grace-seconds', '2']),
  ));

test('approval: the replacement waits for member-approve, then completes', () =>
  withClusterRun(
    { agents: 5 },
    async ({ c, sched }) => {
      await waitFor(sched.url, deployed, TIMEOUT);
      const lost = memberOf(c, 'tieBreaker');
      await loseMachine(c, lost);
      await waitUntil(
        () => 'awaiting approval',
        async () => (await replacements(sched.url))[0]?.stage === 'awaitingApproval',
        60_000,
      );
      // Nothing happens while it waits.
      await new Promise((r) => setTimeout(r, 4000));
      assert.is(mdmTruth(c)?.state, 'ClusteredDegraded');
      assert.is((await replacements(sched.url))[0]?.stage, 'awaitingApproval');
      const id = (await replacements(sched.url))[0]?.id ?? '';
      assert.is((await operatorAction(sched.url, undefined, 'member-approve', { id })).status, 401);
      const ok = await operatorAction(sched.url, TOKEN, 'member-approve', { id });
      assert.is(ok.status, 200, JSON.stringify(ok.body));
      await waitUntil(
        () => JSON.stringify(mdmTruth(c)),
        () => healedWithout(c, lost.ip),
        120_000,
      );
      assert.ok(mdmTruth(c)?.members.some((m) => m.role === 'tieBreaker' && m.ip !== lost.ip));
    },
    (run) =>
      run.start(['--member-grace-seconds', '2', '--member-replacement', 'approval'], {
        SCALEIO_OPERATOR_TOKEN: TOKEN,
      }),
  ));

test('the scheduler restarted mid-replacement: it finishes without a second member', () =>
  withClusterRun(
    { agents: 5 },
    async (x) => {
      const { c, run } = x;
      let sched = x.sched;
      await waitFor(sched.url, deployed, TIMEOUT);
      const lost = memberOf(c, 'slave');
      await loseMachine(c, lost);
      await waitUntil(
        () => 'a replacement past its install',
        async () =>
          ['addingStandby', 'replacing', 'removingStandby'].includes(
            (await replacements(sched.url))[0]?.stage ?? '',
          ),
        120_000,
      );
      await sched.stop();
      sched = await run.start(['--member-grace-seconds', '2']);
      const restarted = sched;
      try {
        await waitUntil(
          () =>
            `${JSON.stringify(mdmTruth(c))}\n${restarted
              .lines()
              .filter((l) => /member|probe|launch/i.test(l))
              .slice(-20)
              .join('\n')}`,
          () => healedWithout(c, lost.ip),
          120_000,
        );
        const joined = c.scaleio
          .state()
          .components.history.filter((h) => h.event === 'mdm joined the cluster');
        assert.is(joined.length, 1, 'one member joined');
        const [r] = await replacements(sched.url);
        assert.ok(r, 'the restarted scheduler shows the replacement');
      } finally {
        await sched.stop();
      }
    },
    (run) => run.start(['--member-grace-seconds', '2']),
  ));

test('a 5-node cluster loses two members one after the other: both replaced', () =>
  withClusterRun(
    { agents: 7 },
    async ({ c, sched }) => {
      await waitFor(sched.url, deployed, TIMEOUT);
      assert.is(mdmTruth(c)?.mode, 'FiveNodes');
      const first = memberOf(c, 'slave');
      await loseMachine(c, first);
      await waitUntil(
        () => JSON.stringify(mdmTruth(c)),
        () => healedWithout(c, first.ip, 5),
        120_000,
      );
      const second = memberOf(c, 'tieBreaker');
      await loseMachine(c, second);
      await waitUntil(
        () => JSON.stringify(mdmTruth(c)),
        () => healedWithout(c, second.ip, 5),
        120_000,
      );
      const t = mdmTruth(c);
      assert.is(t?.mode, 'FiveNodes');
      assert.ok(t?.members.every((m) => m.ip !== first.ip && m.ip !== second.ip));
      assert.is(new Set(t?.members.map((m) => m.host)).size, 5, 'five different hosts');
      // The cluster shows the new member before the ledger records the replacement's last stage
      // (the lost member's leftovers cleaned up, on the job's next round): wait for the ledger.
      const want = JSON.stringify([first.ip, second.ip].sort());
      let done: string[] = [];
      await waitUntil(
        () => `both replacements done in the status; done: ${JSON.stringify(done)}`,
        async () => {
          done = (await replacements(sched.url))
            .filter((r) => r.stage === 'done')
            .map((r) => r.lost.ip)
            .sort();
          return JSON.stringify(done) === want;
        },
        30_000,
      );
    },
    (run) => run.start(['--member-grace-seconds', '2', '--mdm-count', '5']),
  ));

test.run();

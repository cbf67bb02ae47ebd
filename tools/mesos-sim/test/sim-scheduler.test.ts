import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requirePrereq } from '@scaleio-framework/testkit';
import { manualClock, schemaPrerequisite, type MesosSim } from '../src/index.js';
import { withMesosSim } from './support/cluster.js';
import {
  eventually,
  ofType,
  openStream,
  post,
  schemaProblems,
  subscribeCall,
} from './support/scheduler.js';

const api = (sim: MesosSim): string => `${sim.url}/api/v1/scheduler`;
const offersOf = (e: Record<string, unknown>): Record<string, unknown>[] =>
  (e['offers'] as { offers: Record<string, unknown>[] }).offers;

test('SUBSCRIBE: 200 RecordIO stream with Mesos-Stream-Id, SUBSCRIBED, an immediate HEARTBEAT, then offers per agent', async () => {
  await withMesosSim(
    {
      agents: [
        { hostname: 'a1.sim', attributes: [{ name: 'rack', type: 'TEXT', text: { value: 'r1' } }] },
        { hostname: 'a2.sim', attributes: [{ name: 'rack', type: 'TEXT', text: { value: 'r2' } }] },
      ],
      timing: { heartbeatMs: 100 },
    },
    async (sim) => {
      const s = await openStream(api(sim), subscribeCall({ failover_timeout: 60 }));
      try {
        assert.is(s.status, 200);
        assert.is(s.headers['content-type'], 'application/json');
        assert.match(s.streamId, /^[0-9a-f-]{36}$/);
        const sub = await s.next();
        assert.is(sub['type'], 'SUBSCRIBED');
        const subscribed = sub['subscribed'] as {
          framework_id: { value: string };
          heartbeat_interval_seconds: number;
        };
        assert.is(subscribed.framework_id.value, `${sim.state().masterId}-0000`);
        assert.is(subscribed.heartbeat_interval_seconds, 0.1);
        assert.is((await s.next())['type'], 'HEARTBEAT');
        const offers = offersOf(await s.next(ofType('OFFERS')));
        assert.equal(offers.map((o) => o['hostname']).sort(), ['a1.sim', 'a2.sim']);
        const o = offers[0] as Record<string, unknown>;
        assert.match(
          (o['id'] as { value: string }).value,
          new RegExp(`^${sim.state().masterId}-O\\d+$`),
        );
        assert.equal(o['allocation_info'], { role: 'storage' });
        const cpus = (o['resources'] as Record<string, unknown>[]).find(
          (r) => r['name'] === 'cpus',
        );
        assert.equal(cpus, {
          name: 'cpus',
          type: 'SCALAR',
          scalar: { value: 4 },
          role: '*',
          allocation_info: { role: 'storage' },
        });
        assert.is((o['attributes'] as { name: string }[])[0]?.name, 'rack');
        await s.next(ofType('HEARTBEAT'));
        const st = sim.state();
        assert.is(st.frameworks[0]?.connected, true);
        assert.is(st.frameworks[0]?.offers.length, 2);
        const viaHttp = (await (await fetch(`${sim.url}/sim/state`)).json()) as typeof st;
        assert.equal(viaHttp.frameworks[0]?.id, subscribed.framework_id.value);
        assert.equal(
          viaHttp.agents.map((a) => a.hostname),
          ['a1.sim', 'a2.sim'],
        );
      } finally {
        s.close();
      }
    },
  );
});

test('transport checks in the order of Master::Http::scheduler', async () => {
  await withMesosSim({}, async (sim) => {
    const url = api(sim);
    const s = await openStream(url, subscribeCall({ failover_timeout: 60 }));
    try {
      const fwId = ((await s.next())['subscribed'] as { framework_id: { value: string } })
        .framework_id.value;
      const call = { type: 'REVIVE', framework_id: { value: fwId } };
      const get = await fetch(url);
      assert.is(get.status, 405);
      assert.is(get.headers.get('allow'), 'POST');
      const noType = await fetch(url, {
        method: 'POST',
        body: new TextEncoder().encode(JSON.stringify(call)),
      });
      assert.is(noType.status, 400);
      assert.match(await noType.text(), /Content-Type/);
      assert.is(
        (await post(url, call, { 'Content-Type': 'application/json; charset=utf-8' })).status,
        415,
      );
      assert.is((await post(url, '{not json', { 'Mesos-Stream-Id': s.streamId })).status, 400);
      const missingUser = await post(url, {
        type: 'SUBSCRIBE',
        subscribe: { framework_info: { name: 'x' } },
      });
      assert.is(missingUser.status, 400);
      assert.is(
        (
          await post(
            url,
            { type: 'FOO', framework_id: { value: fwId } },
            { 'Mesos-Stream-Id': s.streamId },
          )
        ).status,
        501,
      );
      assert.is((await post(url, call)).status, 400, 'no stream id');
      assert.is(
        (await post(url, call, { 'Mesos-Stream-Id': 'other' })).status,
        400,
        'wrong stream id',
      );
      assert.is(
        (
          await post(
            url,
            { ...call, framework_id: { value: 'nope' } },
            { 'Mesos-Stream-Id': s.streamId },
          )
        ).status,
        400,
        'unknown framework',
      );
      assert.is((await post(url, subscribeCall(), { Accept: 'application/recordio' })).status, 406);
      assert.is((await post(url, subscribeCall(), { 'Mesos-Stream-Id': s.streamId })).status, 400);
      const mismatch = subscribeCall({ id: { value: 'a' } }, 'b');
      assert.is((await post(url, mismatch)).status, 400);
      const badAck = {
        type: 'ACKNOWLEDGE',
        framework_id: { value: fwId },
        acknowledge: {
          agent_id: { value: 'S' },
          task_id: { value: 't' },
          uuid: Buffer.from('not-a-uuid').toString('base64'),
        },
      };
      const ack = await post(url, badAck, { 'Mesos-Stream-Id': s.streamId });
      assert.is(ack.status, 400);
      assert.match(ack.text, /Not a valid UUID/);
      assert.is(
        (
          await post(
            url,
            { type: 'ACCEPT', framework_id: { value: fwId } },
            { 'Mesos-Stream-Id': s.streamId },
          )
        ).status,
        400,
        'missing accept',
      );
      assert.is((await post(url, call, { 'Mesos-Stream-Id': s.streamId })).status, 202);
    } finally {
      s.close();
    }
  });
});

test('DECLINE with refuse_seconds filters the agent until the filter expires; SUPPRESS and REVIVE', async () => {
  const clock = manualClock();
  await withMesosSim({ clock, timing: { allocationMs: 1000 } }, async (sim) => {
    const url = api(sim);
    const s = await openStream(url, subscribeCall());
    try {
      const fwId = ((await s.next())['subscribed'] as { framework_id: { value: string } })
        .framework_id.value;
      const h = { 'Mesos-Stream-Id': s.streamId };
      const offer = offersOf(await s.next(ofType('OFFERS')))[0] as { id: { value: string } };
      const decline = {
        type: 'DECLINE',
        framework_id: { value: fwId },
        decline: { offer_ids: [offer.id], filters: { refuse_seconds: 10 } },
      };
      assert.is((await post(url, decline, h)).status, 202);
      assert.equal(sim.state().frameworks[0]?.offers, []);
      clock.advance(9000);
      assert.equal(sim.state().frameworks[0]?.offers, [], 'filtered for 10 s');
      clock.advance(1000);
      const again = offersOf(await s.next(ofType('OFFERS')))[0] as { id: { value: string } };
      assert.is.not(again.id.value, offer.id.value);
      // SUPPRESS: declined with no filter, nothing comes back.
      assert.is(
        (await post(url, { type: 'SUPPRESS', framework_id: { value: fwId } }, h)).status,
        202,
      );
      await post(
        url,
        {
          type: 'DECLINE',
          framework_id: { value: fwId },
          decline: { offer_ids: [again.id], filters: { refuse_seconds: 0 } },
        },
        h,
      );
      clock.advance(5000);
      assert.equal(sim.state().frameworks[0]?.offers, []);
      assert.equal(sim.state().frameworks[0]?.suppressedRoles, ['storage']);
      // REVIVE clears suppression and filters at once.
      assert.is(
        (
          await post(
            url,
            { type: 'REVIVE', framework_id: { value: fwId }, revive: { roles: ['storage'] } },
            h,
          )
        ).status,
        202,
      );
      await s.next(ofType('OFFERS'));
      assert.is(sim.state().frameworks[0]?.offers.length, 1);
    } finally {
      s.close();
    }
  });
});

test('refused subscriptions: 200, one ERROR event, then the stream closes', async () => {
  await withMesosSim({}, async (sim) => {
    const url = api(sim);
    const cases: [Record<string, unknown>, RegExp][] = [
      [subscribeCall({ capabilities: [] }), /MULTI_ROLE/],
      [subscribeCall({ roles: ['a//b'] }), /Role 'a\/\/b' is invalid/],
      [
        {
          ...subscribeCall(),
          subscribe: { ...(subscribeCall()['subscribe'] as object), suppressed_roles: ['x'] },
        },
        /Suppressed role 'x'/,
      ],
    ];
    for (const [body, message] of cases) {
      const s = await openStream(url, body);
      assert.is(s.status, 200);
      const e = await s.next();
      assert.is(e['type'], 'ERROR');
      assert.match((e['error'] as { message: string }).message, message);
      await eventually(() => (s.closed() ? true : undefined));
    }
    assert.equal(sim.state().frameworks, []);
  });
});

test('UPDATE_FRAMEWORK: roles change synchronously (200); immutable fields give 400', async () => {
  await withMesosSim({}, async (sim) => {
    const url = api(sim);
    const s = await openStream(url, subscribeCall());
    try {
      const fwId = ((await s.next())['subscribed'] as { framework_id: { value: string } })
        .framework_id.value;
      await s.next(ofType('OFFERS'));
      const info = {
        id: { value: fwId },
        user: 'root',
        name: 'sim-test',
        roles: ['other'],
        capabilities: [{ type: 'MULTI_ROLE' }],
      };
      const h = { 'Mesos-Stream-Id': s.streamId };
      const ok = await post(
        url,
        {
          type: 'UPDATE_FRAMEWORK',
          framework_id: { value: fwId },
          update_framework: { framework_info: info },
        },
        h,
      );
      assert.is(ok.status, 200);
      const rescinded = await s.next(ofType('RESCIND'));
      assert.ok(rescinded['rescind'] !== undefined);
      const offer = (
        (await s.next(ofType('OFFERS')))['offers'] as {
          offers: { allocation_info: { role: string } }[];
        }
      ).offers[0];
      assert.is(offer?.allocation_info.role, 'other');
      const bad = await post(
        url,
        {
          type: 'UPDATE_FRAMEWORK',
          framework_id: { value: fwId },
          update_framework: { framework_info: { ...info, user: 'mallory' } },
        },
        h,
      );
      assert.is(bad.status, 400);
      assert.match(bad.text, /user/);
      assert.equal(sim.state().frameworks[0]?.roles, ['other']);
    } finally {
      s.close();
    }
  });
});

test('failover: disconnect rescinds offers and 403s calls; resubscribe with the id; failover_timeout removes', async () => {
  const clock = manualClock();
  await withMesosSim({ clock }, async (sim) => {
    const url = api(sim);
    const s1 = await openStream(url, subscribeCall({ failover_timeout: 30 }));
    const fwId = ((await s1.next())['subscribed'] as { framework_id: { value: string } })
      .framework_id.value;
    await s1.next(ofType('OFFERS'));
    // A second subscription with the same id takes over; the old stream gets ERROR and closes.
    const s2 = await openStream(url, subscribeCall({ failover_timeout: 30 }, fwId));
    const err = await s1.next(ofType('ERROR'));
    assert.equal(err['error'], { message: 'Framework failed over' });
    await eventually(() => (s1.closed() ? true : undefined));
    assert.is(
      ((await s2.next())['subscribed'] as { framework_id: { value: string } }).framework_id.value,
      fwId,
    );
    s2.close();
    await eventually(
      () => (sim.state().frameworks[0]?.connected === false ? true : undefined),
      5000,
      'disconnect',
    );
    assert.equal(sim.state().frameworks[0]?.offers, []);
    const call = { type: 'REVIVE', framework_id: { value: fwId } };
    assert.is((await post(url, call, { 'Mesos-Stream-Id': s2.streamId })).status, 403);
    clock.advance(29_000);
    assert.is(sim.state().frameworks.length, 1, 'still within failover_timeout');
    clock.advance(1_000);
    assert.is(sim.state().frameworks.length, 0);
    assert.equal(sim.state().removedFrameworks, [fwId]);
    const s3 = await openStream(url, subscribeCall({}, fwId));
    assert.is(s3.status, 200);
    assert.equal((await s3.next())['error'], { message: 'Framework has been removed' });
    await eventually(() => (s3.closed() ? true : undefined));
  });
});

test('master failover: the follower answers 307 with a protocol-relative Location, then leads', async () => {
  await withMesosSim({ masters: 2 }, async (sim) => {
    const [m0, m1] = sim.masters;
    if (m0 === undefined || m1 === undefined) throw new Error('two masters expected');
    const redirect = await post(`${m1.url}/api/v1/scheduler`, subscribeCall());
    assert.is(redirect.status, 307);
    assert.is(redirect.headers['location'], `//127.0.0.1:${m0.port}/api/v1/scheduler`);
    const s = await openStream(
      `${m0.url}/api/v1/scheduler`,
      subscribeCall({ failover_timeout: 60 }),
    );
    const fwId = ((await s.next())['subscribed'] as { framework_id: { value: string } })
      .framework_id.value;
    const oldMaster = sim.state().masterId;
    await sim.failover(1);
    await eventually(() => (s.closed() ? true : undefined));
    const back = await post(`${m0.url}/api/v1/scheduler`, subscribeCall({}, fwId));
    assert.is(back.status, 307);
    assert.is(back.headers['location'], `//127.0.0.1:${m1.port}/api/v1/scheduler`);
    const s2 = await openStream(
      `${m1.url}/api/v1/scheduler`,
      subscribeCall({ failover_timeout: 60 }, fwId),
    );
    try {
      const sub = (await s2.next())['subscribed'] as {
        framework_id: { value: string };
        master_info: { id: string; port: number };
      };
      assert.is(sub.framework_id.value, fwId);
      assert.is(sub.master_info.port, m1.port);
      assert.is.not(sub.master_info.id, oldMaster);
      const offer = offersOf(await s2.next(ofType('OFFERS')))[0] as { id: { value: string } };
      assert.ok(offer.id.value.startsWith(sub.master_info.id));
    } finally {
      s2.close();
    }
  });
});

test('fault injection: 503s, stalled heartbeats, dropped streams', async () => {
  const clock = manualClock();
  await withMesosSim({ clock, timing: { heartbeatMs: 50 } }, async (sim) => {
    const url = api(sim);
    const leader = sim.leader();
    if (leader === undefined) throw new Error('leader expected');
    leader.faults.fail503 = 2;
    assert.is((await post(url, subscribeCall())).status, 503);
    assert.is((await post(url, subscribeCall())).status, 503);
    const s = await openStream(url, subscribeCall({ failover_timeout: 60 }));
    const fwId = (
      (await s.next(ofType('SUBSCRIBED')))['subscribed'] as {
        framework_id: { value: string };
      }
    ).framework_id.value;
    await s.next(ofType('HEARTBEAT'));
    leader.faults.stallHeartbeats = true;
    const seen = s.events.length;
    clock.advance(5 * 50); // five heartbeat periods, synchronously
    // An ordered marker: the master answers this RECONCILE at once (TASK_LOST, unknown agent),
    // after any heartbeat of those five periods on the same stream.
    const reconcile = {
      type: 'RECONCILE',
      framework_id: { value: fwId },
      reconcile: { tasks: [{ task_id: { value: 'marker' }, agent_id: { value: 'nowhere' } }] },
    };
    assert.is((await post(url, reconcile, { 'Mesos-Stream-Id': s.streamId })).status, 202);
    const answer = await s.next(ofType('UPDATE'));
    assert.ok(
      s.events.slice(seen, s.events.indexOf(answer)).every((e) => e['type'] !== 'HEARTBEAT'),
      'no heartbeat while stalled',
    );
    leader.faults.stallHeartbeats = false;
    clock.advance(50);
    await s.next(ofType('HEARTBEAT'));
    leader.dropStreams();
    await eventually(() => (s.closed() ? true : undefined));
    await eventually(() => (sim.state().frameworks[0]?.connected === false ? true : undefined));
  });
});

requirePrereq(test, schemaPrerequisite())(
  'every JSON the simulator sent or accepted matched the official schema (except the deliberately bad calls)',
  () => {
    const deliberate = schemaProblems.filter((p) =>
      /missing required field "user"|unknown Type value "FOO"/.test(p),
    );
    assert.is(deliberate.length, 2, 'the walker saw the deliberately invalid calls');
    assert.equal(
      schemaProblems.filter((p) => !deliberate.includes(p)),
      [],
    );
  },
);

test.run();

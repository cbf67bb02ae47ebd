import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { manualClock, startEc2Sim } from '../src/index.js';

const inst = {
  instanceId: 'i-0ccc000000000003',
  availabilityZone: 'eu-west-1b',
  instanceType: 'm5.large',
};

test('IMDSv2: token required, TTL honoured, identity document and placement per instance', async () => {
  const clock = manualClock();
  const sim = await startEc2Sim({ region: 'eu-west-1', instances: [inst], now: clock.now });
  try {
    const base = sim.imdsUrl(inst.instanceId);
    const noToken = await fetch(`${base}/latest/meta-data/instance-id`);
    assert.is(noToken.status, 401);
    const noTtl = await fetch(`${base}/latest/api/token`, { method: 'PUT' });
    assert.is(noTtl.status, 400);
    const tokRes = await fetch(`${base}/latest/api/token`, {
      method: 'PUT',
      headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' },
    });
    assert.is(tokRes.status, 200);
    const token = await tokRes.text();
    const get = async (p: string) => {
      const r = await fetch(`${base}${p}`, { headers: { 'x-aws-ec2-metadata-token': token } });
      return { status: r.status, body: await r.text() };
    };
    assert.equal(await get('/latest/meta-data/instance-id'), {
      status: 200,
      body: inst.instanceId,
    });
    assert.equal(await get('/latest/meta-data/placement/availability-zone'), {
      status: 200,
      body: 'eu-west-1b',
    });
    const doc = JSON.parse(
      (await get('/latest/dynamic/instance-identity/document')).body,
    ) as Record<string, unknown>;
    assert.is(doc['instanceId'], inst.instanceId);
    assert.is(doc['availabilityZone'], 'eu-west-1b');
    assert.is(doc['region'], 'eu-west-1');
    assert.is(doc['instanceType'], 'm5.large');
    assert.is((await get('/latest/meta-data/nothing-here')).status, 404);
    const other = await fetch(`${sim.imdsUrl('i-unknown')}/latest/api/token`, {
      method: 'PUT',
      headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' },
    });
    assert.is(other.status, 404);
    clock.advance(60_000);
    assert.is((await get('/latest/meta-data/instance-id')).status, 401);
  } finally {
    await sim.stop();
  }
});

test.run();

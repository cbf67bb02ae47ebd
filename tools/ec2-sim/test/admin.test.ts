import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEc2Sim } from '../src/index.js';

const ec2 = async (url: string, body: string) => {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return { status: r.status, text: await r.text(), rid: r.headers.get('x-amzn-requestid') };
};
const admin = async (url: string, path: string, body?: unknown) => {
  const r = await fetch(
    `${url}${path}`,
    body === undefined
      ? {}
      : { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) },
  );
  return { status: r.status, json: (await r.json()) as unknown };
};

test('admin endpoints: add an instance, throttle, scripted failure, volume snapshot; bad bodies are 400', async () => {
  const sim = await startEc2Sim({
    timings: { createMs: 0, attachMs: 0, detachMs: 0, deleteMs: 0 },
  });
  const addInstance = () =>
    admin(sim.url, '/sim/instances', {
      instanceId: 'i-0ad',
      availabilityZone: 'us-east-1c',
      instanceType: 'm5.large',
    });
  try {
    assert.is((await addInstance()).status, 200);
    assert.is((await addInstance()).status, 409);
    assert.is((await admin(sim.url, '/sim/instances', { instanceId: 5 })).status, 400);
    assert.is((await admin(sim.url, '/sim/throttle', 'not json')).status, 400);
    assert.is(
      (await admin(sim.url, '/sim/throttle', { count: 1, action: 'DescribeInstances' })).status,
      200,
    );
    const t = await ec2(sim.url, 'Action=DescribeInstances&Version=2016-11-15');
    assert.is(t.status, 503);
    assert.match(t.text, /<Code>RequestLimitExceeded<\/Code>/);
    assert.ok(t.rid);
    const d = await ec2(sim.url, 'Action=DescribeInstances&Version=2016-11-15');
    assert.is(d.status, 200);
    assert.match(
      d.text,
      /<DescribeInstancesResponse xmlns="http:\/\/ec2.amazonaws.com\/doc\/2016-11-15\/"><requestId>/,
    );
    assert.match(d.text, /<availabilityZone>us-east-1c<\/availabilityZone>/);
    assert.is(
      (
        await admin(sim.url, '/sim/fail', {
          action: 'CreateVolume',
          code: 'InsufficientVolumeCapacity',
          message: 'none left',
          status: 503,
        })
      ).status,
      200,
    );
    const f = await ec2(
      sim.url,
      'Action=CreateVolume&Version=2016-11-15&AvailabilityZone=us-east-1c&Size=1&VolumeType=gp3',
    );
    assert.is(f.status, 503);
    assert.match(f.text, /InsufficientVolumeCapacity/);
    const vols = (await admin(sim.url, '/sim/volumes')).json as Array<{
      attachment?: { instanceId: string; device: string };
    }>;
    assert.equal(
      vols.map((v) => [v.attachment?.instanceId, v.attachment?.device]),
      [['i-0ad', '/dev/xvda']],
    );
    const unknown = await ec2(sim.url, 'Action=RunInstances&Version=2016-11-15');
    assert.is(unknown.status, 400);
    assert.match(unknown.text, /InvalidAction/);
    assert.is((await ec2(sim.url, 'Version=2016-11-15')).status, 400);
  } finally {
    await sim.stop();
  }
});

test('timings change at run time: new transitions take the new duration, running ones keep theirs', async () => {
  const sim = await startEc2Sim({
    instances: [{ instanceId: 'i-0t', availabilityZone: 'us-east-1a', instanceType: 'm5.large' }],
    timings: { createMs: 0, attachMs: 0, detachMs: 0, deleteMs: 0 },
  });
  const create = () =>
    ec2(
      sim.url,
      'Action=CreateVolume&Version=2016-11-15&AvailabilityZone=us-east-1a&Size=10&VolumeType=gp3',
    );
  const stateOf = (body: string) => {
    const id = /<volumeId>(vol-[0-9a-f]+)<\/volumeId>/.exec(body)?.[1] ?? '';
    return () => sim.volumes().find((v) => v.volumeId === id)?.state;
  };
  try {
    assert.is((await admin(sim.url, '/sim/timings', { createMs: -1 })).status, 400);
    assert.is((await admin(sim.url, '/sim/timings', { createMs: 'slow' })).status, 400);
    assert.is((await admin(sim.url, '/sim/timings', 'not json')).status, 400);
    const slow = await admin(sim.url, '/sim/timings', { createMs: 60_000 });
    assert.is(slow.status, 200);
    assert.equal((slow.json as { timings: unknown }).timings, {
      createMs: 60_000,
      attachMs: 0,
      detachMs: 0,
      deleteMs: 0,
    });
    const a = stateOf((await create()).text);
    sim.tick();
    assert.is(a(), 'creating');
    assert.is(sim.setTimings({ createMs: 0 }), true);
    assert.is(sim.setTimings({ attachMs: Number.NaN }), false);
    const b = stateOf((await create()).text);
    sim.tick();
    assert.is(b(), 'available');
    assert.is(a(), 'creating', 'a running transition keeps its end time');
  } finally {
    await sim.stop();
  }
});

test.run();

// gce-sim on the wire: the metadata server's rules, bearer tokens, the JSON error envelope,
// operations that finish later (with QUOTA_EXCEEDED and the attach limit as operation errors),
// requestId replay, the CLI convention and the attachment webhook.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSimCli, manualClock, simBin, startCloudSimCli } from '@scaleio-framework/testkit';
import { parseCli, startGceSim, type GceSim } from '../src/index.js';

const bin = simBin(import.meta.url, 'gce-sim');
const Z = 'us-central1-a';

/** The value at `path` in a JSON answer (its shapes are asserted, not typed). */
const at = (j: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (o, k) => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined),
    j,
  );

/** A REST caller with a token from the sim's metadata server. */
const rest = async (sim: Pick<GceSim, 'url' | 'project'>) => {
  const t = await fetch(`${sim.url}/computeMetadata/v1/instance/service-accounts/default/token`, {
    headers: { 'Metadata-Flavor': 'Google' },
  });
  assert.is(t.headers.get('metadata-flavor'), 'Google');
  const { access_token: token } = (await t.json()) as { access_token: string };
  const base = `${sim.url}/compute/v1/projects/${sim.project}`;
  return async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: r.status, json: (await r.json()) as unknown };
  };
};

test('the metadata server wants Metadata-Flavor: Google; compute wants a token it issued', async () => {
  const sim = await startGceSim({
    instances: [{ name: 'vm-1', zone: Z, machineType: 'n2-standard-4' }],
  });
  try {
    const bare = await fetch(`${sim.url}/computeMetadata/v1/project/project-id`);
    assert.is(bare.status, 403);
    const ok = await fetch(`${sim.url}/computeMetadata/v1/instance/zone`, {
      headers: { 'Metadata-Flavor': 'Google' },
    });
    assert.match(await ok.text(), /^projects\/\d+\/zones\/us-central1-a$/);
    const anon = await fetch(
      `${sim.url}/compute/v1/projects/${sim.project}/zones/${Z}/instances/vm-1`,
    );
    assert.is(anon.status, 401);
    const body = (await anon.json()) as {
      error: { code: number; status: string; errors: Array<{ reason: string }> };
    };
    assert.is(body.error.code, 401);
    assert.is(body.error.status, 'UNAUTHENTICATED');
    const call = await rest(sim);
    const inst = await call('GET', `/zones/${Z}/instances/vm-1`);
    assert.is(inst.status, 200);
    assert.is(at(inst.json, 'disks', '0', 'boot'), true, 'the boot disk is attached');
    const missing = await call('GET', `/zones/${Z}/disks/nope`);
    assert.is(missing.status, 404);
    assert.is(at(missing.json, 'error', 'errors', '0', 'reason'), 'notFound');
  } finally {
    await sim.stop();
  }
});

test('disks.insert: an operation that finishes later; a repeated requestId answers the same operation', async () => {
  const clock = manualClock();
  const sim = await startGceSim({
    now: clock.now,
    timings: { createMs: 1000 },
    instances: [{ name: 'vm-1', zone: Z, machineType: 'n2-standard-4' }],
  });
  try {
    const call = await rest(sim);
    const rid = '2f1e1c1a-1b2c-4d3e-8f40-123456789abc';
    const disk = {
      name: 'd-1',
      sizeGb: '20',
      type: `zones/${Z}/diskTypes/pd-balanced`,
      labels: { owner: 'x' },
    };
    const a = await call('POST', `/zones/${Z}/disks?requestId=${rid}`, disk);
    assert.is(at(a.json, 'status'), 'RUNNING');
    assert.match(
      String(at(a.json, 'name')),
      /^operation-\d+-[0-9a-f]{13}-[0-9a-f]{8}-[0-9a-f]{8}$/,
    );
    assert.is(at((await call('GET', `/zones/${Z}/disks/d-1`)).json, 'status'), 'CREATING');
    const b = await call('POST', `/zones/${Z}/disks?requestId=${rid}`, { ...disk, sizeGb: '30' });
    assert.is(at(b.json, 'name'), at(a.json, 'name'), 'the same operation');
    clock.advance(1000);
    sim.tick();
    const op = await call('GET', `/zones/${Z}/operations/${String(at(a.json, 'name'))}`);
    assert.is(at(op.json, 'status'), 'DONE');
    const d = await call('GET', `/zones/${Z}/disks/d-1`);
    assert.is(at(d.json, 'status'), 'READY');
    assert.is(at(d.json, 'sizeGb'), '20', 'the replay changed nothing');
    assert.is(sim.disks().filter((x) => x.name === 'd-1').length, 1);
    const dup = await call('POST', `/zones/${Z}/disks`, disk);
    assert.is(dup.status, 409);
    assert.is(at(dup.json, 'error', 'errors', '0', 'reason'), 'alreadyExists');
    const big = await call('POST', `/zones/${Z}/disks`, { ...disk, name: 'd-2', sizeGb: '70000' });
    assert.is(big.status, 400);
    const badRid = await call('POST', `/zones/${Z}/disks?requestId=nope`, { ...disk, name: 'd-3' });
    assert.is(badRid.status, 400);
  } finally {
    await sim.stop();
  }
});

test('quota and the attach limit fail the operation, not the call', async () => {
  const clock = manualClock();
  const sim = await startGceSim({
    now: clock.now,
    quotaGb: { SSD_TOTAL_GB: 100 },
    instances: [{ name: 'tiny', zone: Z, machineType: 'e2-micro', dataDisks: 15 }],
  });
  try {
    const call = await rest(sim);
    const ins = await call('POST', `/zones/${Z}/disks`, {
      name: 'big',
      sizeGb: '200',
      type: 'pd-ssd',
    });
    assert.is(ins.status, 200);
    clock.advance(1000);
    sim.tick();
    const op = await call('GET', `/zones/${Z}/operations/${String(at(ins.json, 'name'))}`);
    assert.is(at(op.json, 'status'), 'DONE');
    assert.is(at(op.json, 'error', 'errors', '0', 'code'), 'QUOTA_EXCEEDED');
    assert.is(at(op.json, 'httpErrorStatusCode'), 403);
    assert.is((await call('GET', `/zones/${Z}/disks/big`)).status, 404, 'no disk');
    await call('POST', `/zones/${Z}/disks`, { name: 'small', sizeGb: '10', type: 'pd-standard' });
    clock.advance(1000);
    sim.tick();
    const att = await call('POST', `/zones/${Z}/instances/tiny/attachDisk`, {
      source: `zones/${Z}/disks/small`,
      deviceName: 'small',
    });
    assert.is(att.status, 200);
    clock.advance(1000);
    sim.tick();
    const aop = await call('GET', `/zones/${Z}/operations/${String(at(att.json, 'name'))}`);
    assert.is(at(aop.json, 'error', 'errors', '0', 'code'), 'UNSUPPORTED_OPERATION');
    assert.match(
      String(at(aop.json, 'error', 'errors', '0', 'message')),
      /less than or equal to \[16\], Requested : \[17\]/,
    );
    const mt = await call('GET', `/zones/${Z}/machineTypes/e2-micro`);
    assert.is(at(mt.json, 'maximumPersistentDisks'), 16);
  } finally {
    await sim.stop();
  }
});

test('parseCli: instances, timings, project; bad input is an error value', () => {
  const noFile = (): string => {
    throw new Error('no file');
  };
  const r = parseCli(
    ['--instance', 'vm-1:us-central1-a:n2-standard-4', '--attach-ms', '5', '--project', 'p1'],
    noFile,
  );
  assert.ok(r.ok);
  if (r.ok) {
    assert.equal(r.options.instances, [
      { name: 'vm-1', zone: 'us-central1-a', machineType: 'n2-standard-4' },
    ]);
    assert.is(r.options.timings?.attachMs, 5);
    assert.is(r.options.project, 'p1');
  }
  assert.not.ok(parseCli(['--instance', 'vm-1:us-central1-a'], noFile).ok);
  assert.not.ok(parseCli(['--port', 'x'], noFile).ok);
  const bad = parseCli(['--config', 'c.json'], () => '{"instances":[{"name":1}]}');
  assert.not.ok(bad.ok);
});

test('the CLI convention, and attachment events POSTed to the webhook with the device name', async () => {
  await checkSimCli({
    name: 'gce-sim',
    bin,
    args: ['--instance', 'vm-1:us-central1-a:n2-standard-4'],
  });
  const { url, hook, stop } = await startCloudSimCli({
    name: 'gce-sim',
    bin,
    instance: 'vm-1:us-central1-a:n2-standard-4',
  });
  try {
    const call = await rest({ url, project: 'sio-sim-project' });
    await call('POST', `/zones/${Z}/disks`, { name: 'd-1', sizeGb: '10' });
    // --create-ms 0: the insert is DONE by the tick that ends its own request.
    assert.is(at((await call('GET', `/zones/${Z}/disks/d-1`)).json, 'status'), 'READY');
    await call('POST', `/zones/${Z}/instances/vm-1/attachDisk`, {
      source: `zones/${Z}/disks/d-1`,
      deviceName: 'data-1',
    });
    assert.equal(await hook.waitFor(1), [
      { instanceId: 'vm-1', volumeId: 'd-1', device: 'data-1', sizeGiB: 10, state: 'attached' },
    ]);
  } finally {
    await stop();
  }
});

test.run();

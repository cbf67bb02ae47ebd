/**
 * Login, token reuse, proactive renewal (injected clock), one re-login and
 * retry on 401 with the same body, logout and the version check, against a
 * scripted loopback gateway.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createClient,
  createVolume,
  findById,
  listObjects,
  removeVolume,
  type ScaleIOClient,
  type StoragePoolId,
  type VolumeId,
} from '../src/index.js';
import {
  decodeBasic,
  startFakeGateway,
  type FakeGateway,
  type Reply,
  type Seen,
} from './helpers/fake-gateway.js';

const USER = 'admin';
const PASSWORD = 'Sup3r-Secret-pw';
const MIN = 60_000;

/** A gateway with a token table the test controls. */
const tokenGateway = async (answer: (req: Seen) => Reply = () => ({ status: 200, body: [] })) => {
  const valid = new Set<string>();
  let issued = 0;
  const gw = await startFakeGateway((req) => {
    const { user, secret } = decodeBasic(req.authorization);
    if (req.path === '/api/login') {
      if (user !== USER || secret !== PASSWORD)
        return {
          status: 401,
          body: { message: 'Unauthorized', httpStatusCode: 401, errorCode: 0 },
        };
      issued += 1;
      const tok = `TOKEN-${issued}-abcdef`;
      valid.add(tok);
      return { status: 200, body: tok };
    }
    if (!valid.has(secret))
      return { status: 401, body: { message: 'Unauthorized', httpStatusCode: 401, errorCode: 0 } };
    if (req.path === '/api/logout') {
      valid.delete(secret);
      return { status: 200 };
    }
    return answer(req);
  });
  return { gw, valid, logins: () => gw.seen.filter((s) => s.path === '/api/login').length };
};

const clientFor = (gw: FakeGateway, clock: { t: number }, password = PASSWORD): ScaleIOClient => {
  const c = createClient({ baseUrl: gw.url, username: USER, password, now: () => clock.t });
  assert.ok(c._tag === 'Right');
  return c.right;
};

test('logs in with Basic auth once and reuses the token as Basic(user:token)', async () => {
  const { gw, logins } = await tokenGateway();
  try {
    const clock = { t: 0 };
    const c = clientFor(gw, clock);
    for (let i = 0; i < 3; i++) assert.ok((await c.run(listObjects('Volume')))._tag === 'Right');
    assert.is(logins(), 1);
    assert.equal(decodeBasic(gw.seen[0]!.authorization), { user: USER, secret: PASSWORD });
    assert.equal(decodeBasic(gw.seen[1]!.authorization), { user: USER, secret: 'TOKEN-1-abcdef' });
    assert.equal(
      gw.seen.map((s) => `${s.method} ${s.path}`),
      ['GET /api/login', ...Array(3).fill('GET /api/types/Volume/instances')],
    );
  } finally {
    await gw.close();
  }
});

test('renews before the 10-minute idle limit, not earlier', async () => {
  const { gw, logins } = await tokenGateway();
  try {
    const clock = { t: 1_000_000 };
    const c = clientFor(gw, clock);
    await c.run(listObjects('Volume'));
    clock.t += 9 * MIN; // idle 9 min: still good
    await c.run(listObjects('Volume'));
    assert.is(logins(), 1);
    clock.t += 9.5 * MIN; // idle 9.5 min: within the 30 s margin -> renew first
    await c.run(listObjects('Volume'));
    assert.is(logins(), 2);
    assert.equal(
      decodeBasic(gw.seen.at(-1)!.authorization).secret,
      'TOKEN-2-abcdef',
      'the new token is used',
    );
    assert.is(
      gw.seen.at(-2)?.path,
      '/api/login',
      'login came before the request, no 401 round trip',
    );
  } finally {
    await gw.close();
  }
});

test('renews before the 8-hour lifetime even when never idle', async () => {
  const { gw, logins } = await tokenGateway();
  try {
    const clock = { t: 0 };
    const c = clientFor(gw, clock);
    await c.run(listObjects('Volume'));
    for (let elapsed = 5 * MIN; elapsed < 8 * 60 * MIN - MIN; elapsed += 5 * MIN) {
      clock.t = elapsed;
      await c.run(listObjects('Volume'));
    }
    assert.is(logins(), 1, 'no renewal inside the lifetime');
    clock.t = 8 * 60 * MIN - 20_000; // 20 s before expiry: inside the margin
    await c.run(listObjects('Volume'));
    assert.is(logins(), 2);
  } finally {
    await gw.close();
  }
});

test('on 401 logs in again exactly once and repeats the request with the same body', async () => {
  let created = 0;
  const { gw, valid, logins } = await tokenGateway((req) => {
    if (req.path === '/api/types/Volume/instances') {
      created += 1;
      return { status: 200, body: { id: 'aaaabbbb00000001' } };
    }
    return { status: 200, body: [] };
  });
  try {
    const clock = { t: 0 };
    const c = clientFor(gw, clock);
    await c.login();
    valid.clear(); // e.g. gateway restart
    const r = await c.run(
      createVolume({
        name: 'vol1',
        storagePoolId: '40395b7b00000000' as StoragePoolId,
        sizeInKb: 1,
      }),
    );
    assert.equal(r, { _tag: 'Right', right: 'aaaabbbb00000001' });
    assert.is(logins(), 2);
    const posts = gw.seen.filter((s) => s.method === 'POST');
    assert.is(posts.length, 2);
    assert.is(posts[0]!.body, posts[1]!.body);
    assert.equal(JSON.parse(posts[1]!.body), {
      name: 'vol1',
      storagePoolId: '40395b7b00000000',
      volumeSizeInKb: '8388608',
      volumeType: 'ThinProvisioned',
    });
    assert.is(created, 1, 'the first attempt was rejected before it did anything');
  } finally {
    await gw.close();
  }
});

test('a second 401 is returned as Auth, after exactly one re-login', async () => {
  const gw = await startFakeGateway((req) =>
    req.path === '/api/login'
      ? { status: 200, body: 'tok-that-never-works' }
      : { status: 401, body: { message: 'Unauthorized', httpStatusCode: 401, errorCode: 0 } },
  );
  try {
    const c = clientFor(gw, { t: 0 });
    const r = await c.run(removeVolume('aaaabbbb00000001' as VolumeId));
    assert.ok(r._tag === 'Left' && r.left._tag === 'Auth');
    assert.equal(
      gw.seen.map((s) => s.path),
      [
        '/api/login',
        '/api/instances/Volume::aaaabbbb00000001/action/removeVolume',
        '/api/login',
        '/api/instances/Volume::aaaabbbb00000001/action/removeVolume',
      ],
    );
  } finally {
    await gw.close();
  }
});

test('bad credentials: one login attempt, an Auth error, no loop', async () => {
  const { gw } = await tokenGateway();
  try {
    const c = clientFor(gw, { t: 0 }, 'wrong-password');
    const r = await c.run(listObjects('Volume'));
    assert.ok(r._tag === 'Left' && r.left._tag === 'Auth');
    assert.is(r.left._tag === 'Auth' && r.left.httpStatus, 401);
    assert.is(gw.seen.length, 1);
  } finally {
    await gw.close();
  }
});

test('concurrent first calls share one login', async () => {
  const { gw, logins } = await tokenGateway();
  try {
    const c = clientFor(gw, { t: 0 });
    const rs = await Promise.all([1, 2, 3, 4, 5].map(() => c.run(listObjects('Sds'))));
    assert.ok(rs.every((r) => r._tag === 'Right'));
    assert.is(logins(), 1);
  } finally {
    await gw.close();
  }
});

test('logout invalidates the token; the next call logs in again', async () => {
  const { gw, valid, logins } = await tokenGateway();
  try {
    const c = clientFor(gw, { t: 0 });
    await c.login();
    assert.ok(c.hasToken());
    assert.equal(await c.logout(), { _tag: 'Right', right: undefined });
    assert.not.ok(c.hasToken());
    assert.is(valid.size, 0);
    assert.is(gw.seen.at(-1)?.path, '/api/logout');
    assert.equal(
      await c.logout(),
      { _tag: 'Right', right: undefined },
      'logout without a token is a no-op',
    );
    await c.run(listObjects('Sds'));
    assert.is(logins(), 2);
  } finally {
    await gw.close();
  }
});

test('connect checks /api/version: 2.x/3.x accepted, 4.x and garbage refused', async () => {
  for (const [answer, ok] of [
    ['2.0', true],
    ['3.6', true],
    ['4.5', false],
    ['R2_6', false],
  ] as const) {
    const { gw } = await tokenGateway((req) =>
      req.path === '/api/version' ? { status: 200, body: answer } : { status: 404 },
    );
    try {
      const r = await clientFor(gw, { t: 0 }).connect();
      if (ok) assert.ok(r._tag === 'Right' && r.right.raw === answer, answer);
      else assert.ok(r._tag === 'Left' && r.left._tag === 'UnsupportedVersion', answer);
    } finally {
      await gw.close();
    }
  }
});

test('actions accept 200 and 204 with empty or {} bodies; gateway errors are mapped', async () => {
  let n = 0;
  const { gw } = await tokenGateway((req) => {
    if (req.path.endsWith('/action/removeVolume')) {
      n += 1;
      if (n === 1) return { status: 200 };
      if (n === 2) return { status: 204 };
      if (n === 3) return { status: 200, body: {} };
      return {
        status: 500,
        body: { message: 'Volume is mapped', httpStatusCode: 500, errorCode: 104 },
      };
    }
    if (req.path.startsWith('/api/instances/Volume::'))
      return {
        status: 500,
        body: { message: 'Could not find the volume', httpStatusCode: 500, errorCode: 79 },
      };
    return { status: 200, body: 'not-a-list' };
  });
  try {
    const c = clientFor(gw, { t: 0 });
    const id = 'aaaabbbb00000001' as VolumeId;
    for (let i = 0; i < 3; i++)
      assert.equal(await c.run(removeVolume(id)), { _tag: 'Right', right: undefined });
    const mapped = await c.run(removeVolume(id));
    assert.ok(mapped._tag === 'Left' && mapped.left._tag === 'Mapped');
    const missing = await c.run(findById('Volume', id));
    assert.ok(missing._tag === 'Left' && missing.left._tag === 'NotFound');
    assert.is(
      missing._tag === 'Left' && missing.left._tag === 'NotFound' && missing.left.errorCode,
      79,
    );
    const bad = await c.run(listObjects('Volume'));
    assert.ok(bad._tag === 'Left' && bad.left._tag === 'Decode');
  } finally {
    await gw.close();
  }
});

test('an unreachable gateway is a Transport error', async () => {
  const { gw } = await tokenGateway();
  const url = gw.url;
  await gw.close();
  const c = createClient({ baseUrl: url, username: USER, password: PASSWORD, timeoutMs: 5000 });
  assert.ok(c._tag === 'Right');
  const r = await c.right.run(listObjects('Volume'));
  assert.ok(r._tag === 'Left' && r.left._tag === 'Transport');
  assert.is(r._tag === 'Left' && r.left._tag === 'Transport' && r.left.code, 'ECONNREFUSED');
});

test('bad configuration is a Config error, not a throw', () => {
  for (const baseUrl of ['not a url', 'ftp://x', 'https://u:p@host']) {
    const c = createClient({ baseUrl, username: USER, password: PASSWORD });
    assert.ok(c._tag === 'Left' && c.left._tag === 'Config', baseUrl);
    assert.not.match(JSON.stringify(c), PASSWORD);
  }
  const empty = createClient({ baseUrl: 'https://h', username: USER, password: '' });
  assert.ok(empty._tag === 'Left');
});

test.run();

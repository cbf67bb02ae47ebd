/** Idempotent `ensure`, and the MDM cluster fallback for 2.x gateways, against a scripted gateway. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createClient,
  createProtectionDomain,
  ensure,
  findByName,
  type ScaleIOClient,
} from '../src/index.js';
import {
  startFakeGateway,
  type FakeGateway,
  type Reply,
  type Seen,
} from './helpers/fake-gateway.js';
import { fixtureTest, readFixture } from './helpers/fixtures.js';

const withGateway = async (
  handle: (req: Seen) => Reply,
  f: (c: ScaleIOClient, gw: FakeGateway) => Promise<void>,
) => {
  const gw = await startFakeGateway((req) =>
    req.path === '/api/login' ? { status: 200, body: 'tok-123456' } : handle(req),
  );
  try {
    const c = createClient({ baseUrl: gw.url, username: 'admin', password: 'pw-123456' });
    assert.ok(c._tag === 'Right');
    await f(c.right, gw);
  } finally {
    await gw.close();
  }
};

const PD = { id: '74d855a900000000', name: 'pd1' };

test('ensure creates once, then finds', async () => {
  const pds: (typeof PD)[] = [];
  await withGateway(
    (req) => {
      if (req.method === 'GET') return { status: 200, body: pds };
      pds.push(PD);
      return { status: 200, body: { id: PD.id } };
    },
    async (c, gw) => {
      const first = await ensure(
        c.run,
        findByName('ProtectionDomain', 'pd1'),
        createProtectionDomain({ name: 'pd1' }),
      );
      assert.equal(first, { _tag: 'Right', right: { id: PD.id, created: true } });
      const second = await ensure(
        c.run,
        findByName('ProtectionDomain', 'pd1'),
        createProtectionDomain({ name: 'pd1' }),
      );
      assert.equal(second, { _tag: 'Right', right: { id: PD.id, created: false } });
      assert.is(gw.seen.filter((s) => s.method === 'POST').length, 1);
    },
  );
});

test('ensure treats a racing "name in use" as found', async () => {
  let listed = 0;
  await withGateway(
    (req) => {
      if (req.method === 'GET') return { status: 200, body: listed++ === 0 ? [] : [PD] };
      return {
        status: 500,
        body: {
          message: 'Protection Domain name already in use',
          httpStatusCode: 500,
          errorCode: 141,
        },
      };
    },
    async (c) => {
      const r = await ensure(
        c.run,
        findByName('ProtectionDomain', 'pd1'),
        createProtectionDomain({ name: 'pd1' }),
      );
      assert.equal(r, { _tag: 'Right', right: { id: PD.id, created: false } });
    },
  );
});

test('ensure passes other errors through without creating', async () => {
  await withGateway(
    (req) =>
      req.method === 'GET'
        ? {
            status: 500,
            body: { message: 'Communication error', httpStatusCode: 500, errorCode: 69 },
          }
        : { status: 200, body: { id: PD.id } },
    async (c, gw) => {
      const r = await ensure(
        c.run,
        findByName('ProtectionDomain', 'pd1'),
        createProtectionDomain({ name: 'pd1' }),
      );
      assert.ok(r._tag === 'Left' && r.left._tag === 'Gateway' && r.left.errorCode === 69);
      assert.is(gw.seen.filter((s) => s.method === 'POST').length, 0);
    },
  );
});

fixtureTest(
  'mdmCluster uses queryMdmCluster, and falls back to System.mdmCluster on a 2.x gateway',
  async () => {
    const system = readFixture('netdata-go.d.plugin/client-dev/system.json') as {
      mdmCluster: unknown;
    };
    await withGateway(
      (req) =>
        req.path === '/api/instances/System/queryMdmCluster'
          ? { status: 200, body: system.mdmCluster }
          : { status: 500, body: { message: 'unexpected', httpStatusCode: 500, errorCode: 0 } },
      async (c) => {
        const r = await c.mdmCluster();
        assert.ok(r._tag === 'Right' && r.right.clusterState === 'ClusteredDegraded');
      },
    );
    await withGateway(
      (req) =>
        req.path === '/api/types/System/instances'
          ? { status: 200, body: [system] }
          : { status: 404, body: { message: 'Not Found', httpStatusCode: 404, errorCode: 0 } },
      async (c, gw) => {
        const r = await c.mdmCluster();
        assert.ok(r._tag === 'Right' && r.right.master?.name === 'Manager1');
        assert.equal(
          gw.seen.map((s) => s.path).filter((p) => p !== '/api/login'),
          ['/api/instances/System/queryMdmCluster', '/api/types/System/instances'],
        );
      },
    );
  },
);

test.run();

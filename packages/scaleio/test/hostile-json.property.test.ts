// The gateway client's decoders fed hostile but valid JSON (testkit `hostileJson`: nesting 100,000
// deep, huge numbers, `__proto__` keys, …) in place of any value of real-shaped answers, and
// arbitrary JSON: each gives a value or a `Decode`/gateway error — never a throw, never a
// polluted Object.prototype.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import * as t from 'io-ts';
import { anyJson, assertUnpolluted } from '@scaleio-framework/testkit';
import {
  decodeWith,
  fromGatewayResponse,
  parseBodyText,
  queryMultiStatistics,
  Sds,
  StoragePool,
  System,
  Volume,
} from '../src/index.js';

const RUNS = { numRuns: 120 };
const system = {
  id: '1d0a1c4d2b0b1e0f',
  name: 'scaleio',
  mdmCluster: {
    clusterMode: 'ThreeNodes',
    clusterState: 'ClusteredNormal',
    master: { id: 'm1', name: 'Manager1', ips: ['10.0.0.11'], role: 'Manager', status: 'Normal' },
    slaves: [{ id: 'm2', ips: ['10.0.0.12'], role: 'Manager', status: 'Normal' }],
    tieBreakers: [{ id: 't1', ips: ['10.0.0.13'], role: 'TieBreaker', status: 'Normal' }],
  },
  links: [{ rel: 'self', href: '/api/instances/System::1d0a1c4d2b0b1e0f' }],
};
const pool = { id: '40395b7b00000000', name: 'default', protectionDomainId: 'pd1', links: [] };
const sds = {
  id: 's1',
  name: 'sds1',
  ipList: [{ ip: '10.0.0.11', role: 'all' }],
  faultSetId: null,
};
const volume = { id: 'v1', name: 'vol1', sizeInKb: 8388608, mappedSdcInfo: [{ sdcId: 'c1' }] };
const stats = {
  System: { capacityInUseInKb: 1, maxCapacityInKb: 10 },
  StoragePool: { '40395b7b00000000': { capacityInUseInKb: 1, maxCapacityInKb: 10 } },
};

const survives = (r: { _tag: string }) => {
  assert.ok(r._tag === 'Left' || r._tag === 'Right');
  assertUnpolluted();
};

test('object answers (System, StoragePool, Sds, Volume lists): a value or a Decode error', () => {
  const cases: [unknown, t.Decoder<unknown, unknown>][] = [
    [[system], t.array(System)],
    [[pool], t.array(StoragePool)],
    [sds, Sds],
    [[volume], t.array(Volume)],
  ];
  for (const [base, codec] of cases)
    fc.assert(
      fc.property(anyJson(base), (text) => {
        const body = parseBodyText(text, 'x');
        survives(body);
        if (body._tag === 'Right') {
          const r = decodeWith(codec, 'x')(body.right);
          survives(r);
          if (r._tag === 'Left') assert.is(r.left._tag, 'Decode');
        }
      }),
      RUNS,
    );
});

test('statistics answers: a value or a Decode error', () => {
  fc.assert(
    fc.property(anyJson(stats), (text) => {
      const body = parseBodyText(text, 'stats');
      if (body._tag === 'Right') survives(queryMultiStatistics([]).parse(body.right));
    }),
    RUNS,
  );
});

test('error answers: any body gives a gateway error that never quotes a secret', () => {
  const secret = 'Gw-S3cret-7a1';
  fc.assert(
    fc.property(
      anyJson({ message: `bad password ${secret}`, httpStatusCode: 401, errorCode: 0 }),
      fc.constantFrom(400, 401, 403, 404, 500, 503),
      (text, status) => {
        const e = fromGatewayResponse(status, text, [secret]);
        assertUnpolluted();
        assert.type(e._tag, 'string');
        assert.not.ok(JSON.stringify(e).includes(secret));
      },
    ),
    RUNS,
  );
});

test.run();

/**
 * Capacity arithmetic checked against the real ScaleIO 2.6 captures
 * (netdata testdata/selected_statistics.json, instances.json). Expected
 * numbers below were worked out by hand from those captures.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  allocatableKbOf,
  canAllocate,
  percentFull,
  percentFullOf,
  poolCapacity,
  queryMultiStatistics,
  spareCapacityKb,
  type Statistics,
} from '../src/index.js';
import { fixtureTest, readFixture } from './helpers/fixtures.js';

const POOL1 = '40395b7b00000000'; // StoragePool1: 3 x 103 808 000 KiB devices, two 16 GiB thin volumes
const POOL2 = '4039828b00000001'; // StoragePool2: empty

const pools = (): Record<string, Statistics> => {
  const r = queryMultiStatistics([]).parse(
    readFixture('netdata-go.d.plugin/testdata/selected_statistics.json'),
  );
  assert.ok(r._tag === 'Right');
  const byId = r.right.byType.StoragePool;
  assert.ok(byId !== undefined, 'the capture has StoragePool statistics');
  return byId;
};

/** One pool of the capture. */
const pool = (id: string): Statistics => {
  const p = pools()[id];
  assert.ok(p !== undefined, `pool ${id} in the capture`);
  return p;
};

fixtureTest(
  'percent full of the 2.6 pool: 50 110 464 / (311 424 000 - 31 141 888) = 17.88 %',
  () => {
    const p = pool(POOL1);
    const r = percentFull(p);
    assert.ok(r._tag === 'Right');
    assert.is(r.right, (100 * 50110464) / 280282112);
    assert.is(r.right.toFixed(2), '17.88');
  },
);

fixtureTest(
  'capacity picture of the 2.6 pool: usable 140 141 056, allocatable 96 GiB, provisioned 32 GiB',
  () => {
    const p = pool(POOL1);
    const r = poolCapacity(p);
    assert.ok(r._tag === 'Right');
    assert.equal(r.right, {
      maxKb: 311424000,
      spareKb: 31141888,
      inUseKb: 50110464,
      percentFull: (100 * 50110464) / 280282112,
      usableKb: 140141056,
      allocatableKb: 100663296,
      provisionedKb: 33554432,
    });
    assert.ok(canAllocate(r.right, 96 * 1024 * 1024));
    assert.not.ok(canAllocate(r.right, 96 * 1024 * 1024 + 1));
  },
);

fixtureTest('the empty 2.6 pool is 0 % full with 136 GiB allocatable', () => {
  const p = pool(POOL2);
  const r = poolCapacity(p);
  assert.ok(r._tag === 'Right');
  assert.is(r.right.percentFull, 0);
  assert.is(r.right.allocatableKb, 142606336);
  assert.is(r.right.usableKb, (332395520 - 33239040) / 2);
});

test('spare = max x 10 % rounded down to whole MiB', () => {
  assert.is(spareCapacityKb(311424000, 10), 31141888);
  assert.is(spareCapacityKb(332395520, 10), 33239040);
});

fixtureTest('spare: exact for both 2.6 pools of the capture', () => {
  const all = pools();
  const doc = readFixture('netdata-go.d.plugin/testdata/instances.json') as {
    storagePoolList: { id: string; sparePercentage: number }[];
  };
  for (const sp of doc.storagePoolList) {
    const s = all[sp.id];
    assert.ok(s?.maxCapacityInKb !== undefined);
    assert.is(spareCapacityKb(s.maxCapacityInKb, sp.sparePercentage), s.spareCapacityInKb);
  }
});

test('allocatable = floor8GiB((max - spare)/2 - (thick + thinAllocated)/2)', () => {
  assert.is(allocatableKbOf(311424000, 31141888, 0, 67108864), 100663296);
  assert.is(allocatableKbOf(332395520, 33239040, 0, 0), 142606336);
  assert.is(allocatableKbOf(100, 10, 0, 1000), 0);
});

fixtureTest('allocatable: exact for both 2.6 pools of the capture', () => {
  const all = pools();
  for (const s of Object.values(all)) {
    assert.is(
      allocatableKbOf(
        s.maxCapacityInKb!,
        s.spareCapacityInKb!,
        s.thickCapacityInUseInKb!,
        s.thinCapacityAllocatedInKb!,
      ),
      s.capacityAvailableForVolumeAllocationInKb,
    );
  }
});

fixtureTest('system figures are the sum of the pools in the capture', () => {
  const r = queryMultiStatistics([]).parse(
    readFixture('netdata-go.d.plugin/testdata/selected_statistics.json'),
  );
  assert.ok(r._tag === 'Right');
  const sys = r.right.system!;
  const ps = Object.values(r.right.byType.StoragePool!);
  assert.is(
    sys.spareCapacityInKb,
    ps.reduce((a, p) => a + p.spareCapacityInKb!, 0),
  );
  const sysPct = percentFull(sys);
  assert.ok(sysPct._tag === 'Right');
  assert.is(sysPct.right, (100 * 50110464) / (643819520 - 64380928));
});

test('missing properties are named, never guessed', () => {
  const r = percentFull({ capacityInUseInKb: 1 });
  assert.ok(r._tag === 'Left' && r.left._tag === 'Decode');
  assert.match(r.left.message, /maxCapacityInKb, spareCapacityInKb/);
  const c = poolCapacity({ maxCapacityInKb: 10, spareCapacityInKb: 1, capacityInUseInKb: 0 });
  assert.ok(c._tag === 'Left');
  assert.match(c.left.message, /capacityAvailableForVolumeAllocationInKb/);
});

test('percent full of a pool without capacity', () => {
  assert.is(percentFullOf(0, 0, 0), 0);
  assert.is(percentFullOf(5, 10, 10), 100);
  assert.is(percentFullOf(45, 100, 10), 50);
});

test.run();

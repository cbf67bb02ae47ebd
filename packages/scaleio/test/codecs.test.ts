/** Codec behaviour beyond the fixtures: loose numbers and booleans, typo aliases, rejections. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BoolLike,
  Device,
  NumberLike,
  Sds,
  Statistics,
  StoragePool,
  Volume,
  VolumeId,
} from '../src/index.js';

test('numbers and booleans are accepted as strings', () => {
  assert.equal(NumberLike.decode('8388608'), { _tag: 'Right', right: 8388608 });
  assert.equal(NumberLike.decode(12), { _tag: 'Right', right: 12 });
  assert.is(NumberLike.decode('12abc')._tag, 'Left');
  assert.is(NumberLike.decode('')._tag, 'Left');
  assert.is(NumberLike.decode(null)._tag, 'Left');
  for (const [v, b] of [
    ['TRUE', true],
    ['true', true],
    [true, true],
    ['FALSE', false],
    [false, false],
  ] as const) {
    assert.equal(BoolLike.decode(v), { _tag: 'Right', right: b });
  }
  assert.is(BoolLike.decode('yes')._tag, 'Left');
  const sp = StoragePool.decode({
    id: '40395b7b00000000',
    name: 'p',
    protectionDomainId: '74d855a900000000',
    sparePercentage: '10',
    zeroPaddingEnabled: 'TRUE',
  });
  assert.ok(
    sp._tag === 'Right' && sp.right.sparePercentage === 10 && sp.right.zeroPaddingEnabled === true,
  );
});

test('known typos are read into the correct keys', () => {
  const s = Statistics.decode({
    thinCapacityAllocatedInKm: '67108864',
    rfacheReadHit: 3,
    pendingMovingOutNormrebuildJobs: 1,
  });
  assert.ok(s._tag === 'Right');
  assert.is(s.right.thinCapacityAllocatedInKb, 67108864);
  assert.is(s.right.rfcacheReadHit, 3);
  assert.is(s.right.pendingMovingOutNormRebuildJobs, 1);
  const both = Statistics.decode({ thinCapacityAllocatedInKm: 1, thinCapacityAllocatedInKb: 2 });
  assert.ok(
    both._tag === 'Right' && both.right.thinCapacityAllocatedInKb === 2,
    'the correct spelling wins',
  );
  const d = Device.decode({
    id: 'ebbd9d6400000000',
    sdsId: '130dcabd00000000',
    storagePoolId: '40395b7b00000000',
    deviceCurrentPathname: '/dev/sdc',
  });
  assert.ok(d._tag === 'Right' && d.right.deviceCurrentPathName === '/dev/sdc');
});

test('SDS ipList accepts the wrapped create shape too', () => {
  const s = Sds.decode({
    id: '130dcabd00000000',
    name: 's',
    protectionDomainId: '74d855a900000000',
    ipList: [{ SdsIp: { ip: '10.0.0.1', role: 'all' } }, { ip: '10.0.0.2', role: 'sdcOnly' }],
  });
  assert.ok(s._tag === 'Right');
  assert.equal(s.right.ipList, [
    { ip: '10.0.0.1', role: 'all' },
    { ip: '10.0.0.2', role: 'sdcOnly' },
  ]);
  const badRole = Sds.decode({
    id: '130dcabd00000000',
    name: 's',
    protectionDomainId: '74d855a900000000',
    ipList: [{ ip: 'x', role: 'boss' }],
  });
  assert.is(badRole._tag, 'Left');
});

test('ids must be 16 hex characters; required fields are required', () => {
  assert.is(VolumeId.decode('993a355e00000001')._tag, 'Right');
  assert.is(VolumeId.decode('993a355e0000001')._tag, 'Left');
  assert.is(VolumeId.decode('zz3a355e00000001')._tag, 'Left');
  const base = {
    id: '993a355e00000001',
    name: 'v',
    sizeInKb: 8388608,
    storagePoolId: '40395b7b00000000',
    volumeType: 'ThinProvisioned',
  };
  assert.is(Volume.decode(base)._tag, 'Right');
  assert.is(Volume.decode({ ...base, sizeInKb: 'big' })._tag, 'Left');
  assert.is(Volume.decode({ ...base, volumeType: 'Fat' })._tag, 'Left');
  const { storagePoolId: _omit, ...noPool } = base;
  assert.is(Volume.decode(noPool)._tag, 'Left');
  assert.is(Volume.decode({ ...base, mappedSdcInfo: null })._tag, 'Right');
});

test.run();

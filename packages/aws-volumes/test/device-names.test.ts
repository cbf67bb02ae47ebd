import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultDeviceNames, deviceSlot, markRecent, pickDeviceName } from '../src/index.js';

test('default candidates: sd[f-z] first, unique slots, enough for the largest limits', () => {
  assert.is(defaultDeviceNames[0], '/dev/sdf');
  assert.is(defaultDeviceNames[20], '/dev/sdz');
  assert.is(defaultDeviceNames.at(-1), '/dev/xvddx');
  assert.is(new Set(defaultDeviceNames.map(deviceSlot)).size, defaultDeviceNames.length);
  assert.ok(defaultDeviceNames.length >= 96);
});

test('slots: sdf and xvdf are the same; partitions count as their disk', () => {
  assert.is(deviceSlot('/dev/sdf'), deviceSlot('/dev/xvdf'));
  assert.is(deviceSlot('/dev/sda1'), deviceSlot('/dev/xvda'));
  assert.is.not(deviceSlot('/dev/xvdba'), deviceSlot('/dev/xvdb'));
});

test('picks the first name free in the mapping and not recently used', () => {
  const cands = ['/dev/sdf', '/dev/sdg', '/dev/sdh'];
  assert.is(pickDeviceName(cands, ['/dev/xvda'], new Map(), 0, 1000), '/dev/sdf');
  assert.is(pickDeviceName(cands, ['/dev/xvda', '/dev/xvdf'], new Map(), 0, 1000), '/dev/sdg');
  const recent = markRecent(new Map(), '/dev/sdg', 100, 1000);
  assert.is(pickDeviceName(cands, ['/dev/xvdf'], recent, 500, 1000), '/dev/sdh');
  assert.is(
    pickDeviceName(cands, ['/dev/xvdf'], recent, 1100, 1000),
    '/dev/sdg',
    'quarantine over',
  );
  assert.is(
    pickDeviceName(cands, ['/dev/sdf', '/dev/sdg', '/dev/sdh'], new Map(), 0, 1000),
    undefined,
  );
});

test('markRecent drops expired entries and keeps the new one', () => {
  const a = markRecent(new Map([['/dev/sdf', 0]]), '/dev/sdg', 2000, 1000);
  assert.equal([...a], [['/dev/sdg', 2000]]);
});

test.run();

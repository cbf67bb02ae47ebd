import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  guestPaths,
  nvmeByIdPath,
  nvmeSerial,
  serialMatches,
  xenDeviceName,
} from '../src/index.js';

test('NVMe serial is the volume id without its dash', () => {
  assert.is(nvmeSerial('vol-0123456789abcdef0'), 'vol0123456789abcdef0');
  assert.is(
    nvmeByIdPath('vol-0123456789abcdef0'),
    '/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0123456789abcdef0',
  );
});

test('serial file content (space padded) matches with or without the dash, and only that volume', () => {
  assert.ok(serialMatches('vol0123456789abcdef0     \n', 'vol-0123456789abcdef0'));
  assert.ok(serialMatches('vol-0123456789abcdef0', 'vol-0123456789abcdef0'));
  assert.not.ok(serialMatches('vol0123456789abcdef1', 'vol-0123456789abcdef0'));
  assert.not.ok(serialMatches('', 'vol-0123456789abcdef0'));
});

test('Xen renames sd* to xvd*, leaves xvd* alone', () => {
  assert.is(xenDeviceName('/dev/sdf'), '/dev/xvdf');
  assert.is(xenDeviceName('/dev/xvdba'), '/dev/xvdba');
  assert.is(xenDeviceName('/dev/sda1'), '/dev/xvda1');
});

test('guest paths: by-id first on Nitro, Xen name first without NVMe, no duplicates', () => {
  assert.equal(guestPaths('vol-0abc', '/dev/sdf', 'required'), [
    '/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0abc',
    '/dev/xvdf',
    '/dev/sdf',
  ]);
  assert.equal(guestPaths('vol-0abc', '/dev/sdf', 'unsupported'), ['/dev/xvdf', '/dev/sdf']);
  assert.equal(guestPaths('vol-0abc', '/dev/xvdbb', 'unknown'), [
    '/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0abc',
    '/dev/xvdbb',
  ]);
});

test.run();

/** The guest's hold: an SDS's device path maps to the attached volume behind it. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { volumeOfPath, type DeviceSpec } from '../src/index.js';

const devices: DeviceSpec[] = [
  { name: 'xvdb', sizeBytes: 1 },
  { name: 'xvdf', sizeBytes: 1, attachment: { volumeId: 'vol-0aa', device: '/dev/sdf' } },
  {
    name: 'nvme2n1',
    sizeBytes: 1,
    serial: 'vol0bb',
    attachment: { volumeId: 'vol-0bb', device: '/dev/sdg' },
  },
] as DeviceSpec[];

test('Xen names, NVMe by-id links, and local disks (no volume)', () => {
  assert.is(volumeOfPath(devices, '/dev/xvdf'), 'vol-0aa');
  assert.is(
    volumeOfPath(devices, '/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0bb'),
    'vol-0bb',
  );
  assert.is(volumeOfPath(devices, '/dev/nvme2n1'), 'vol-0bb');
  assert.is(volumeOfPath(devices, '/dev/xvdb'), undefined);
  assert.is(volumeOfPath(devices, '/dev/xvdz'), undefined);
});

test.run();

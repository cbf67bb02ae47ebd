// Compute Engine guests: a disk attached to the instance shows as the next free SCSI disk with the
// udev links google-<device name> and scsi-0Google_PersistentDisk_<device name>, and
// `readlink -e` resolves the link to it, as on a real GCE VM.
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AttachmentEvent } from '../src/index.js';
import { startNodeSim } from '../src/index.js';
import { ok, run } from './helpers.js';

test('gce naming: the next free sdX, linked by device name; readlink -e resolves it; detach removes it', async () => {
  const sim = ok(
    await startNodeSim({
      nodes: [{ id: 'g1', os: 'ubuntu-20.04', instanceId: 'sds-1', deviceNaming: 'gce' }],
    }),
  );
  let emit: (e: AttachmentEvent) => void = () => undefined;
  sim.subscribe({ onAttachment: (l) => (emit = l) });
  try {
    const root = ok(sim.hostFor('g1')).root;
    const e = { instanceId: 'sds-1', volumeId: 'sio-d1', device: 'sio-d1', sizeGiB: 50 };
    emit({ ...e, state: 'attached' });
    const lsblk = await run(sim, 'g1', ['lsblk', '-d', '-n', '-o', 'NAME']);
    assert.equal(lsblk.stdout.trim().split('\n').sort(), ['loop0', 'sda', 'sdb', 'sdc', 'sdd']);
    assert.is(readlinkSync(join(root, 'dev/disk/by-id/google-sio-d1')), '../../sdd');
    assert.is(
      readlinkSync(join(root, 'dev/disk/by-id/scsi-0Google_PersistentDisk_sio-d1')),
      '../../sdd',
    );
    const r = await run(sim, 'g1', ['readlink', '-e', '/dev/disk/by-id/google-sio-d1']);
    assert.equal([r.code, r.stdout], [0, '/dev/sdd\n']);
    const missing = await run(sim, 'g1', ['readlink', '-e', '/dev/disk/by-id/google-nope']);
    assert.equal([missing.code, missing.stdout], [1, '']);
    emit({ ...e, state: 'detached' });
    const after = await run(sim, 'g1', ['lsblk', '-d', '-n', '-o', 'NAME']);
    assert.not.match(after.stdout, /sdd/);
  } finally {
    await sim.stop();
  }
});

test.run();

// A new cloud volume is found by its identity (NVMe serial, Xen device name), never by size.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHost, type HostCore } from '@scaleio-framework/installers';
import { resolveDevice } from '../src/resolve-device.js';

const G = 2 ** 30;
/** A `Right`, as the Host interface answers. */
const right = <A>(right: A) => ({ _tag: 'Right' as const, right });

interface Disk {
  readonly name: string;
  readonly size: number;
  readonly serial?: string;
  readonly mountpoint?: string;
}

/** A host whose `lsblk -P` lists `disks` and whose sysfs has their NVMe serials. */
const hostOf = (disks: readonly Disk[], links: Readonly<Record<string, string>> = {}) => {
  const core: HostCore = {
    description: 'test',
    run: async (req) => {
      const [cmd] = req.argv;
      const link = cmd === 'readlink' ? links[String(req.argv[2])] : undefined;
      if (cmd === 'readlink')
        return right({
          commandLine: req.argv.join(' '),
          exitCode: link === undefined ? 1 : 0,
          stdout: link === undefined ? '' : `${link}\n`,
          stderr: '',
          durationMs: 0,
        });
      const stdout =
        cmd === 'lsblk'
          ? disks
              .map(
                (d) =>
                  `NAME="${d.name}" TYPE="disk" SIZE="${d.size}" MOUNTPOINT="${d.mountpoint ?? ''}" FSTYPE="" RO="0"\n`,
              )
              .join('')
          : '';
      return right({
        commandLine: req.argv.join(' '),
        exitCode: cmd === 'blkid' ? 2 : 0,
        stdout,
        stderr: '',
        durationMs: 0,
      });
    },
    readFile: async (p) => {
      const name = /^\/sys\/block\/([^/]+)\/device\/serial$/.exec(p)?.[1];
      const d = disks.find((x) => x.name === name);
      // The kernel prints the 20-byte serial field space-padded.
      return right(d?.serial === undefined ? undefined : `${d.serial.padEnd(20)}\n`);
    },
    writeFile: async () => right(undefined),
    stat: async () => right(undefined),
    remove: async () => right(undefined),
    list: async () => right([]),
    download: async () => right({ path: '', bytes: 0, sha256: '', attempts: 1 }),
  };
  return createHost(core);
};

const spec = (volumeId: string, sizeGiB: number, device = '/dev/sdf') => ({
  kind: 'resolve-device' as const,
  volumeId,
  sizeGiB,
  guestPaths: [
    `/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${volumeId.replace('-', '')}`,
    device.replace('/dev/sd', '/dev/xvd'),
    device,
  ],
});

test('Compute Engine: the disk its google-<device name> link names, not another free one', async () => {
  const gce = (device: string) => ({
    kind: 'resolve-device' as const,
    volumeId: `zones/us-central1-a/disks/${device}`,
    sizeGiB: 100,
    guestPaths: [
      `/dev/disk/by-id/google-${device}`,
      `/dev/disk/by-id/scsi-0Google_PersistentDisk_${device}`,
    ],
  });
  const disks = [
    { name: 'sda', size: 10 * G, mountpoint: '/' },
    { name: 'sdb', size: 100 * G },
    { name: 'sdc', size: 100 * G },
  ];
  const host = hostOf(disks, { '/dev/disk/by-id/google-sio-abc': '/dev/sdc' });
  assert.equal(await resolveDevice(host, gce('sio-abc')), { ok: true, path: '/dev/sdc' });
  const missing = await resolveDevice(host, gce('sio-def'));
  assert.is(missing.ok, false, 'no link yet: not visible, never the other free disk');
});

test('Nitro: the namespace whose serial is the volume id, even beside a free disk of the same size', async () => {
  const host = hostOf([
    { name: 'nvme0n1', size: 8 * G, serial: 'vol0root', mountpoint: '/' },
    { name: 'nvme1n1', size: 100 * G, serial: 'vol0aaaaaaaaaaaaaaaa' },
    { name: 'nvme2n1', size: 100 * G, serial: 'vol0bbbbbbbbbbbbbbbb' },
  ]);
  assert.equal(await resolveDevice(host, spec('vol-0bbbbbbbbbbbbbbbb', 100)), {
    ok: true,
    path: '/dev/nvme2n1',
  });
});

test('Nitro: a volume not visible yet is an error, never the free disk of the same size', async () => {
  const host = hostOf([{ name: 'nvme1n1', size: 100 * G, serial: 'vol0aaaaaaaaaaaaaaaa' }]);
  assert.equal(await resolveDevice(host, spec('vol-0ccccccccccccccccc', 100)), {
    ok: false,
    error: 'volume vol-0ccccccccccccccccc is not visible on this node yet',
  });
});

test('the identified disk must be free and of the volume size; the error says why not', async () => {
  const mounted = hostOf([
    { name: 'nvme1n1', size: 100 * G, serial: 'vol0ddd', mountpoint: '/data' },
  ]);
  const m = await resolveDevice(mounted, spec('vol-0ddd', 100));
  assert.is(m.ok, false);
  if (!m.ok)
    assert.match(
      m.error,
      /\/dev\/nvme1n1 \(NVMe serial vol0ddd\) is not an empty disk: mounted at \/data/,
    );
  const small = hostOf([{ name: 'nvme1n1', size: 50 * G, serial: 'vol0ddd' }]);
  const s = await resolveDevice(small, spec('vol-0ddd', 100));
  assert.is(s.ok, false);
  if (!s.ok) assert.match(s.error, /has 53687091200 bytes, expected 107374182400 for 100 GiB/);
});

test('Xen: the requested device under its xvd name', async () => {
  const host = hostOf([
    { name: 'xvda', size: 8 * G, mountpoint: '/' },
    { name: 'xvdf', size: 100 * G },
    { name: 'xvdg', size: 100 * G },
  ]);
  assert.equal(await resolveDevice(host, spec('vol-0eee', 100, '/dev/sdg')), {
    ok: true,
    path: '/dev/xvdg',
  });
  assert.is((await resolveDevice(host, spec('vol-0eee', 100, '/dev/sdh'))).ok, false);
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  inventoryDisks,
  parseBlkid,
  parseLsblk,
  parseLsblkPairs,
  selectFreeDisks,
  type BlockInventory,
} from '../src/index.js';
import { fakeNode } from './fake-node.js';
import { LSBLK_TREE, type Dev } from './lsblk-tree.js';

const G = 1024 ** 3;
const TREE = LSBLK_TREE;

/** `lsblk -P -b -o NAME,TYPE,SIZE,MOUNTPOINT,FSTYPE,RO` of a tree: depth-first, one line each. */
const toPairs = (devs: readonly Dev[]): string =>
  devs
    .flatMap((d) => [d, ...toLines(d.children ?? [])])
    .map(
      (d) =>
        `NAME="${d.name.replace(/^\/dev\/(mapper\/)?/, '')}" TYPE="${d.type}" SIZE="${d.size}" MOUNTPOINT="${d.mountpoint ?? ''}" FSTYPE="${d.fstype ?? ''}" RO="${d.ro ? 1 : 0}"\n`,
    )
    .join('');
const toLines = (devs: readonly Dev[]): Dev[] =>
  devs.flatMap((d) => [d, ...toLines(d.children ?? [])]);

const LSBLK = toPairs(TREE.blockdevices);

const inventory = (): BlockInventory => {
  const d = parseLsblk(JSON.stringify(TREE));
  if (d._tag === 'Left') throw new Error(d.left.message);
  return {
    devices: d.right,
    signatures: parseBlkid(
      '/dev/sda1: UUID="1" TYPE="ext4" PARTUUID="x"\n/dev/xvdh: PTUUID="9" PTTYPE="gpt"\n',
    ),
  };
};

test('only whole, unused, writable, real disks are offered; every other device says why', () => {
  const s = selectFreeDisks(inventory());
  assert.equal(s.offered, [
    { path: '/dev/nvme1n1', sizeBytes: 500 * G },
    { path: '/dev/xvdf', sizeBytes: 200 * G },
  ]);
  const why = Object.fromEntries(s.rejected.map((r) => [r.path, r.reason]));
  assert.match(why['/dev/sda'] ?? '', /mounted at \//);
  assert.match(why['/dev/xvdg'] ?? '', /holds a xfs filesystem/);
  assert.match(why['/dev/xvdh'] ?? '', /blkid finds a gpt signature/);
  assert.match(why['/dev/xvdi'] ?? '', /mounted at \/data/);
  assert.match(why['/dev/xvdj'] ?? '', /read-only/);
  assert.match(why['/dev/xvdk'] ?? '', /has partitions or holders/);
  for (const v of [
    '/dev/loop0',
    '/dev/ram0',
    '/dev/scinia',
    '/dev/dm-0',
    '/dev/mapper/crypt',
    '/dev/sr0',
  ])
    assert.match(why[v] ?? '', /virtual device/, v);
  assert.match(why['/dev/nvme2n1'] ?? '', /below the minimum/);
});

test('allow and deny lists, and a minimum size', () => {
  assert.equal(
    selectFreeDisks(inventory(), { allow: ['/dev/xvd*'] }).offered.map((d) => d.path),
    ['/dev/xvdf'],
  );
  assert.equal(
    selectFreeDisks(inventory(), { deny: ['/dev/xvdf'] }).offered.map((d) => d.path),
    ['/dev/nvme1n1'],
  );
  assert.equal(
    selectFreeDisks(inventory(), { minSizeBytes: 300 * G }).offered.map((d) => d.path),
    ['/dev/nvme1n1'],
  );
  // The allow list never brings back a device that is in use.
  assert.equal(selectFreeDisks(inventory(), { allow: ['/dev/sda', '/dev/loop0'] }).offered, []);
});

test('older lsblk output (strings for numbers) decodes; bad output is a BadOutput value', () => {
  const old = parseLsblk(
    '{"blockdevices":[{"name":"sdb","type":"disk","size":"1073741824","mountpoint":null,"fstype":null,"ro":"0"}]}',
  );
  assert.equal(old, {
    _tag: 'Right',
    right: [
      {
        path: '/dev/sdb',
        type: 'disk',
        sizeBytes: 1073741824,
        mountpoint: null,
        fstype: null,
        readOnly: false,
        children: [],
      },
    ],
  });
  const bad = parseLsblk('{"blockdevices":[{"name":3}]}');
  assert.is(bad._tag, 'Left');
  if (bad._tag === 'Left') assert.match(bad.left.message, /^lsblk: .*name/);
  assert.is(parseLsblk('lsblk: unknown column')._tag, 'Left');
});

test('lsblk -P lines decode into the tree lsblk printed depth-first; bad lines are BadOutput', () => {
  const text = toPairs([
    TREE.blockdevices[0] as Dev, // sda with sda1 mounted on /
    { name: 'xvdf', type: 'disk', size: 7, mountpoint: null, fstype: null, ro: false },
    TREE.blockdevices[6] as Dev, // xvdk with an LVM volume on it
  ]);
  const d = parseLsblkPairs(text);
  if (d._tag === 'Left') throw new Error(d.left.message);
  assert.equal(
    d.right.map((x) => [
      x.path,
      x.sizeBytes,
      x.children.map((c) => [c.path, c.type, c.mountpoint]),
    ]),
    [
      ['/dev/sda', 100 * G, [['/dev/sda1', 'part', '/']]],
      ['/dev/xvdf', 7, []],
      ['/dev/xvdk', 200 * G, [['/dev/vg-lv', 'lvm', null]]],
    ],
  );
  assert.equal(parseLsblkPairs('NAME="a\\x20b" TYPE="disk" SIZE="1" RO="1"\n'), {
    _tag: 'Right',
    right: [
      {
        path: '/dev/a b',
        type: 'disk',
        sizeBytes: 1,
        mountpoint: null,
        fstype: null,
        readOnly: true,
        children: [],
      },
    ],
  });
  const bad = parseLsblkPairs("lsblk: invalid option -- 'J'\n");
  assert.is(bad._tag === 'Left' && bad.left._tag, 'BadOutput');
  assert.is(
    parseLsblkPairs('NAME="sda" TYPE="disk" SIZE="8G"\n')._tag,
    'Left',
    'sizes must be bytes (-b)',
  );
});

test('inventoryDisks runs lsblk and blkid on the host (blkid exit 2 = no signatures)', async () => {
  const n = fakeNode({ lsblk: LSBLK });
  const r = await inventoryDisks(n.host, { allow: ['/dev/xvd*', '/dev/nvme*'] });
  assert.equal(r._tag === 'Right' ? r.right.offered.map((d) => d.path) : r.left, [
    '/dev/nvme1n1',
    '/dev/xvdf',
    '/dev/xvdh',
  ]);
  assert.equal(n.calls, ['lsblk -P -b -o NAME,TYPE,SIZE,MOUNTPOINT,FSTYPE,RO', 'blkid']);
});

test.run();

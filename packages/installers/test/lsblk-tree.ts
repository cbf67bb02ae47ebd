/**
 * An inventory of block devices as `lsblk -J -b -o NAME,TYPE,SIZE,MOUNTPOINT,FSTYPE,RO` prints it: a root
 * disk, free and busy disks of every kind the selection must tell apart.
 */
const G = 1024 ** 3;

/** One device of `lsblk -J`. */
export interface Dev {
  name: string;
  type: string;
  size: number;
  mountpoint: string | null;
  fstype: string | null;
  ro: boolean;
  children?: Dev[];
}

/** The inventory the device tests and the decoder's property test start from. */
export const LSBLK_TREE: { blockdevices: Dev[] } = {
  blockdevices: [
    {
      name: '/dev/sda',
      type: 'disk',
      size: 100 * G,
      mountpoint: null,
      fstype: null,
      ro: false,
      children: [
        {
          name: '/dev/sda1',
          type: 'part',
          size: 100 * G,
          mountpoint: '/',
          fstype: 'ext4',
          ro: false,
        },
      ],
    },
    { name: '/dev/xvdf', type: 'disk', size: 200 * G, mountpoint: null, fstype: null, ro: false },
    { name: '/dev/xvdg', type: 'disk', size: 200 * G, mountpoint: null, fstype: 'xfs', ro: false },
    { name: '/dev/xvdh', type: 'disk', size: 200 * G, mountpoint: null, fstype: null, ro: false },
    {
      name: '/dev/xvdi',
      type: 'disk',
      size: 200 * G,
      mountpoint: '/data',
      fstype: null,
      ro: false,
    },
    { name: '/dev/xvdj', type: 'disk', size: 200 * G, mountpoint: null, fstype: null, ro: true },
    {
      name: '/dev/xvdk',
      type: 'disk',
      size: 200 * G,
      mountpoint: null,
      fstype: null,
      ro: false,
      children: [
        {
          name: '/dev/mapper/vg-lv',
          type: 'lvm',
          size: 200 * G,
          mountpoint: null,
          fstype: null,
          ro: false,
        },
      ],
    },
    { name: '/dev/loop0', type: 'loop', size: 50 * G, mountpoint: null, fstype: null, ro: false },
    { name: '/dev/ram0', type: 'disk', size: 1 * G, mountpoint: null, fstype: null, ro: false },
    { name: '/dev/scinia', type: 'disk', size: 16 * G, mountpoint: null, fstype: null, ro: false },
    { name: '/dev/dm-0', type: 'dm', size: 16 * G, mountpoint: null, fstype: null, ro: false },
    {
      name: '/dev/mapper/crypt',
      type: 'crypt',
      size: 16 * G,
      mountpoint: null,
      fstype: null,
      ro: false,
    },
    { name: '/dev/sr0', type: 'rom', size: 1 * G, mountpoint: null, fstype: null, ro: true },
    {
      name: '/dev/nvme1n1',
      type: 'disk',
      size: 500 * G,
      mountpoint: null,
      fstype: null,
      ro: false,
    },
    { name: '/dev/nvme2n1', type: 'disk', size: 0, mountpoint: null, fstype: null, ro: false },
  ],
};

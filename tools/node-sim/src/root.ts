/**
 * Creating a node root: `/etc/os-release` and friends for the chosen OS, block devices, the Mesos
 * agent's flags, preinstalled packages, and the fake tools on the node's PATH.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { causeOf, stateError, type StateError } from './errors.js';
import { osFacts } from './os.js';
import { writeJson } from './state/files.js';
import { Devices, Faults, Packages, Services } from './state/model.js';
import { simPaths } from './state/paths.js';
import { NodeConfig, type DeviceSpec, type NodeSpec } from './spec.js';
import { installWrapper } from './tools/wrapper.js';

const GiB = 1024 ** 3;

/** The devices of a node when its spec names none: a root disk, two empty 100 GiB disks, a loop. */
export const defaultDevices = (naming: 'xen' | 'nvme' | 'gce', ubuntu: boolean): DeviceSpec[] => {
  const prefix = { xen: 'xvd', nvme: '', gce: 'sd' }[naming];
  const root = naming === 'nvme' ? 'nvme0n1' : `${prefix}a`;
  const part = naming === 'nvme' ? 'nvme0n1p1' : `${prefix}a1`;
  const data = naming === 'nvme' ? ['nvme1n1', 'nvme2n1'] : [`${prefix}b`, `${prefix}c`];
  return [
    {
      name: root,
      sizeBytes: 8 * GiB,
      partitions: [{ name: part, sizeBytes: 8 * GiB - 1024 ** 2, fstype: 'ext4', mountpoint: '/' }],
    },
    ...data.map((name, i) => ({
      name,
      sizeBytes: 100 * GiB,
      ...(naming === 'nvme' ? { serial: `vol0local${i}` } : {}),
    })),
    ...(ubuntu
      ? [
          {
            name: 'loop0',
            sizeBytes: 64 * 1024 ** 2,
            type: 'loop' as const,
            fstype: 'squashfs',
            mountpoint: '/snap/core/1',
          },
        ]
      : []),
  ];
};

/** `/dev/disk/by-id/<name>` -> `../../<target>`, replacing any link of that name. */
const link = (root: string, name: string, target: string): void => {
  const p = join(root, 'dev/disk/by-id', name);
  mkdirSync(dirname(p), { recursive: true });
  rmSync(p, { force: true });
  symlinkSync(`../../${target}`, p);
};

/** Creates the placeholder `/dev/<name>` files of a node's devices. */
export const writeDevNodes = (root: string, devices: readonly DeviceSpec[]): void => {
  for (const d of devices) {
    for (const name of [d.name, ...(d.partitions ?? []).map((p) => p.name)]) {
      mkdirSync(join(root, 'dev'), { recursive: true });
      writeFileSync(join(root, 'dev', name), '');
    }
    // sysfs: the NVMe controller's serial, space-padded to its 20 bytes (on EC2 Nitro the EBS
    // volume id without its dash: AWS EC2 user guide "Amazon EBS and NVMe"; amazon-ec2-utils'
    // udev rule reads it as ATTRS{serial} for /dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_…).
    if (d.serial !== undefined && d.name.startsWith('nvme')) {
      const dir = join(root, 'sys/block', d.name, 'device');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'serial'), `${d.serial.padEnd(20)}\n`);
    }
    // The SDC's udev link of a mapped volume, as REX-Ray's ScaleIO executor reads it
    // (`/dev/disk/by-id/emc-vol-<system id>-<volume id>`, regexp `emc-vol-[^-].+-(.+)$`:
    // rexray v0.11.4 libstorage/drivers/storage/scaleio/executor/scaleio_executor.go).
    if (d.scaleioVolume !== undefined)
      link(root, `emc-vol-${d.scaleioVolume.systemId}-${d.scaleioVolume.volumeId}`, d.name);
    // A Compute Engine disk: the guest environment's udev links by device name
    // (https://cloud.google.com/compute/docs/disks/disk-symlinks).
    if (d.attachment !== undefined && d.name.startsWith('sd')) {
      link(root, `google-${d.attachment.device}`, d.name);
      link(root, `scsi-0Google_PersistentDisk_${d.attachment.device}`, d.name);
    }
    if (d.attachment !== undefined && d.name.startsWith('nvme')) {
      link(
        root,
        `nvme-Amazon_Elastic_Block_Store_${d.attachment.volumeId.replace('-', '')}`,
        d.name,
      );
    }
  }
};

/** What creating a node needs besides its spec. */
export interface RootContext {
  readonly baseDir: string;
  readonly clusterDir: string;
  readonly index: number;
  readonly scaleioAdminUrl: string | undefined;
  /** node-sim's server origin; the node's tools post to `<origin>/tools/<id>/<tool>`. */
  readonly origin: string;
}

const write = (root: string, p: string, text: string): void => {
  const real = join(root, p);
  mkdirSync(dirname(real), { recursive: true });
  writeFileSync(real, text);
};

/** Creates the root of one node and returns its persisted identity. */
export const createNodeRoot = (
  spec: NodeSpec,
  rc: RootContext,
): E.Either<StateError, NodeConfig> => {
  const root = join(rc.baseDir, 'nodes', spec.id);
  const facts = osFacts(spec.os);
  const config: NodeConfig = {
    id: spec.id,
    os: spec.os,
    hostname: spec.hostname ?? spec.id,
    ip: spec.ip ?? `10.0.0.${11 + rc.index}`,
    root,
    clusterDir: rc.clusterDir,
    deviceNaming: spec.deviceNaming ?? 'xen',
    mesosLayout: spec.mesosLayout ?? 'mesos-slave-dir',
    toolsUrl: `${rc.origin}/tools/${encodeURIComponent(spec.id)}`,
    kernel: spec.kernel ?? facts.kernel,
    ...(spec.instanceId === undefined ? {} : { instanceId: spec.instanceId }),
    ...(rc.scaleioAdminUrl === undefined ? {} : { scaleioAdminUrl: rc.scaleioAdminUrl }),
  };
  try {
    mkdirSync(root, { recursive: true });
    write(root, 'etc/os-release', facts.osRelease);
    for (const [p, text] of Object.entries(facts.extraFiles)) write(root, p, text);
    write(root, 'etc/hostname', `${config.hostname}\n`);
    write(root, 'etc/hosts', `127.0.0.1 localhost\n${config.ip} ${config.hostname}\n`);
    mkdirSync(join(root, 'tmp'), { recursive: true });
    const devices =
      spec.devices ?? defaultDevices(config.deviceNaming, spec.os.startsWith('ubuntu'));
    writeDevNodes(root, devices);
    const isolation = spec.isolation ?? 'cgroups/cpu,cgroups/mem';
    const pkgs: Packages = {};
    const svcs: Services = {};
    if (config.mesosLayout !== 'none') {
      if (config.mesosLayout === 'mesos-slave-dir') {
        write(root, 'etc/mesos-slave/isolation', `${isolation}\n`);
        write(root, 'etc/mesos-slave/work_dir', '/var/lib/mesos\n');
      } else {
        write(
          root,
          'etc/default/mesos-slave',
          `MESOS_MASTER=zk://10.0.0.2:2181/mesos\nMESOS_ISOLATION=${isolation}\nMESOS_WORK_DIR=/var/lib/mesos\n`,
        );
      }
      const fmt = facts.format;
      if (fmt !== 'none')
        pkgs['mesos'] = {
          name: 'mesos',
          version: fmt === 'deb' ? '1.2.0-2.0.6' : '1.2.0',
          ...(fmt === 'rpm' ? { release: '2.0.6' } : {}),
          arch: fmt === 'deb' ? 'amd64' : 'x86_64',
          source: 'preinstalled',
          installedAt: new Date(0).toISOString(),
        };
      svcs['mesos-slave'] = { enabled: true, active: true, starts: 1, restarts: 0 };
    }
    const paths = simPaths(root);
    const results = [
      writeJson(paths.node, NodeConfig, config),
      writeJson(paths.devices, Devices, devices),
      writeJson(paths.packages, Packages, pkgs),
      writeJson(paths.services, Services, svcs),
      writeJson(paths.faults, Faults, { commands: [] }),
    ];
    for (const r of results) if (E.isLeft(r)) return r;
    for (const tool of facts.tools) installWrapper(paths.bin, tool, config.toolsUrl);
    return E.right(config);
  } catch (e) {
    return E.left(stateError(root, causeOf(e)));
  }
};

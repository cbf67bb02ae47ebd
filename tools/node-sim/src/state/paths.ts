/**
 * Where things live in a node root. Paths given to fake tools are node-absolute (`/etc/...`) and
 * are mapped under the root.
 */
import { isAbsolute, join, relative, resolve } from 'node:path';

/** The files of node-sim's own bookkeeping, under `<root>/sim`. */
export const simPaths = (root: string) => ({
  node: join(root, 'sim', 'node.json'),
  packages: join(root, 'sim', 'packages.json'),
  services: join(root, 'sim', 'services.json'),
  devices: join(root, 'sim', 'devices.json'),
  faults: join(root, 'sim', 'faults.json'),
  calls: join(root, 'sim', 'calls.jsonl'),
  scli: join(root, 'sim', 'scli-session.json'),
  /** What the Mesos agent loaded when it last started (its isolators and module names). */
  agent: join(root, 'sim', 'agent-loaded.json'),
  /** mesos-module-dvdi's mount list (`/var/run/mesos/isolators/mesos-module-dvdi/`). */
  dvdiMounts: join(root, 'sim', 'dvdi-mounts.json'),
  bin: join(root, 'sim', 'bin'),
});

/** The shared files of the simulated cluster. */
export const clusterPaths = (clusterDir: string) => ({
  members: join(clusterDir, 'nodes.json'),
  mdm: join(clusterDir, 'mdm.json'),
  /** The filesystem on each ScaleIO volume (it lives on the volume, whichever node maps it). */
  volumeFs: join(clusterDir, 'volume-fs.json'),
});

/**
 * The real path of a node path: `/etc/x` -> `<root>/etc/x`; a path already inside the root is
 * kept; a relative one is taken from `cwd`.
 */
export const inRoot = (root: string, cwd: string, p: string): string => {
  const abs = isAbsolute(p) ? p : resolve(cwd, p);
  const rel = relative(root, abs);
  if (!rel.startsWith('..') && !isAbsolute(rel)) return abs;
  return join(root, abs);
};

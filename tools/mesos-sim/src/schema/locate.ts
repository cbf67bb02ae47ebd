import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds the monorepo root: the nearest ancestor of `from` that holds `nx.json`.
 * Returns `undefined` when there is none (e.g. the package was installed elsewhere).
 */
export const findRepoRoot = (from: string): string | undefined => {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
};

/**
 * The default location of the official Mesos schema: `<repo root>/../shared/mesos-proto`.
 * The `MESOS_PROTO_DIR` environment variable overrides it.
 */
export const defaultProtoDir = (): string => {
  const fromEnv = process.env['MESOS_PROTO_DIR'];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  const here = dirname(fileURLToPath(import.meta.url));
  const root = findRepoRoot(here) ?? resolve(here, '../../../..');
  return resolve(root, '../shared/mesos-proto');
};

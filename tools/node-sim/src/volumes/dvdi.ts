/**
 * mesos-module-dvdi's isolator on a node, for the Mesos agent to call around a container
 * (emccode/mesos-module-dvdi `isolator/isolator/docker_volume_driver_isolator.cpp`):
 * - only an agent that started with the module loaded and listed in `--isolation` runs it
 *   (otherwise the `DVDI_*` variables are plain environment and nothing is mounted);
 * - `prepare` reads `DVDI_VOLUME_NAME[1-9]`, `DVDI_VOLUME_DRIVER[n]` (default `rexray`),
 *   `DVDI_VOLUME_OPTS[n]` (comma list, each one `--volumeopts=`) and `DVDI_VOLUME_DVDCLI[n]`
 *   (default `/usr/bin/dvdcli`) from the task's environment, runs `dvdcli mount
 *   --volumedriver=D --volumename=N --volumeopts=…` for each volume no other container on the
 *   agent holds, and takes its trimmed output as the mount point (empty: failure); on any failure
 *   it unmounts what it mounted and fails the container ("mount either ALL or NONE");
 * - `cleanup` runs `dvdcli unmount --volumedriver=D --volumename=N` for each of the container's
 *   volumes no other container still uses.
 * Each dvdcli run is a recorded tool call of the node, like any other.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { readJson, writeJson } from '../state/files.js';
import { AgentLoaded, DvdiMounts, type DvdiMount } from '../state/model.js';
import { simPaths } from '../state/paths.js';
import type { NodeConfig } from '../spec.js';
import { runTool } from '../tools/main.js';

/** The isolator module's name, as agents list it in `--isolation`. */
export const DVDI_MODULE = 'com_emccode_mesos_DockerVolumeDriverIsolator';

/** The isolator the agent of one node runs around its containers. */
export interface DvdiIsolator {
  /** Mounts the container's volumes; the mount points, or why the container must fail. */
  prepare(
    containerId: string,
    env: Readonly<Record<string, string>>,
  ): Promise<E.Either<string, string[]>>;
  /** Unmounts the container's volumes that no other container uses. */
  cleanup(containerId: string): Promise<E.Either<string, void>>;
}

interface Request {
  readonly name: string;
  readonly driver: string;
  readonly options: string;
  /** The dvdcli binary (`DVDI_VOLUME_DVDCLI`, default `/usr/bin/dvdcli`). */
  readonly dvdcli: string;
}

/** The volumes a container's environment asks for, as the module parses it. */
export const requestedVolumes = (env: Readonly<Record<string, string>>): Request[] => {
  const get = (base: string, i: number): string =>
    (env[i === 0 ? base : `${base}${i}`] ?? '').trim();
  const out: Request[] = [];
  for (let i = 0; i <= 9; i++) {
    const name = get('DVDI_VOLUME_NAME', i);
    if (name === '') continue;
    const driver = get('DVDI_VOLUME_DRIVER', i) || 'rexray';
    if (out.some((r) => r.name === name && r.driver === driver)) continue; // a duplicate is ignored
    out.push({
      name,
      driver,
      options: get('DVDI_VOLUME_OPTS', i),
      dvdcli: get('DVDI_VOLUME_DVDCLI', i) || '/usr/bin/dvdcli',
    });
  }
  return out;
};

/** `--volumeopts=` arguments of a comma list (`formatOptions`). */
const volumeOpts = (options: string): string[] =>
  options
    .split(',')
    .filter((o) => o !== '')
    .map((o) => `--volumeopts=${o}`);

/** The isolator of the node `config`. */
export const dvdiIsolator = (
  config: NodeConfig,
  env: Readonly<Record<string, string>>,
): DvdiIsolator => {
  const paths = simPaths(config.root);
  const mounts = () => readJson(paths.dvdiMounts, DvdiMounts, []);
  const dvdcli = (argv: string[]) =>
    runTool(config, 'dvdcli', { argv, env: { ...env }, cwd: '/', stdin: '' });
  const unmount = (m: DvdiMount) =>
    dvdcli(['unmount', `--volumedriver=${m.driver}`, `--volumename=${m.name}`]);
  return {
    prepare: async (containerId, taskEnv) => {
      const loaded = readJson(paths.agent, AgentLoaded, { isolation: [], modules: [] });
      if (E.isLeft(loaded)) return E.left(loaded.left.message);
      const on =
        loaded.right.isolation.includes(DVDI_MODULE) && loaded.right.modules.includes(DVDI_MODULE);
      if (!on) return E.right([]);
      const current = mounts();
      if (E.isLeft(current)) return E.left(current.left.message);
      const wanted = requestedVolumes(taskEnv);
      const noBinary = wanted.find((r) => !existsSync(join(config.root, r.dvdcli)));
      if (noBinary !== undefined)
        return E.left(
          `prepare() failed: The DVDCLI binary doesn't exist at the specified path ${noBinary.dvdcli}`,
        );
      const made: DvdiMount[] = [];
      const points: string[] = [];
      for (const r of wanted) {
        const held = current.right.find((m) => m.name === r.name && m.driver === r.driver);
        if (held !== undefined) {
          made.push({ ...held, containerId });
          points.push(held.mountpoint);
          continue;
        }
        const res = await dvdcli([
          'mount',
          `--volumedriver=${r.driver}`,
          `--volumename=${r.name}`,
          ...volumeOpts(r.options),
        ]);
        const mountpoint = res.stdout.trim();
        if (res.exitCode !== 0 || mountpoint === '') {
          for (const m of made.filter((x) => !current.right.some((c) => c.name === x.name)))
            await unmount(m);
          return E.left(
            `prepare() failed: dvdcli mount of ${r.driver}/${r.name} ${mountpoint === '' ? 'returned no mount point' : ''}: ${res.stderr.trim()}`,
          );
        }
        made.push({ containerId, driver: r.driver, name: r.name, mountpoint });
        points.push(mountpoint);
      }
      const w = writeJson(paths.dvdiMounts, DvdiMounts, [...current.right, ...made]);
      return E.isLeft(w) ? E.left(w.left.message) : E.right(points);
    },
    cleanup: async (containerId) => {
      const current = mounts();
      if (E.isLeft(current)) return E.left(current.left.message);
      const mine = current.right.filter((m) => m.containerId === containerId);
      const rest = current.right.filter((m) => m.containerId !== containerId);
      for (const m of mine)
        if (!rest.some((x) => x.name === m.name && x.driver === m.driver)) await unmount(m);
      const w = writeJson(paths.dvdiMounts, DvdiMounts, rest);
      return E.isLeft(w) ? E.left(w.left.message) : E.right(undefined);
    },
  };
};

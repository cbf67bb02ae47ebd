/**
 * The in-process view of one simulated node: what its tools recorded, its packages, services,
 * devices and files, and its fault switches.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { causeOf, invalidSpec, stateError, type NodeSimError, type StateError } from './errors.js';
import { writeDevNodes } from './root.js';
import { readJson, readJsonLines, writeJson } from './state/files.js';
import { CallRecord, Devices, Faults, Packages, Services } from './state/model.js';
import { inRoot, simPaths } from './state/paths.js';
import type { DeviceSpec, NodeConfig } from './spec.js';

/** An injected command failure request. */
export interface FailCommand {
  /** The tool name on PATH (`dpkg`, `scli`, `systemctl` ...). */
  readonly tool: string;
  /** Substrings that must all appear among the arguments (default: any call). */
  readonly argsInclude?: readonly string[];
  /** How many calls fail (default 1); `'always'` until cleared. */
  readonly times?: number | 'always';
  readonly exitCode?: number;
  readonly stderr?: string;
}

/** One simulated node. */
export interface NodeHandle {
  readonly config: NodeConfig;
  /** Every fake tool call so far, in order. */
  calls(): E.Either<StateError, CallRecord[]>;
  packages(): E.Either<StateError, Packages>;
  services(): E.Either<StateError, Services>;
  devices(): E.Either<StateError, DeviceSpec[]>;
  /** A file of the node by its node path (`/etc/rexray/config.yml`), or undefined. */
  readFile(path: string): string | undefined;
  /** Replaces the device list (and `/dev` placeholders). */
  setDevices(devices: readonly DeviceSpec[]): E.Either<StateError, void>;
  /** Adds a device; a name already present is an error. */
  addDevice(device: DeviceSpec): E.Either<NodeSimError, void>;
  /** Makes matching calls of a tool fail; returns the fault id. */
  failCommand(f: FailCommand): E.Either<StateError, string>;
  /** Removes every injected command fault. */
  clearFaults(): E.Either<StateError, void>;
}

/** Builds the handle of the node described by `config`. */
export const nodeHandle = (config: NodeConfig): NodeHandle => {
  const paths = simPaths(config.root);
  let faultSeq = 0;
  const devices = (): E.Either<StateError, DeviceSpec[]> => readJson(paths.devices, Devices, []);
  const setDevices = (list: readonly DeviceSpec[]): E.Either<StateError, void> => {
    const r = writeJson(paths.devices, Devices, [...list]);
    if (E.isLeft(r)) return r;
    try {
      rmSync(join(config.root, 'dev'), { recursive: true, force: true });
      rmSync(join(config.root, 'sys/block'), { recursive: true, force: true });
      writeDevNodes(config.root, list);
      return E.right(undefined);
    } catch (e) {
      return E.left(stateError(join(config.root, 'dev'), causeOf(e)));
    }
  };
  return {
    config,
    calls: () => readJsonLines(paths.calls, CallRecord),
    packages: () => readJson(paths.packages, Packages, {}),
    services: () => readJson(paths.services, Services, {}),
    devices,
    readFile: (p) => {
      const real = inRoot(config.root, config.root, p);
      return existsSync(real) ? readFileSync(real, 'utf8') : undefined;
    },
    setDevices,
    addDevice: (d) => {
      const list = devices();
      if (E.isLeft(list)) return list;
      if (list.right.some((x) => x.name === d.name))
        return E.left(invalidSpec(`device ${d.name} already exists on ${config.id}`));
      return setDevices([...list.right, d]);
    },
    failCommand: (f) => {
      const current = readJson(paths.faults, Faults, { commands: [] });
      if (E.isLeft(current)) return current;
      faultSeq += 1;
      const id = `${config.id}:${f.tool}:${faultSeq}`;
      const w = writeJson(paths.faults, Faults, {
        commands: [
          ...current.right.commands,
          {
            id,
            tool: f.tool,
            argsInclude: [...(f.argsInclude ?? [])],
            remaining: f.times === 'always' ? null : (f.times ?? 1),
            exitCode: f.exitCode ?? 1,
            stderr: f.stderr ?? `${f.tool}: injected failure (node-sim)`,
          },
        ],
      });
      return E.isLeft(w) ? w : E.right(id);
    },
    clearFaults: () => writeJson(paths.faults, Faults, { commands: [] }),
  };
};

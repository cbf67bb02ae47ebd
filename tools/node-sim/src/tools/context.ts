/**
 * What a fake tool gets: its arguments, the caller's environment, the node's identity, output
 * buffers (recorded in the call log) and typed access to the node's state files.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import type { StateError } from '../errors.js';
import { readJson, writeJson, writeTextAtomic } from '../state/files.js';
import {
  Devices,
  Packages,
  Services,
  type InstalledPackage,
  type Service,
} from '../state/model.js';
import { inRoot, simPaths } from '../state/paths.js';
import type { DeviceSpec, NodeConfig } from '../spec.js';

/** Thrown inside a tool process only (never across the package API) when its state is unusable. */
export class ToolCrash extends Error {
  override readonly name = 'ToolCrash';
}

/** Unwraps a state result inside a tool process, turning an error into a {@link ToolCrash}. */
export const must = <A>(r: E.Either<StateError, A>): A => {
  if (E.isLeft(r)) throw new ToolCrash(r.left.message);
  return r.right;
};

/** The context of one fake tool invocation. */
export interface ToolContext {
  readonly tool: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly config: NodeConfig;
  readonly root: string;
  out(text: string): void;
  err(text: string): void;
}

const state = <A, O>(
  ctx: ToolContext,
  path: string,
  codec: t.Type<A, O, unknown>,
  fallback: A,
) => ({
  get: (): A => must(readJson(path, codec, fallback)),
  put: (v: A): void => must(writeJson(path, codec, v)),
});

/** The installed packages of the node. */
export const packages = (ctx: ToolContext) => state(ctx, simPaths(ctx.root).packages, Packages, {});
/** The services of the node. */
export const services = (ctx: ToolContext) => state(ctx, simPaths(ctx.root).services, Services, {});
/** The block devices of the node. */
export const devices = (ctx: ToolContext) =>
  state<DeviceSpec[], unknown[]>(
    ctx,
    simPaths(ctx.root).devices,
    Devices as t.Type<DeviceSpec[], unknown[], unknown>,
    [],
  );

/** Reads one installed package, if present. */
export const installed = (ctx: ToolContext, name: string): InstalledPackage | undefined =>
  packages(ctx).get()[name];

/** Updates one service record (creating it when a package installs it). */
export const updateService = (
  ctx: ToolContext,
  name: string,
  f: (s: Service) => Service,
): Service => {
  const store = services(ctx);
  const all = store.get();
  const next = f(all[name] ?? { enabled: false, active: false, starts: 0, restarts: 0 });
  store.put({ ...all, [name]: next });
  return next;
};

/** Node-path file helpers (paths like `/etc/x` land under the root). */
export const files = (ctx: ToolContext) => ({
  real: (p: string): string => inRoot(ctx.root, ctx.cwd, p),
  exists: (p: string): boolean => existsSync(inRoot(ctx.root, ctx.cwd, p)),
  read: (p: string): string => readFileSync(inRoot(ctx.root, ctx.cwd, p), 'utf8'),
  readBytes: (p: string): Buffer => readFileSync(inRoot(ctx.root, ctx.cwd, p)),
  write: (p: string, text: string, mode?: number): void =>
    must(writeTextAtomic(inRoot(ctx.root, ctx.cwd, p), text, mode)),
  writeIfMissing: (p: string, text: string): void => {
    const real = inRoot(ctx.root, ctx.cwd, p);
    if (existsSync(real)) return;
    mkdirSync(dirname(real), { recursive: true });
    writeFileSync(real, text);
  },
  remove: (p: string): void =>
    rmSync(inRoot(ctx.root, ctx.cwd, p), { force: true, recursive: true }),
});

/** A fake tool: returns its exit code. */
export type Tool = (ctx: ToolContext) => Promise<number>;

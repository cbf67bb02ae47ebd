/**
 * Test helpers: run a node's fake tool asynchronously (the in-process simulators must keep
 * answering while it runs) and unwrap Eithers.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { startScaleioSim, type ScaleioSim } from '@scaleio-framework/scaleio-sim';
import { startNodeSim, type NodeSim } from '../src/index.js';

/** Unwraps a Right or throws with the Left. */
export const ok = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`);
  return e.right;
};

/** What a command did. */
export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  error?: string;
}

/** Runs `argv` on a node with its PATH and optional extra env and stdin. */
export const run = (
  sim: NodeSim,
  nodeId: string,
  argv: readonly [string, ...string[]],
  opts: { env?: Record<string, string>; stdin?: string } = {},
): Promise<Ran> => {
  const h = ok(sim.hostFor(nodeId));
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), {
      env: { ...h.env, ...opts.env },
      cwd: h.root,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (e) => resolve({ code: null, stdout, stderr, error: e.message }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // A command that exits at once (not found) closes its stdin first: not an error here.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin ?? '');
  });
};

/** The repository's ScaleIO 2.0 package of `component` for Ubuntu 20.04. */
export const ubuntuDeb = (component: string): string =>
  `EMC-ScaleIO-${component}-2.0-10000.2072.Ubuntu.20.04.x86_64.deb`;

/** Downloads a repository file into the node at `dest`. */
export const fetchInto = async (
  sim: NodeSim,
  nodeId: string,
  file: string,
  dest: string,
): Promise<void> => {
  const res = await fetch(sim.repo.urlOf(file));
  if (!res.ok) throw new Error(`download ${file}: HTTP ${res.status}`);
  const real = join(ok(sim.hostFor(nodeId)).root, dest);
  mkdirSync(dirname(real), { recursive: true });
  writeFileSync(real, Buffer.from(await res.arrayBuffer()));
};

/** Runs `f` against a fresh node-sim with an Ubuntu and a RHEL node, stopped afterwards. */
export const withSim = async (f: (sim: NodeSim) => Promise<void>): Promise<void> => {
  const sim = await start();
  try {
    await f(sim);
  } finally {
    await sim.stop();
  }
};

/** The nodes of a node-sim (its `startNodeSim` option). */
export type ScaleioNodes = Parameters<typeof startNodeSim>[0]['nodes'];

/** A scaleio-sim and a node-sim wired to it, as {@link withScaleio} gives them. */
export interface ScaleioWorld {
  readonly sio: ScaleioSim;
  readonly sim: NodeSim;
  /** The IP of node `id`. */
  readonly ip: (id: string) => string;
}

/**
 * Runs `f` against a fresh scaleio-sim and a node-sim of `nodes` that reports to it
 * (`scaleioAdminUrl`); both are stopped afterwards, however `f` ends.
 */
export const withScaleio = async (
  nodes: ScaleioNodes,
  f: (w: ScaleioWorld) => Promise<void>,
): Promise<void> => {
  const sio = await startScaleioSim();
  try {
    const sim = ok(await startNodeSim({ nodes, scaleioAdminUrl: sio.adminUrl }));
    try {
      await f({ sio, sim, ip: (id) => ok(sim.node(id)).config.ip });
    } finally {
      await sim.stop();
    }
  } finally {
    await sio.stop();
  }
};

/**
 * Installs the repository's MDM package `file` (an rpm) on each node, as a manager (`'1'`) or a
 * tiebreaker (`'0'`, `MDM_ROLE_IS_MANAGER`); throws with the output when an install fails.
 */
export const installMdms = async (
  sim: NodeSim,
  file: string,
  roles: readonly (readonly [nodeId: string, manager: '0' | '1'])[],
): Promise<void> => {
  for (const [id, manager] of roles) {
    await fetchInto(sim, id, file, '/tmp/mdm.rpm');
    const r = await run(sim, id, ['rpm', '-Uvh', '/tmp/mdm.rpm'], {
      env: { MDM_ROLE_IS_MANAGER: manager },
    });
    if (r.code !== 0) throw new Error(`rpm -Uvh ${file} on ${id}: ${r.code}: ${r.stderr}`);
  }
};

/** A node-sim with an Ubuntu node `u1` and a RHEL 7 node `r1` (NVMe devices, flags-file layout). */
export const start = async (): Promise<NodeSim> =>
  ok(
    await startNodeSim({
      nodes: [
        { id: 'u1', os: 'ubuntu-20.04', instanceId: 'i-u1' },
        {
          id: 'r1',
          os: 'rhel-7',
          instanceId: 'i-r1',
          deviceNaming: 'nvme',
          mesosLayout: 'flags-file',
        },
      ],
    }),
  );

/** Parses `lsblk -P` output (`KEY="value"` pairs, one device a line) into records. */
export const pairs = (text: string): Record<string, string>[] =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) =>
      Object.fromEntries(
        [...l.matchAll(/([A-Z:-]+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']),
      ),
    );

/**
 * Test helpers: run a node's fake tool asynchronously (the in-process simulators must keep
 * answering while it runs) and unwrap Eithers.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { NodeSim } from '../src/index.js';

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
    child.stdin.end(opts.stdin ?? '');
  });
};

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

/**
 * Simulated Node.js runtime archives, laid out as Node's own Linux x64 archives
 * (`node-v<version>-linux-x64[-glibc-217].tar.gz` holding `node-v<version>-linux-x64[-glibc-217]/
 * bin/node`: nodejs.org/dist and unofficial-builds.nodejs.org release listings). Their `bin/node`
 * is a small `sh` script standing for the ELF binary: it asks the node's dynamic loader
 * (`tools/loader.ts`, found on the node's PATH like the real one at its absolute path) for the
 * glibc symbol versions the real binary needs, and only then runs the host's own node with the
 * same arguments. So a runtime built for a newer glibc fails on an older node exactly as the real
 * one does, and nothing but a fetched runtime can run JavaScript on a node (no `node` on its PATH).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { RepoFile } from '../repo/catalog.js';
import { LOADER, LOADER_CHECK } from '../tools/loader.js';
import { shellQuote } from '../tools/shell.js';

/** Which build of Node.js an archive stands for. */
export type RuntimeFlavour = 'official' | 'glibc-217';

/**
 * The glibc symbol versions each build needs, as its loader reports them missing:
 * - `official`: nodejs.org builds since Node 18 are built on RHEL 8 and need glibc 2.28
 *   (nodejs/node#42659 "update minimum glibc requirements for Linux"); on glibc 2.17/2.23 their
 *   loader reports libm GLIBC_2.27, libc GLIBC_2.25 and libc GLIBC_2.28, in that order
 *   (nodejs/node#46412 on CentOS 7, nodesource/distributions#1377 on Ubuntu 16.04). The
 *   libstdc++ versions those captures also list are not modelled: the facts table has no
 *   libstdc++ per OS, and the glibc lines alone already stop the binary.
 * - `glibc-217`: unofficial-builds.nodejs.org's `linux-x64-glibc-217` builds are made on CentOS 7
 *   and checked to need no glibc symbol newer than 2.17 (nodejs/unofficial-builds#69, #243).
 */
export const RUNTIME_NEEDS: Readonly<Record<RuntimeFlavour, readonly string[]>> = {
  official: ['libm.so.6:GLIBC_2.27', 'libc.so.6:GLIBC_2.25', 'libc.so.6:GLIBC_2.28'],
  'glibc-217': ['libc.so.6:GLIBC_2.17'],
};

/** A simulated runtime archive: its repository file and the directory it unpacks to. */
export interface RuntimeArchive extends RepoFile {
  /** The archive's top directory (its file name without `.tar.gz`). */
  readonly dir: string;
  readonly version: string;
  readonly flavour: RuntimeFlavour;
}

/** One ustar header block (POSIX.1-1988 `ustar` format: name, mode, size, type, checksum). */
const header = (name: string, mode: number, size: number, type: '0' | '5'): Buffer => {
  const h = Buffer.alloc(512);
  const put = (s: string, at: number, len: number): void => void h.write(s, at, len, 'ascii');
  const octal = (n: number, len: number): string => `${n.toString(8).padStart(len - 1, '0')}\0`;
  put(name, 0, 100);
  put(octal(mode, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(0, 12), 136, 12);
  put('        ', 148, 8);
  put(type, 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  put('root', 265, 32);
  put('root', 297, 32);
  const sum = h.reduce((a, b) => a + b, 0);
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return h;
};

/** A gzipped ustar archive of directories and files (deterministic: no times, uid 0). */
export const tarGz = (
  entries: readonly { name: string; mode: number; body?: Buffer | undefined }[],
): Buffer => {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = e.body;
    blocks.push(header(e.name, e.mode, body?.length ?? 0, body === undefined ? '5' : '0'));
    if (body !== undefined) blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
};

/** The `bin/node` script of a simulated runtime. */
const stub = (version: string, flavour: RuntimeFlavour, hostNode: string): string =>
  `#!/bin/sh
# node-sim: stands for the Node.js v${version} linux-x64 binary (${flavour} build), an ELF
# executable whose interpreter is /lib64/${LOADER}; the loader checks its glibc versions first.
${LOADER} ${LOADER_CHECK} "$0" ${RUNTIME_NEEDS[flavour].join(' ')} || exit $?
exec ${shellQuote(hostNode)} "$@"
`;

/**
 * Builds the simulated runtime archive of `flavour`. Its version is the host node's (the one it
 * really runs), unless `version` says otherwise.
 */
export const simulatedRuntime = (
  flavour: RuntimeFlavour,
  opts: { readonly version?: string; readonly hostNode?: string } = {},
): RuntimeArchive => {
  const version = opts.version ?? process.versions.node;
  const dir = `node-v${version}-linux-x64${flavour === 'glibc-217' ? '-glibc-217' : ''}`;
  const bytes = tarGz([
    { name: `${dir}/`, mode: 0o755 },
    { name: `${dir}/bin/`, mode: 0o755 },
    {
      name: `${dir}/bin/node`,
      mode: 0o755,
      body: Buffer.from(stub(version, flavour, opts.hostNode ?? process.execPath)),
    },
  ]);
  return {
    file: `${dir}.tar.gz`,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    dir,
    version,
    flavour,
  };
};

/** The Mesos fetcher: downloads `CommandInfo.uris` into the sandbox (http(s), file:// and local paths). */
import { execFile } from 'node:child_process';
import { chmod, copyFile, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Uri } from '../wire/common.js';

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2|tar\.xz|txz)$/;

const run = (cmd: string, args: string[], cwd: string): Promise<string | undefined> =>
  new Promise((resolve) =>
    execFile(cmd, args, { cwd }, (e, _o, stderr) =>
      resolve(e === null ? undefined : `${cmd} failed: ${stderr || e.message}`),
    ),
  );

const fetchOne = async (uri: Uri, sandbox: string): Promise<string | undefined> => {
  const name = uri.output_file ?? basename(new URL(uri.value, 'file:///').pathname);
  if (name === '' || isAbsolute(name) || name.split('/').includes('..'))
    return `Invalid output file for '${uri.value}'`;
  const target = join(sandbox, name);
  try {
    if (/^https?:\/\//.test(uri.value)) {
      const res = await fetch(uri.value, { signal: AbortSignal.timeout(60_000) });
      if (!res.ok) return `HTTP ${res.status} while fetching '${uri.value}'`;
      await writeFile(target, Buffer.from(await res.arrayBuffer()));
    } else if (uri.value.startsWith('file://') || isAbsolute(uri.value)) {
      await copyFile(
        uri.value.startsWith('file://') ? fileURLToPath(uri.value) : uri.value,
        target,
      );
    } else {
      return `Unsupported URI scheme in '${uri.value}'`;
    }
  } catch (e) {
    return `Failed to fetch '${uri.value}': ${e instanceof Error ? e.message : String(e)}`;
  }
  if (uri.executable === true) {
    await chmod(target, 0o755);
    return undefined;
  }
  if (uri.extract !== false && ARCHIVE.test(name)) return run('tar', ['xf', name], sandbox);
  return undefined;
};

/** Fetches every URI in order; returns the first failure's message, or undefined when all succeeded. */
export const fetchUris = async (
  uris: readonly Uri[],
  sandbox: string,
): Promise<string | undefined> => {
  for (const uri of uris) {
    const error = await fetchOne(uri, sandbox);
    if (error !== undefined) return error;
  }
  return undefined;
};

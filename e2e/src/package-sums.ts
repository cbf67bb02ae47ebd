/**
 * The `--package-sha256-file` of a simulated cluster: the repository's published `SHA256SUMS`
 * (node-sim serves it at `<repoUrl>/SHA256SUMS`), saved into the run's directory, as an operator
 * would save the digests their vendor publishes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Fetches `<repoUrl>/SHA256SUMS` into `<dir>/SHA256SUMS` and returns that path. */
export async function packageSumsFile(repoUrl: string, dir: string): Promise<string> {
  const url = `${repoUrl.replace(/\/+$/, '')}/SHA256SUMS`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  const path = join(dir, 'SHA256SUMS');
  writeFileSync(path, await res.text());
  return path;
}

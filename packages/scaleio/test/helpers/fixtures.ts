/** Locates the shared, read-only ScaleIO fixtures (never copied into the repo). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (three levels above this helpers folder's package). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** `../shared/scaleio-fixtures` next to the repository. */
export const fixturesDir = resolve(repoRoot, '../shared/scaleio-fixtures');

/** True when the fixtures exist; otherwise prints one skip line for `what`. */
export const haveFixtures = (what: string): boolean => {
  if (existsSync(fixturesDir)) return true;
  console.log(`skipped: ${what} (no ${fixturesDir})`);
  return false;
};

/** Parses one fixture file. */
export const readFixture = (rel: string): unknown =>
  JSON.parse(readFileSync(resolve(fixturesDir, rel), 'utf8'));

/** Locates the shared, read-only ScaleIO fixtures (never copied into the repo). */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import { pathPrerequisite, requirePrereq } from '@scaleio-framework/testkit';

/** The repository root (three levels above this helpers folder's package). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** `../shared/scaleio-fixtures` next to the repository. */
export const fixturesDir = resolve(repoRoot, '../shared/scaleio-fixtures');

/**
 * Registers a test that reads the fixtures: skipped (and counted as skipped) when they are
 * absent, and under CI=true the run fails naming them.
 */
export const fixtureTest = requirePrereq(
  test,
  pathPrerequisite(fixturesDir, 'the shared ScaleIO captures live beside the clone'),
);

/** Parses one fixture file. */
export const readFixture = (rel: string): unknown =>
  JSON.parse(readFileSync(resolve(fixturesDir, rel), 'utf8'));

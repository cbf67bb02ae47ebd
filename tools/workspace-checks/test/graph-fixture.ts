// Small workspaces written into a temp folder for the graph check's tests.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A package.json for a fixture package. */
export const manifest = (
  name: string,
  deps: { dependencies?: string[]; devDependencies?: string[]; peerDependencies?: string[] } = {},
): string => {
  const table = (names: string[] | undefined) =>
    Object.fromEntries((names ?? []).map((n) => [n, '*']));
  return JSON.stringify({
    name,
    type: 'module',
    dependencies: table(deps.dependencies),
    devDependencies: table(deps.devDependencies),
    peerDependencies: table(deps.peerDependencies),
  });
};

const made: string[] = [];

/**
 * Writes a workspace (`packages/*`, `apps/*`, `e2e`) whose root declares `uvu` and `tsx` as
 * devDependencies, plus `files` (workspace-relative path → text). Returns its root.
 */
export function writeWorkspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'graph-check-'));
  made.push(root);
  const all: Record<string, string> = {
    'package.json': JSON.stringify({
      name: 'fixture',
      private: true,
      workspaces: ['packages/*', 'apps/*', 'e2e'],
      devDependencies: { uvu: '*', tsx: '*' },
    }),
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Removes every workspace {@link writeWorkspace} wrote. */
export function removeWorkspaces(): void {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** A package `@t/<name>` at `packages/<name>` with one `src/index.ts`. */
export const pkg = (
  name: string,
  index: string,
  deps: Parameters<typeof manifest>[1] = {},
): Record<string, string> => ({
  [`packages/${name}/package.json`]: manifest(`@t/${name}`, deps),
  [`packages/${name}/src/index.ts`]: index,
});

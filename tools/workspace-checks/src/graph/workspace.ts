/**
 * Reads a workspace from disk: the root `package.json`'s `workspaces` globs, each package's
 * manifest, and every source file of each package with the imports it contains.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parseImports } from './parse-imports.js';
import type { Workspace, WorkspaceFile, WorkspacePackage } from './types.js';

/** Folders never scanned: installed and generated code. */
const skippedDirs = new Set(['node_modules', 'dist', 'dist-test', 'coverage', 'artifacts']);
/** Files that hold code; declaration files (`.d.ts`) do not. */
const sourceFile = /(?<!\.d)\.(ts|mts|cts|tsx|js|mjs|cjs)$/;

interface Manifest {
  name?: string;
  workspaces?: string[] | { packages?: string[] };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const readManifest = (path: string): Manifest => JSON.parse(readFileSync(path, 'utf8')) as Manifest;
const names = (deps: Record<string, string> | undefined): string[] => Object.keys(deps ?? {});

/**
 * The package folders named by `workspaces` globs, workspace-relative. Supports exact folders
 * (`e2e`) and one trailing `*` segment (`packages/*`), which is all npm workspaces here use.
 */
export function expandWorkspaceGlobs(root: string, globs: readonly string[]): string[] {
  const dirs: string[] = [];
  const subfolders = (parent: string): string[] =>
    existsSync(join(root, parent))
      ? readdirSync(join(root, parent), { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => posix.join(parent, d.name))
      : [];
  for (const glob of globs) {
    const clean = glob.replace(/\/+$/, '');
    const candidates = clean.endsWith('/*') ? subfolders(clean.slice(0, -2)) : [clean];
    dirs.push(...candidates.filter((d) => existsSync(join(root, d, 'package.json'))));
  }
  return [...new Set(dirs)].sort();
}

/** Workspace-relative paths of every source file under `dir`, skipping generated folders. */
export function listSourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const child = posix.join(rel, entry.name);
      if (entry.isDirectory()) {
        if (!skippedDirs.has(entry.name) && !entry.name.startsWith('.')) walk(child);
      } else if (entry.isFile() && sourceFile.test(entry.name)) {
        out.push(child);
      }
    }
  };
  walk(dir);
  return out.sort();
}

const toPackage = (dir: string, m: Manifest): WorkspacePackage => ({
  name: m.name ?? dir,
  dir,
  isApp: dir === 'apps' || dir.startsWith('apps/'),
  dependencies: names(m.dependencies),
  devDependencies: names(m.devDependencies),
  peerDependencies: names(m.peerDependencies),
});

/**
 * Loads the workspace at `root`: every package its `workspaces` globs name, every `.ts`, `.mts`,
 * `.cts`, `.tsx`, `.js`, `.mjs`, `.cjs` file in each package (outside `node_modules`, `dist`,
 * `dist-test`, `coverage`, `artifacts` and dot-folders; not `.d.ts`), and their imports.
 *
 * @param root - absolute path of the folder holding the root `package.json`
 */
export function loadWorkspace(root: string): Workspace {
  const rootManifest = readManifest(join(root, 'package.json'));
  const ws = rootManifest.workspaces;
  const globs = Array.isArray(ws) ? ws : (ws?.packages ?? []);
  const packages: WorkspacePackage[] = [];
  const files: WorkspaceFile[] = [];
  for (const dir of expandWorkspaceGlobs(root, globs)) {
    const pkg = toPackage(dir, readManifest(join(root, dir, 'package.json')));
    packages.push(pkg);
    for (const path of listSourceFiles(root, dir)) {
      const area = path.startsWith(`${dir}/src/`) ? 'src' : 'dev';
      const imports = parseImports(readFileSync(join(root, path), 'utf8'), path);
      files.push({ path, pkg: pkg.name, area, imports });
    }
  }
  return {
    root,
    packages,
    files,
    rootDeclared: [...names(rootManifest.dependencies), ...names(rootManifest.devDependencies)],
  };
}

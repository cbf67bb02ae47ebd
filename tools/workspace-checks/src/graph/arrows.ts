/**
 * Turns each import of each workspace file into an arrow with a resolved target: another
 * workspace file (relative imports), a package (bare specifiers), or nothing to follow.
 *
 * @module
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import {
  isBuiltin,
  isPathOrUrl,
  isRelative,
  packageNameOf,
  resolveRelative,
} from './specifiers.js';
import type { ImportRef, Workspace, WorkspaceFile } from './types.js';

/** Where one import points. */
export type Target =
  /** A relative import: `path` is the resolved file, or the unresolved path when `!found`. */
  | { readonly type: 'file'; readonly path: string; readonly found: boolean }
  /** A bare specifier: `name` is the package (`fp-ts/lib/Either.js` → `fp-ts`). */
  | { readonly type: 'package'; readonly name: string }
  /** A Node built-in (`node:fs`, `fs/promises`). */
  | { readonly type: 'builtin' }
  /** An absolute path or URL: not followed. */
  | { readonly type: 'other' };

/** One import of one file, with its target. */
export interface ResolvedImport {
  readonly file: WorkspaceFile;
  readonly ref: ImportRef;
  readonly target: Target;
}

const isFileOnDisk = (root: string, path: string): boolean => {
  try {
    return statSync(join(root, path)).isFile();
  } catch {
    return false;
  }
};

/**
 * Resolves every import of every file of `ws`. Relative specifiers resolve NodeNext style to
 * source files (`./a.js` → `a.ts`); other files that exist (`.json`) count as found.
 */
export function resolveImports(ws: Workspace): ResolvedImport[] {
  const known = new Set(ws.files.map((f) => f.path));
  const exists = (path: string): boolean => known.has(path) || isFileOnDisk(ws.root, path);
  const target = (file: WorkspaceFile, spec: string): Target => {
    if (isBuiltin(spec)) return { type: 'builtin' };
    if (isRelative(spec)) return { type: 'file', ...resolveRelative(file.path, spec, exists) };
    if (isPathOrUrl(spec)) return { type: 'other' };
    return { type: 'package', name: packageNameOf(spec) };
  };
  return ws.files.flatMap((file) =>
    file.imports.map((ref) => ({ file, ref, target: target(file, ref.specifier) })),
  );
}

/** The workspace package whose folder holds `path`, if any (longest folder wins). */
export function packageOfPath(ws: Workspace, path: string): string | undefined {
  let best: { name: string; dir: string } | undefined;
  for (const p of ws.packages) {
    if (path.startsWith(`${p.dir}/`) && (best === undefined || p.dir.length > best.dir.length)) {
      best = p;
    }
  }
  return best?.name;
}

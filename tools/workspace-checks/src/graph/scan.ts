/**
 * The workspace graph check: one pass over the workspace's sources, four kinds of violation.
 *
 * @module
 */
import { allowList, type Allowance } from './allow-list.js';
import { resolveImports } from './arrows.js';
import { findFileCycles, findPackageCycles, type TypeImports } from './cycles.js';
import { checkDependencies } from './dependencies.js';
import { findAppImports } from './layers.js';
import type { GraphReport } from './types.js';
import { loadWorkspace } from './workspace.js';

/** How {@link scanWorkspace} treats type-only imports and which allow-list it applies. */
export interface ScanOptions {
  /**
   * `count` (default): `import type` arrows form cycles too (cycles held together only by them
   * are flagged `typeOnly`); `ignore`: only arrows that survive at run time count.
   */
  readonly typeImports?: TypeImports;
  /** Declared-but-unused dependencies to excuse; defaults to this workspace's {@link allowList}. */
  readonly allowList?: readonly Allowance[];
}

/**
 * Reads the workspace at `root` and reports:
 * 1. import cycles between files (relative imports, `.js` resolved to the `.ts` source) and
 *    between workspace packages (from their `src/`);
 * 2. files outside `apps/` importing an app;
 * 3. declared dependencies nothing imports;
 * 4. imported packages nothing declares.
 *
 * @param root - absolute path of the workspace root (the folder of the root `package.json`)
 */
export function scanWorkspace(root: string, options: ScanOptions = {}): GraphReport {
  const types = options.typeImports ?? 'count';
  const ws = loadWorkspace(root);
  const imports = resolveImports(ws);
  const deps = checkDependencies(ws, imports, options.allowList ?? allowList);
  return {
    fileCycles: findFileCycles(imports, types),
    packageCycles: findPackageCycles(ws, imports, types),
    appImports: findAppImports(ws, imports),
    unusedDependencies: deps.unused,
    undeclaredDependencies: deps.undeclared,
    staleAllowances: deps.stale,
    unresolved: imports.flatMap(({ file, ref, target }) =>
      target.type === 'file' && !target.found
        ? [{ file: file.path, line: ref.line, specifier: ref.specifier }]
        : [],
    ),
    stats: { packages: ws.packages.length, files: ws.files.length, imports: imports.length },
  };
}

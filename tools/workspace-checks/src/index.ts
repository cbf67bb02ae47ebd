/**
 * Checks of the workspace itself: the layer rules of DESIGN §2, banned import specifiers, that
 * every library package is publishable, and the workspace graph check (import cycles, arrows
 * into the app, declared-but-unused and used-but-undeclared dependencies).
 *
 * @packageDocumentation
 */
export { publishedLibraries } from './published.js';
export { allowList, type Allowance } from './graph/allow-list.js';
export { parseImports } from './graph/parse-imports.js';
export { isBuiltin, packageNameOf, resolveRelative } from './graph/specifiers.js';
export { cyclicComponents, shortestLoop, stronglyConnected, type Graph } from './graph/scc.js';
export { loadWorkspace } from './graph/workspace.js';
export { scanWorkspace, type ScanOptions } from './graph/scan.js';
export { formatReport, violationCount } from './graph/format.js';
export type * from './graph/types.js';

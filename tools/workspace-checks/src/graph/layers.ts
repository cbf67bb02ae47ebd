/**
 * Arrows that point up at an app: only apps sit on top, so nothing outside `apps/` may import
 * one, neither by package name nor by a relative path into `apps/`.
 *
 * @module
 */
import { packageOfPath, type ResolvedImport } from './arrows.js';
import type { AppImport, Workspace } from './types.js';

/**
 * Every import, in any file (sources, tests, benches, scripts) of a package outside `apps/`,
 * of an app's package name (or a subpath of it) or of a relative path into `apps/`.
 */
export function findAppImports(ws: Workspace, imports: readonly ResolvedImport[]): AppImport[] {
  const appPackages = new Set(ws.packages.filter((p) => p.isApp).map((p) => p.name));
  const outsideApps = new Set(ws.packages.filter((p) => !p.isApp).map((p) => p.name));
  const found: AppImport[] = [];
  for (const { file, ref, target } of imports) {
    if (!outsideApps.has(file.pkg)) continue;
    let app: string | undefined;
    if (target.type === 'package' && appPackages.has(target.name)) app = target.name;
    if (target.type === 'file' && target.path.startsWith('apps/')) {
      app = packageOfPath(ws, target.path) ?? target.path.split('/').slice(0, 2).join('/');
    }
    if (app !== undefined)
      found.push({ file: file.path, line: ref.line, specifier: ref.specifier, app });
  }
  return found;
}

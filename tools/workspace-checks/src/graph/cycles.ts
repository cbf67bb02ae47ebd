/**
 * Import cycles between files and between workspace packages.
 *
 * @module
 */
import { packageOfPath, type ResolvedImport } from './arrows.js';
import { cyclicComponents, shortestLoop, type Graph } from './scc.js';
import type { Arrow, FileCycle, PackageCycle, Workspace } from './types.js';

/** Whether `import type` arrows count towards cycles (`count`, the default) or not. */
export type TypeImports = 'count' | 'ignore';

/** Arrows with, for each, whether some import along it survives at run time. */
class ArrowSet {
  readonly all = new Map<string, Set<string>>();
  readonly runtime = new Map<string, Set<string>>();
  readonly evidence = new Map<string, string>();

  add(from: string, to: string, typeOnly: boolean, file: string): void {
    const put = (g: Map<string, Set<string>>): void => {
      const s = g.get(from) ?? new Set<string>();
      s.add(to);
      g.set(from, s);
    };
    put(this.all);
    if (!typeOnly) put(this.runtime);
    if (!this.evidence.has(`${from}\n${to}`)) this.evidence.set(`${from}\n${to}`, file);
  }
}

/** Arrows between files: every relative import that resolves to a workspace source file. */
const fileArrows = (imports: readonly ResolvedImport[], types: TypeImports): ArrowSet => {
  const arrows = new ArrowSet();
  for (const { file, ref, target } of imports) {
    if (target.type !== 'file' || !target.found) continue;
    if (types === 'ignore' && ref.kind === 'type') continue;
    arrows.add(file.path, target.path, ref.kind === 'type', file.path);
  }
  return arrows;
};

const insideArrows = (g: Graph, component: readonly string[]): Arrow[] => {
  const inside = new Set(component);
  return component.flatMap((from) =>
    [...(g.get(from) ?? [])].filter((to) => inside.has(to)).map((to) => ({ from, to })),
  );
};

/**
 * Every set of files that import each other, with one concrete loop. With `types: 'count'`,
 * components held together only by `import type` arrows are reported with `typeOnly: true`.
 */
export function findFileCycles(
  imports: readonly ResolvedImport[],
  types: TypeImports = 'count',
): FileCycle[] {
  const { all, runtime } = fileArrows(imports, types);
  const runtimeCyclic = new Set(cyclicComponents(runtime).flat());
  return cyclicComponents(all).map((files) => {
    const typeArrows = insideArrows(all, files).filter(
      (a) => !(runtime.get(a.from)?.has(a.to) ?? false),
    );
    return {
      files,
      path: shortestLoop(all, files),
      typeOnly: !files.some((f) => runtimeCyclic.has(f)),
      typeArrows,
    };
  });
}

/**
 * Every set of workspace packages whose `src/` import each other (by package name, or by a
 * relative path into the other package's folder), with one importing file per arrow.
 */
export function findPackageCycles(
  ws: Workspace,
  imports: readonly ResolvedImport[],
  types: TypeImports = 'count',
): PackageCycle[] {
  const workspaceNames = new Set(ws.packages.map((p) => p.name));
  const arrows = new ArrowSet();
  for (const { file, ref, target } of imports) {
    if (file.area !== 'src' || (types === 'ignore' && ref.kind === 'type')) continue;
    const to =
      target.type === 'package' && workspaceNames.has(target.name)
        ? target.name
        : target.type === 'file'
          ? packageOfPath(ws, target.path)
          : undefined;
    if (to !== undefined && to !== file.pkg) {
      arrows.add(file.pkg, to, ref.kind === 'type', `${file.path}:${ref.line}`);
    }
  }
  const runtimeCyclic = new Set(cyclicComponents(arrows.runtime).flat());
  return cyclicComponents(arrows.all).map((packages) => {
    const path = shortestLoop(arrows.all, packages);
    const evidence = path.slice(1).map((to, i) => {
      const from = path[i]!;
      return { from, to, file: arrows.evidence.get(`${from}\n${to}`) ?? '' };
    });
    return { packages, path, evidence, typeOnly: !packages.some((p) => runtimeCyclic.has(p)) };
  });
}

/**
 * Declared dependencies against imported ones, per workspace package: names declared but never
 * imported, and packages imported but never declared.
 *
 * @module
 */
import type { ResolvedImport } from './arrows.js';
import type { Allowance } from './allow-list.js';
import type {
  FileArea,
  StaleAllowance,
  UndeclaredDependency,
  UnusedDependency,
  Workspace,
  WorkspacePackage,
} from './types.js';

/** The package an `@types/*` package describes: `@types/a__b` → `@a/b`, `@types/x` → `x`. */
const typed = (name: string): string | undefined => {
  if (!name.startsWith('@types/')) return undefined;
  const bare = name.slice('@types/'.length);
  return bare.includes('__') ? `@${bare.replace('__', '/')}` : bare;
};

/** Whether `name` is used, given the imported package names (`node` stands for built-ins). */
const isUsed = (used: ReadonlySet<string>, name: string): boolean =>
  used.has(name) || used.has(typed(name) ?? '\0');

interface Usage {
  /** Package names imported by `src/` and by the other files; `node` when built-ins are. */
  readonly used: Record<FileArea, Set<string>>;
  /** `file:line` of each import of each package, by area. */
  readonly places: Record<FileArea, Map<string, string[]>>;
}

const usageOf = (pkg: WorkspacePackage, imports: readonly ResolvedImport[]): Usage => {
  const usage: Usage = {
    used: { src: new Set(), dev: new Set() },
    places: { src: new Map(), dev: new Map() },
  };
  for (const { file, ref, target } of imports) {
    if (file.pkg !== pkg.name) continue;
    if (target.type === 'builtin') usage.used[file.area].add('node');
    if (target.type !== 'package') continue;
    usage.used[file.area].add(target.name);
    const at = usage.places[file.area].get(target.name) ?? [];
    at.push(`${file.path}:${ref.line}`);
    usage.places[file.area].set(target.name, at);
  }
  return usage;
};

const allowed = (allow: readonly Allowance[], pkg: string, field: string, name: string): boolean =>
  allow.some((a) => a.pkg === pkg && a.field === field && a.names.includes(name));

const unusedOf = (
  pkg: WorkspacePackage,
  { used }: Usage,
  allow: readonly Allowance[],
): UnusedDependency[] => {
  const out: UnusedDependency[] = [];
  const all = new Set([...used.src, ...used.dev]);
  for (const name of pkg.dependencies) {
    if (isUsed(used.src, name) || allowed(allow, pkg.name, 'dependencies', name)) continue;
    const hint = isUsed(used.dev, name)
      ? 'imported only outside src/: move it to devDependencies'
      : undefined;
    out.push({ pkg: pkg.name, name, field: 'dependencies', ...(hint && { hint }) });
  }
  for (const name of pkg.devDependencies) {
    if (isUsed(all, name) || allowed(allow, pkg.name, 'devDependencies', name)) continue;
    out.push({ pkg: pkg.name, name, field: 'devDependencies' });
  }
  return out;
};

const undeclaredOf = (
  pkg: WorkspacePackage,
  { places }: Usage,
  rootDeclared: ReadonlySet<string>,
): UndeclaredDependency[] => {
  const runtime = new Set([...pkg.dependencies, ...pkg.peerDependencies]);
  const dev = new Set([...runtime, ...pkg.devDependencies, ...rootDeclared]);
  const out: UndeclaredDependency[] = [];
  for (const area of ['src', 'dev'] as const) {
    const declared = area === 'src' ? runtime : dev;
    for (const [name, at] of [...places[area]].sort(([a], [b]) => a.localeCompare(b))) {
      if (name === pkg.name || declared.has(name)) continue;
      const hint =
        area === 'src' && pkg.devDependencies.includes(name)
          ? 'declared only in devDependencies: src/ needs it in dependencies'
          : area === 'src' && rootDeclared.has(name)
            ? 'declared only in the root package.json: src/ needs it in dependencies'
            : undefined;
      const places = at.slice(0, 3);
      out.push({ pkg: pkg.name, name, area, places, count: at.length, ...(hint && { hint }) });
    }
  }
  return out;
};

/**
 * For every workspace package:
 * - each `dependencies` name that no `src/` file imports, and each `devDependencies` name that no
 *   file of the package imports (unless `allow` excuses it);
 * - each package a `src/` file imports that is not in `dependencies` or `peerDependencies`, and
 *   each package another file (tests, benches, scripts) imports that is not declared by the
 *   package or in the root `package.json`.
 *
 * Imports of the package's own name and of Node built-ins are never undeclared; an `@types/x`
 * name is used when `x` is imported (`@types/node` when a built-in is).
 */
export function checkDependencies(
  ws: Workspace,
  imports: readonly ResolvedImport[],
  allow: readonly Allowance[],
): {
  unused: UnusedDependency[];
  undeclared: UndeclaredDependency[];
  stale: StaleAllowance[];
} {
  const rootDeclared = new Set(ws.rootDeclared);
  const unused: UnusedDependency[] = [];
  const undeclared: UndeclaredDependency[] = [];
  const unexcused = new Set<string>();
  for (const pkg of ws.packages) {
    const usage = usageOf(pkg, imports);
    unused.push(...unusedOf(pkg, usage, allow));
    undeclared.push(...undeclaredOf(pkg, usage, rootDeclared));
    for (const u of unusedOf(pkg, usage, [])) unexcused.add(`${u.pkg} ${u.field} ${u.name}`);
  }
  // An entry is stale when, without it, nothing would be reported for that name.
  const stale = allow.flatMap((a) =>
    a.names
      .filter((name) => !unexcused.has(`${a.pkg} ${a.field} ${name}`))
      .map((name) => ({ pkg: a.pkg, name })),
  );
  return { unused, undeclared, stale };
}

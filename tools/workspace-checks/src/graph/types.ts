/**
 * The data the workspace graph check works on and the report it produces.
 *
 * Paths are relative to the workspace root and use `/` on every platform.
 *
 * @module
 */

/**
 * How a file refers to a module:
 * - `static`: `import … from 'x'`, `import 'x'`, `export … from 'x'` (kept at run time);
 * - `type`: `import type …`, `export type … from`, `typeof import('x')` (erased at run time);
 * - `dynamic`: `import('x')` with a string literal;
 * - `require`: `require('x')` or `createRequire(…)('x')` with a string literal.
 */
export type ImportKind = 'static' | 'type' | 'dynamic' | 'require';

/** One module reference found in a source file. */
export interface ImportRef {
  /** The specifier exactly as written, e.g. `./a.js`, `fp-ts/lib/Either.js`, `node:fs`. */
  readonly specifier: string;
  readonly kind: ImportKind;
  /** 1-based line of the specifier. */
  readonly line: number;
}

/** `src` for files under the package's `src/`; `dev` for tests, benches, scripts, bins, fixtures. */
export type FileArea = 'src' | 'dev';

/** One workspace package, as its `package.json` declares it. */
export interface WorkspacePackage {
  readonly name: string;
  /** The package's folder, e.g. `packages/mesos`. */
  readonly dir: string;
  /** Whether the package lives under `apps/` (nothing outside `apps/` may import it). */
  readonly isApp: boolean;
  readonly dependencies: readonly string[];
  readonly devDependencies: readonly string[];
  readonly peerDependencies: readonly string[];
}

/** One source file of a workspace package, with the modules it refers to. */
export interface WorkspaceFile {
  /** e.g. `packages/mesos/src/index.ts`. */
  readonly path: string;
  /** The name of the package the file belongs to. */
  readonly pkg: string;
  readonly area: FileArea;
  readonly imports: readonly ImportRef[];
}

/** Everything the checks read: packages, their source files, and the root's declared names. */
export interface Workspace {
  /** Absolute path of the workspace root. */
  readonly root: string;
  readonly packages: readonly WorkspacePackage[];
  readonly files: readonly WorkspaceFile[];
  /** Names in the root `package.json` `dependencies` and `devDependencies` (shared tooling). */
  readonly rootDeclared: readonly string[];
}

/** An import arrow from one file (or package) to another. */
export interface Arrow {
  readonly from: string;
  readonly to: string;
}

/** A strongly connected set of files that import each other (directly or through each other). */
export interface FileCycle {
  /** Every file of the strongly connected component, sorted. */
  readonly files: readonly string[];
  /** One concrete loop through the component: first file repeated at the end. */
  readonly path: readonly string[];
  /** True when the component falls apart once `import type` arrows are left out. */
  readonly typeOnly: boolean;
  /** Arrows inside the component that exist only as type imports. */
  readonly typeArrows: readonly Arrow[];
}

/** Workspace packages whose `src/` import each other. */
export interface PackageCycle {
  /** Package names of the strongly connected component, sorted. */
  readonly packages: readonly string[];
  /** One concrete loop: first package repeated at the end. */
  readonly path: readonly string[];
  /** For each arrow of the loop, one `file:line` that makes it. */
  readonly evidence: readonly (Arrow & { readonly file: string })[];
  /** True when the component falls apart once `import type` arrows are left out. */
  readonly typeOnly: boolean;
}

/** A file outside `apps/` importing an app (by package name or by a relative path). */
export interface AppImport {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
  /** The app's package name. */
  readonly app: string;
}

/** A declared dependency no file of the package imports. */
export interface UnusedDependency {
  readonly pkg: string;
  readonly name: string;
  readonly field: 'dependencies' | 'devDependencies';
  /** What to do about it, when it is more than "remove it". */
  readonly hint?: string;
}

/** A bare import of a package the importing package does not declare. */
export interface UndeclaredDependency {
  readonly pkg: string;
  readonly name: string;
  readonly area: FileArea;
  /** Up to three `file:line` places that import it. */
  readonly places: readonly string[];
  /** How many imports of it there are in that area of the package. */
  readonly count: number;
  readonly hint?: string;
}

/** A relative import that resolves to no file: its arrows could not be followed. */
export interface UnresolvedImport {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
}

/** An allow-list entry that no longer excuses anything and should be removed. */
export interface StaleAllowance {
  readonly pkg: string;
  readonly name: string;
}

/** The outcome of {@link scanWorkspace}. Every list except `unresolved` is a violation. */
export interface GraphReport {
  readonly fileCycles: readonly FileCycle[];
  readonly packageCycles: readonly PackageCycle[];
  readonly appImports: readonly AppImport[];
  readonly unusedDependencies: readonly UnusedDependency[];
  readonly undeclaredDependencies: readonly UndeclaredDependency[];
  readonly staleAllowances: readonly StaleAllowance[];
  /** Informational: relative imports that could not be resolved (tsc reports these too). */
  readonly unresolved: readonly UnresolvedImport[];
  readonly stats: { readonly packages: number; readonly files: number; readonly imports: number };
}

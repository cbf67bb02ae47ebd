/**
 * What an import specifier names: a Node built-in, a package (and which one), or a relative
 * path, and which file a relative specifier resolves to under NodeNext rules.
 *
 * @module
 */
import { builtinModules } from 'node:module';
import { posix } from 'node:path';

const builtins = new Set(builtinModules);

/** Whether `specifier` is a relative path (`./x.js`, `../y/index.js`, `.`, `..`). */
export const isRelative = (specifier: string): boolean =>
  specifier.startsWith('./') ||
  specifier.startsWith('../') ||
  specifier === '.' ||
  specifier === '..';

/** Whether `specifier` is an absolute path or a URL (`file:`, `data:`): not followed. */
export const isPathOrUrl = (specifier: string): boolean =>
  specifier.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(specifier);

/** Whether `specifier` names a Node built-in module: `node:*`, `fs`, `fs/promises`, … */
export const isBuiltin = (specifier: string): boolean =>
  specifier.startsWith('node:') ||
  builtins.has(specifier) ||
  builtins.has(specifier.split('/')[0] ?? '');

/**
 * The package a bare specifier imports: `fp-ts/lib/Either.js` → `fp-ts`,
 * `@scope/name/sub` → `@scope/name`.
 */
export const packageNameOf = (specifier: string): string => {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
};

/** The source files that a specifier ending in `ext` may denote, in NodeNext + TS order. */
const sourceCandidates = (target: string): string[] => {
  const swap = (from: string, to: string[]): string[] =>
    to.map((ext) => target.slice(0, -from.length) + ext);
  if (target.endsWith('.js')) return swap('.js', ['.ts', '.tsx', '.js']);
  if (target.endsWith('.mjs')) return swap('.mjs', ['.mts', '.mjs']);
  if (target.endsWith('.cjs')) return swap('.cjs', ['.cts', '.cjs']);
  // Extensionless or other extensions (.json, .ts with allowImportingTsExtensions, a folder).
  return [target, `${target}.ts`, `${target}.js`, `${target}/index.ts`, `${target}/index.js`];
};

/**
 * The workspace-relative path of the file a relative `specifier` in `fromFile` refers to:
 * `./a.js` → `a.ts`, `./dir/index.js` → `dir/index.ts`, `./x.mjs` → `x.mts` or `x.mjs`.
 * Returns `target` (the unresolved path) with `found: false` when no candidate exists.
 *
 * @param fromFile - workspace-relative path of the importing file
 * @param specifier - a relative specifier (see {@link isRelative})
 * @param exists - whether a workspace-relative path is a file
 */
export function resolveRelative(
  fromFile: string,
  specifier: string,
  exists: (path: string) => boolean,
): { path: string; found: boolean } {
  const clean = specifier.replace(/[?#].*$/, '');
  const target = posix.normalize(posix.join(posix.dirname(fromFile), clean));
  const hit = sourceCandidates(target).find(exists);
  return hit === undefined ? { path: target, found: false } : { path: hit, found: true };
}

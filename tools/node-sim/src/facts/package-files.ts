/**
 * What the package files named on a package tool's command line are, for the facts that depend on
 * it (how long the install takes, what its scripts start).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePackageFile, type Component } from '../repo/catalog.js';
import type { NodeConfig } from '../spec.js';

/**
 * The component of each `.deb`/`.rpm` in `args` (paths in the node `config`), in order; a file
 * that cannot be read or is not one of the repository's packages is left out (the tool itself
 * says so).
 */
export const packageComponents = (config: NodeConfig, args: readonly string[]): Component[] =>
  args.flatMap((a) => {
    if (!/\.(deb|rpm)$/.test(a)) return [];
    try {
      const pkg = decodePackageFile(readFileSync(join(config.root, a)));
      return pkg._tag === 'Right' ? [pkg.right.component] : [];
    } catch {
      return [];
    }
  });

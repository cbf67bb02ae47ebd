/**
 * Declared dependencies that are used without any import, each with the reason. Keep it tiny:
 * an entry that stops excusing anything is reported as stale.
 *
 * @module
 */
import { publishedLibraries } from '../published.js';

/** Names a package may declare without importing them, and why. */
export interface Allowance {
  readonly pkg: string;
  readonly field: 'dependencies' | 'devDependencies';
  readonly names: readonly string[];
  readonly reason: string;
}

/** The workspace's allow-list for "declared but unused" dependencies. */
export const allowList: readonly Allowance[] = [
  {
    pkg: '@scaleio-framework/workspace-checks',
    field: 'devDependencies',
    names: publishedLibraries.map((l) => `@scaleio-framework/${l}`),
    // The names are built at run time, so no static import names them.
    reason:
      "test/publishable.test.ts runs `npm pack` in each published library and imports it from a child `node` process; the devDependency makes nx build them before this package's tests",
  },
  {
    pkg: '@scaleio-framework/e2e',
    field: 'devDependencies',
    names: ['@scaleio-framework/framework'],
    // Importing the app would be an upward arrow; e2e only spawns its built bundles.
    reason:
      "e2e runs the app's bundles (apps/framework/dist/bundle/*.mjs) as processes; the devDependency makes nx build the app before the e2e tests",
  },
  {
    pkg: '@scaleio-framework/aws-volumes',
    field: 'dependencies',
    names: ['@types/node'],
    // Its declarations expose AWS SDK types, whose own declarations import node:stream, node:http.
    reason:
      'its public types name @aws-sdk/client-ec2 types, which need @types/node in a consumer (test/consumer.test.ts)',
  },
];

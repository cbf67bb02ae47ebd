#!/usr/bin/env node
/**
 * `graph-check [--root <dir>] [--ignore-type-imports] [--json]`: scans the workspace (default:
 * the repository this file lives in) for import cycles, imports of an app from outside `apps/`,
 * and declared-but-unused or used-but-undeclared dependencies. Exits 1 and lists them when any
 * is found; exits 0 with a one-line summary otherwise.
 *
 * @module
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatReport, violationCount } from '../graph/format.js';
import { scanWorkspace } from '../graph/scan.js';

const { values } = parseArgs({
  options: {
    root: { type: 'string' },
    'ignore-type-imports': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
// src/bin/ or dist/bin/ of tools/workspace-checks: this workspace's root is four levels up.
const own = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const root = resolve(values.root ?? own);
const started = performance.now();
const report = scanWorkspace(root, {
  typeImports: values['ignore-type-imports'] ? 'ignore' : 'count',
  // The built-in allow-list names this workspace's packages; another workspace gets none.
  ...(root === own ? {} : { allowList: [] }),
});
const seconds = ((performance.now() - started) / 1000).toFixed(2);
const [head, ...rest] = formatReport(report).split('\n');
console.log(
  values.json ? JSON.stringify(report, null, 2) : [`${head} in ${seconds} s`, ...rest].join('\n'),
);
process.exitCode = violationCount(report) === 0 ? 0 : 1;

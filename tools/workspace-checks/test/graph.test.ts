// The workspace graph check on this repository: no import cycles, nothing outside apps/ imports
// an app, and every package declares exactly the dependencies it imports.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatReport, scanWorkspace, violationCount } from '../src/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

test('the workspace graph has no violations', () => {
  const report = scanWorkspace(root);
  assert.ok(report.stats.files > 100, `scanned only ${report.stats.files} files`);
  assert.ok(violationCount(report) === 0, `\n${formatReport(report)}\n`);
});

test.run();

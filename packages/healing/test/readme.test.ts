/** The README's stage table is the table: every row, in order. */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stageTable } from '../src/index.js';

test('the README lists every row of the stage table, in order', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const listed = [...readme.matchAll(/^\| `([^`]+)` +\| `([^`]+)` +\| (.+?) +\|$/gm)].map(
    (m) => `${m[1]} × ${m[2]}: ${m[3]}`,
  );
  assert.equal(
    listed,
    stageTable.map((r) => `${r.stage} × ${r.on}: ${r.doc}`),
  );
});

test.run();

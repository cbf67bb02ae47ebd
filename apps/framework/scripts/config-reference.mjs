// Writes the configuration reference (generated from the config codec's option table) into the
// root README between its markers. `--check` exits 1 when the README is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configReference } from '../dist/config/reference.js';

const readme = join(dirname(fileURLToPath(import.meta.url)), '../../../README.md');
const start = '<!-- config-reference:start -->';
const end = '<!-- config-reference:end -->';
const text = readFileSync(readme, 'utf8');
const i = text.indexOf(start);
const j = text.indexOf(end);
if (i < 0 || j < i) {
  console.error(`README.md has no ${start} ... ${end} section`);
  process.exit(2);
}
const next = `${text.slice(0, i + start.length)}\n\n${configReference()}\n\n${text.slice(j)}`;
if (process.argv.includes('--check')) process.exit(next === text ? 0 : 1);
writeFileSync(readme, next);

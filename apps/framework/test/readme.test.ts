// The README's configuration reference is the one the config codec generates.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { configReference } from '../src/config/reference.js';

test('README.md carries the generated configuration reference (npm run docs:config)', () => {
  const readme = readFileSync(
    join(dirname(fileURLToPath(import.meta.url)), '../../../README.md'),
    'utf8',
  );
  const m = /<!-- config-reference:start -->\n\n([\s\S]*?)\n\n<!-- config-reference:end -->/.exec(
    readme,
  );
  assert.ok(m, 'the README has the config-reference section');
  // Prettier pads table cells; compare the cells, not the padding.
  const cells = (t: string) =>
    t
      .replace(/ *\| */g, '|')
      .replace(/-{3,}/g, '---')
      .trim();
  assert.fixture(cells(m?.[1] ?? ''), cells(configReference()));
});

test.run();

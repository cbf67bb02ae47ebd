import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expectedProjects, summarize } from '../bin/test-summary.mjs';

const ALL = ['@x/a', '@x/b', '@x/e2e'];

test('--exclude (both spellings, comma lists) leaves those projects out of the expected ones', () => {
  assert.equal(expectedProjects(ALL, ['--exclude=@x/e2e']), ['@x/a', '@x/b']);
  assert.equal(expectedProjects(ALL, ['--skip-nx-cache', '--exclude', '@x/e2e,@x/b']), ['@x/a']);
  assert.equal(expectedProjects(ALL, ['--parallel=1']), ALL);
});

test('an excluded project that printed nothing is not a failure; an expected one still is', () => {
  const out = '\n> nx run @x/a:test\n\n  Total:     2\n  Passed:    2\n  Skipped:   0\n';
  assert.is(summarize(out, expectedProjects(ALL, ['--exclude=@x/e2e,@x/b']), 0).failed, 0);
  assert.is(summarize(out, expectedProjects(ALL, ['--exclude=@x/e2e']), 0).failed, 1);
});

test.run();

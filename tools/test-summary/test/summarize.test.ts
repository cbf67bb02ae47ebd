import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { selectedProjects, summarize, summaryLine } from '../bin/test-summary.mjs';

const block = (project: string, total: number, passed: number, skipped = 0) =>
  `\n> nx run ${project}:test\n\nsome.test.ts\n•   (${passed} / ${total})\n\n  Total:     ${total}\n  Passed:    ${passed}\n  Skipped:   ${skipped}\n  Duration:  2ms\n`;

test('adds up the uvu summaries of every project', () => {
  const out = block('@x/a', 4, 4, 1) + block('@x/b', 3, 2);
  const s = summarize(out, ['@x/a', '@x/b'], 1);
  assert.equal(s, { passed: 6, failed: 1, skipped: 1, problems: [], missing: [] });
  assert.is(summaryLine(s), '6 passed, 1 failed, 1 skipped');
});

test('a project that printed no summary counts as one failure and is named', () => {
  const out = block('@x/a', 2, 2) + '\n> nx run @x/crash:test\n\nError: boom\n    at import\n';
  const s = summarize(out, ['@x/a', '@x/crash', '@x/unbuilt'], 1);
  assert.is(s.passed, 2);
  assert.is(s.failed, 2);
  assert.equal(
    s.problems.map((p: string) => p.split(':')[0]),
    ['@x/crash', '@x/unbuilt'],
  );
});

test('skipped tests stay skipped; missing prerequisites are listed once each', () => {
  const mark = (what: string) => `prerequisite missing: ${what}\n`;
  const out =
    block('@x/a', 1, 1, 3).replace(
      'some.test.ts',
      `${mark('zk: absent [tests skipped]')}some.test.ts`,
    ) + block('@x/b', 0, 0, 2).replace('some.test.ts', mark('zk: absent [tests skipped]'));
  const s = summarize(out, ['@x/a', '@x/b'], 0);
  assert.equal(s, {
    passed: 1,
    failed: 0,
    skipped: 5,
    problems: [],
    missing: ['zk: absent [tests skipped]'],
  });
  assert.is(summaryLine(s), '1 passed, 0 failed, 5 skipped');
});

test('--projects narrows the projects expected to print a summary', () => {
  assert.equal(selectedProjects(['--projects=@x/a,@x/b']), ['@x/a', '@x/b']);
  assert.equal(selectedProjects(['--parallel=1', '-p', '@x/a']), ['@x/a']);
  assert.is(selectedProjects(['--parallel=1']), undefined);
});

test('a project whose tests ran nothing is a failure', () => {
  const s = summarize(block('@x/empty', 0, 0), ['@x/empty'], 0);
  assert.is(s.failed, 1);
  assert.match(s.problems[0], /ran no test/);
});

test('ANSI colour codes do not hide the totals', () => {
  const out =
    '\u001b[1m> nx run @x/a:test\u001b[22m\n  \u001b[2mTotal:     5\u001b[22m\n  Passed:    5\n';
  assert.is(summarize(out, ['@x/a'], 0).passed, 5);
});

test('nx failing with every summary green still fails the run', () => {
  const s = summarize(block('@x/a', 1, 1), ['@x/a'], 1);
  assert.is(s.failed, 1);
});

test.run();

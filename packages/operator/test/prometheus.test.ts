/**
 * The metrics and what ships beside them, checked by Prometheus' own tool (`promtool`, Debian's
 * `prometheus` package): the exposition parses and lints clean for every `scaleio_*` family; the
 * alert rules in `deploy/prometheus/` pass `promtool check rules` and their unit tests
 * (`promtool test rules`: "pool near full" fires, and the others); every query of the Grafana
 * dashboard in `deploy/grafana/` is valid PromQL over families that exist.
 *
 * Without promtool the tests are skipped (counted as skipped), except under CI=true, where
 * `.ci/run` installs it and a missing promtool fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import { programPrerequisite, requirePrereq } from '@scaleio-framework/testkit';
import * as assert from 'uvu/assert';
import { createMetrics } from '../src/metrics.js';
import { observeDemo } from './http-fixture.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const RULES_DIR = join(repoRoot, 'deploy/prometheus');
const DASHBOARD = join(repoRoot, 'deploy/grafana/scaleio-framework.json');
const PROMTOOL = process.env.PROMTOOL ?? 'promtool';

/** Tests that run promtool (skipped without it; CI fails: `.ci/run` installs it). */
const promtoolTest = requirePrereq(
  test,
  programPrerequisite(PROMTOOL, "install the Debian package 'prometheus' (or set PROMTOOL)"),
);
const promtool = (args: readonly string[], opts: { cwd?: string; input?: string } = {}) => {
  const r = spawnSync(PROMTOOL, [...args], { encoding: 'utf8', ...opts });
  if (r.error) throw new Error(`${PROMTOOL} did not run: ${r.error.message}`);
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};

/** Every family fed once, process metrics on: what a running scheduler exposes. */
const exposition = async (): Promise<{ body: string; names: Set<string> }> => {
  const m = createMetrics({ processMetrics: true, build: { version: '1.0.0', revision: 'abc' } });
  observeDemo(m, { decision: 'Wait', why: 'belowTrigger', reason: 'below', blockedBy: null });
  m.recordStep('sds', 'finished', 1.5);
  m.recordSubscribed(true);
  m.recordOffers(3, 2);
  m.recordExpansion('verified');
  m.recordEc2Call('CreateVolume', 0.3, { ok: true });
  m.recordGatewayCall('addSds', 0.1, { ok: false, code: 'Unauthorized' });
  m.recordTurn([0.2, 1.5], { ms: 3, ok: true });
  const names = new Set((await m.registry.getMetricsAsJSON()).map((x) => x.name));
  return { body: (await m.render()).body, names };
};

promtoolTest('the exposition parses and lints clean for every scaleio_* family', async () => {
  const { body, names } = await exposition();
  const r = promtool(['check', 'metrics'], { input: body });
  // 0: clean; 3: lint problems (prom-client's own nodejs_active_*_total gauges); 1: a parse error
  assert.ok(r.code === 0 || r.code === 3, `promtool check metrics exit ${r.code}: ${r.out}`);
  const ours = r.out.split('\n').filter((l) => l.startsWith('scaleio_'));
  assert.equal(ours, []);
  const families = [...names].filter((n) => n.startsWith('scaleio_'));
  for (const name of families)
    assert.match(body, new RegExp(`^${name}(_bucket|_count|_sum)?[{ ]`, 'm'));
  assert.ok(families.length >= 20, `families: ${families.join(', ')}`);
});

promtoolTest('the alert rules pass promtool check rules and their unit tests', () => {
  const check = promtool(['check', 'rules', 'scaleio-framework.rules.yml'], { cwd: RULES_DIR });
  assert.is(check.code, 0, check.out);
  assert.match(check.out, /SUCCESS: 6 rules found/);
  const unit = promtool(['test', 'rules', 'scaleio-framework.rules.test.yml'], { cwd: RULES_DIR });
  assert.is(unit.code, 0, unit.out);
});

promtoolTest('the alert rules use only families the scheduler exposes', async () => {
  const { names } = await exposition();
  const rules = readFileSync(join(RULES_DIR, 'scaleio-framework.rules.yml'), 'utf8');
  const used = new Set(rules.match(/\bscaleio_[a-z0-9_]+/g) ?? []);
  assert.equal(
    [...used].filter((n) => !names.has(n)),
    [],
  );
});

promtoolTest('every Grafana panel query is valid PromQL over families that exist', async () => {
  const { names } = await exposition();
  const dash = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    panels: { title: string; targets: { expr: string }[] }[];
  };
  const exprs = dash.panels.flatMap((p) =>
    p.targets.map((t) => ({ title: p.title, expr: t.expr })),
  );
  assert.ok(exprs.length >= 15);
  const base = (n: string) => n.replace(/_(bucket|count|sum)$/, '');
  for (const { title, expr } of exprs) {
    const missing = (expr.match(/\b(scaleio|process|nodejs)_[a-z0-9_]+/g) ?? []).filter(
      (n) => !names.has(n) && !names.has(base(n)),
    );
    assert.equal(missing, [], `${title}: ${expr}`);
  }
  // Grafana's variables as Prometheus would see them, each query as a recording rule
  const rules = exprs.map(({ expr }, i) => ({
    record: `dashboard:query_${i}`,
    expr: expr.replaceAll('$__rate_interval', '5m').replaceAll('$job', '.*'),
  }));
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-rules-'));
  try {
    writeFileSync(join(dir, 'dashboard.yml'), JSON.stringify({ groups: [{ name: 'd', rules }] }));
    const r = promtool(['check', 'rules', 'dashboard.yml'], { cwd: dir });
    assert.is(r.code, 0, r.out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { crossChecks, loadConfig } from '../src/config/load.js';
import { envOf, schedulerOptions } from '../src/config/options.js';
import { EXECUTOR_PATH } from '@scaleio-framework/operator';

const deployDir = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'deploy');

interface MarathonApp {
  instances: number;
  cmd: string;
  env: Record<string, string | { secret: string }>;
  secrets?: Record<string, { source: string }>;
  healthChecks: { protocol: string; path: string; portIndex: number }[];
  portDefinitions: unknown[];
  fetch: { uri: string; extract: boolean }[];
}
const read = (f: string) => JSON.parse(readFileSync(join(deployDir, f), 'utf8')) as MarathonApp;
const secretOptions = Object.entries(schedulerOptions)
  .filter(([, o]) => 'secret' in o && o.secret === true)
  .map(([k]) => envOf(k));

/** Decodes an app's plain env (secrets filled with placeholders) with the scheduler's codec. */
const decode = (app: MarathonApp) => {
  const env: Record<string, string> = { PORT0: '31005' };
  for (const [k, v] of Object.entries(app.env))
    env[k] = typeof v === 'string' ? v : `placeholder-for-${v.secret}`;
  return loadConfig({ argv: [], env, ...sandboxOf(app) });
};
/**
 * The task sandbox: the state volume's directory exists there, its file not yet; each file
 * Marathon fetches without extracting lies there under its own name (a SHA256SUMS file is one).
 */
const sandboxOf = (app: MarathonApp) => {
  const fetched = new Set(
    app.fetch.filter((f) => !f.extract).map((f) => f.uri.slice(f.uri.lastIndexOf('/') + 1)),
  );
  return {
    readFile: (p: string) => (fetched.has(p) ? `${'0'.repeat(64)}  some-package.deb\n` : ''),
    kind: (p: string) =>
      fetched.has(p)
        ? ('file' as const)
        : p.endsWith('.json')
          ? ('missing' as const)
          : ('directory' as const),
  };
};

for (const [file, store, instances] of [
  ['marathon.json', 'file', 1],
  ['marathon-ha.json', 'zk', 2],
] as const) {
  test(`${file}: options decode, secrets come from Marathon secrets, /health is checked`, () => {
    const app = read(file);
    assert.is(app.instances, instances);
    const known = new Set(Object.keys(schedulerOptions).map(envOf));
    for (const k of Object.keys(app.env)) assert.ok(known.has(k), `${k} is not an option`);
    const r = decode(app);
    if (r._tag !== 'ok') throw new Error(`${file}: ${JSON.stringify(r)}`);
    assert.equal(crossChecks(r.config, sandboxOf(app)), []);
    assert.is(r.config.stateStore, store);
    assert.is(r.config.listenPort, 31005, 'the port comes from PORT0');
    for (const k of secretOptions) {
      const v = app.env[k];
      assert.ok(typeof v === 'object', `${k} must come from a secret`);
      assert.ok(app.secrets?.[v.secret]?.source, `${k}: secret '${v.secret}' is not defined`);
    }
    assert.ok(
      app.healthChecks.some((h) => h.path === '/health' && h.portIndex === 0),
      'health check on /health',
    );
    assert.is(app.portDefinitions.length, 1);
    // The release archive, extracted by the fetcher, holds the bundled scheduler (release.test.ts
    // checks the path against a real archive).
    assert.ok(app.fetch.some((f) => f.extract && f.uri.endsWith('.tar.gz')));
    assert.match(
      app.cmd,
      /exec node --optimize-for-size --max-semi-space-size=2 scaleio-framework-[^/ ]+\/scaleio-scheduler\.mjs/,
      'run with a small young generation and a heap that gives memory back (deploy/README.md)',
    );
    assert.not.ok(/node_modules|dist\//.test(app.cmd), 'no source checkout, no node_modules');
    assert.match(app.cmd, 'SCALEIO_ADVERTISE_URL');
  });
}

test('the deploy README documents the executor artifact path and both files', () => {
  const readme = readFileSync(join(deployDir, 'README.md'), 'utf8');
  assert.ok(readme.includes(EXECUTOR_PATH));
  assert.ok(readme.includes('marathon-ha.json') && readme.includes('artifacts/dashboard.png'));
  assert.ok(existsSync(join(deployDir, 'marathon-ha.json')));
});

test.run();

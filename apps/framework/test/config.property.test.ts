// Properties of the configuration loader (fast-check): whatever the command line, environment
// or --config file holds — hostile JSON included — it answers ok or with problems, never throws,
// never echoes the password; periods are accepted exactly within Node's timer range.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { anyJson, assertUnpolluted } from '@scaleio-framework/testkit';
import { flagOf, realFs } from '@scaleio-framework/operator';
import { loadConfig } from '../src/config/load.js';
import { schedulerOptions } from '../src/config/options.js';
import { requiredEnv } from './support/required.js';

const CANARY = 'Canary-Pw-5d1e77b3';
// Not --password itself: a second one would make the canary an ordinary (echoable) value.
const flags = Object.keys(schedulerOptions)
  .map(flagOf)
  .filter((f) => f !== '--password');
const load = (argv: readonly string[], env: Record<string, string>, file?: string) =>
  loadConfig({
    argv,
    env: { ...requiredEnv, ...env },
    readFile: (p) =>
      file !== undefined && (p === '/c.json' || p === '/c.yaml') ? file : realFs.readFile(p),
    kind: (p) => (p === '/c.json' || p === '/c.yaml' ? 'file' : realFs.kind(p)),
  });
const neverEchoed = (r: ReturnType<typeof load>) => {
  assertUnpolluted();
  if (r._tag === 'invalid')
    for (const p of r.problems) assert.not.ok(p.includes(CANARY), `echoed: ${p}`);
};

/** Command-line words: option names of the table (and some unknown), values, the canary. */
const word = fc.oneof(
  fc.constantFrom(...flags, '--config', '--no-gateway-insecure', '--pasword', '--', '-x'),
  fc.string({ maxLength: 30 }),
  fc.constant(CANARY),
  fc.integer().map(String),
  fc.constantFrom('1e15', '-1', 'NaN', 'zk://h:notaport/m', 'http://a:1,b:2', ''),
);

test('any command line: an answer, never a throw, never the password', () => {
  fc.assert(
    fc.property(fc.array(word, { maxLength: 12 }), (argv) => {
      neverEchoed(load(['--password', CANARY, ...argv], {}));
      neverEchoed(load(argv, { SCALEIO_PASSWORD: CANARY }));
    }),
    { numRuns: 300 },
  );
});

test('any environment values: an answer, never a throw, never the password', () => {
  const envOfKeys = Object.keys(schedulerOptions).map(
    (k) => `SCALEIO_${k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`,
  );
  fc.assert(
    fc.property(
      fc.dictionary(
        fc.constantFrom(...envOfKeys),
        fc.oneof(fc.string({ maxLength: 40 }), fc.constant(CANARY)),
      ),
      (env) => neverEchoed(load([], { ...env, SCALEIO_PASSWORD: CANARY })),
    ),
    { numRuns: 200 },
  );
});

test('any --config file, hostile JSON included: an answer, never a throw, never the password', () => {
  const doc = {
    password: CANARY,
    role: 'scaleio',
    failoverTimeout: 60,
    existingMdmIps: ['10.0.0.1'],
  };
  fc.assert(
    fc.property(anyJson(doc), (text) => neverEchoed(load(['--config', '/c.json'], {}, text))),
    { numRuns: 150 },
  );
  const yamlLine = fc.oneof(
    fc.constantFrom(
      `password: ${CANARY}`,
      `password: *${CANARY}`,
      `password: &a ${CANARY}`,
      `password: "${CANARY}`,
      `- ${CANARY}`,
      `${CANARY}: x`,
    ),
    fc.string({ maxLength: 30 }),
  );
  fc.assert(
    fc.property(fc.array(yamlLine, { maxLength: 6 }), (lines) =>
      neverEchoed(load(['--config', '/c.yaml'], { SCALEIO_PASSWORD: CANARY }, lines.join('\n'))),
    ),
    { numRuns: 300 },
  );
});

test('a period is accepted exactly when it is a whole number of seconds Node can time', () => {
  const max = Math.floor((2 ** 31 - 1) / 1000);
  fc.assert(
    fc.property(
      fc.oneof(
        fc.integer({ min: -10, max: max + 10 }),
        fc.double({ noNaN: false }),
        fc.constant(1e15),
      ),
      (n) => {
        const r = load(['--password', CANARY, '--reconcile-interval', String(n)], {});
        const good = Number.isInteger(n) && n >= 1 && n <= max;
        if (good) assert.is(r._tag === 'ok' && r.config.reconcileInterval, n, String(n));
        else
          assert.ok(
            r._tag === 'invalid' && r.problems.some((p) => p.startsWith('--reconcile-interval')),
            String(n),
          );
      },
    ),
    { numRuns: 300 },
  );
});

test.run();

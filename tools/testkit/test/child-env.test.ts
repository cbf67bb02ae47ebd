// A child's environment: no tsx loader, and never both NO_COLOR and FORCE_COLOR (Node 24 warns on
// stderr when it sees both, and nx sets FORCE_COLOR for every task).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { childEnv } from '../src/index.js';

test('NO_COLOR set: FORCE_COLOR left out unless asked for; NODE_OPTIONS never passed on', () => {
  const saved = { ...process.env };
  try {
    process.env['NO_COLOR'] = '1';
    process.env['FORCE_COLOR'] = 'true';
    process.env['NODE_OPTIONS'] = '--import=tsx';
    const env = childEnv({ X: 'y' });
    assert.is(env['FORCE_COLOR'], undefined);
    assert.is(env['NO_COLOR'], '1');
    assert.is(env['NODE_OPTIONS'], undefined);
    assert.is(env['X'], 'y');
    assert.is(childEnv({ FORCE_COLOR: '3' })['FORCE_COLOR'], '3');
    delete process.env['NO_COLOR'];
    assert.is(childEnv()['FORCE_COLOR'], 'true');
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
});

test.run();

// `--mode existing` takes the system name from the running system (REX-Ray finds it by name).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createClient } from '@scaleio-framework/scaleio';
import { startScaleioSim } from '@scaleio-framework/scaleio-sim';
import { simClient } from './sim-client.js';
import { existingSystemName } from '../src/index.js';

const recorder = () => {
  const warned: [string, Record<string, unknown>][] = [];
  const log = {
    info: () => undefined,
    error: () => undefined,
    warn: (m: string, f: Record<string, unknown> = {}) => void warned.push([m, f]),
  };
  return { log, warned };
};

test("the running system's name wins over the configured one, with a warning", async () => {
  const sim = await startScaleioSim({ bootstrap: true });
  try {
    const r = sim.renameSystem({ name: 'prod-sio' });
    assert.is(r._tag, 'Right');
    const client = simClient(sim);
    if (client._tag !== 'Right') throw new Error('client');
    const { log, warned } = recorder();
    assert.is(await existingSystemName(client.right, 'scaleio', log), 'prod-sio');
    assert.equal(warned[0]?.[1], { systemName: 'prod-sio', configured: 'scaleio' });
    const same = recorder();
    assert.is(await existingSystemName(client.right, 'prod-sio', same.log), 'prod-sio');
    assert.equal(same.warned, []);
    assert.not.match(JSON.stringify(warned), sim.credentials.password);
  } finally {
    await sim.stop();
  }
});

test('an unreachable gateway keeps the configured name, with a warning', async () => {
  const sim = await startScaleioSim({ bootstrap: true });
  const url = sim.url;
  await sim.stop();
  const client = createClient({ baseUrl: url, username: 'admin', password: 'Pw-never-shown' });
  if (client._tag !== 'Right') throw new Error('client');
  const { log, warned } = recorder();
  assert.is(await existingSystemName(client.right, 'scaleio', log), 'scaleio');
  assert.is(warned.length, 1);
  assert.not.match(JSON.stringify(warned), 'Pw-never-shown');
  assert.is(await existingSystemName(undefined, 'scaleio', log), 'scaleio');
});

test.run();

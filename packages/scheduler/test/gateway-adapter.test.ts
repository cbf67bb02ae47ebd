import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startScaleioSim } from '@scaleio-framework/scaleio-sim';
import { simClient } from './sim-client.js';
import type { StorageObjects } from '@scaleio-framework/orchestrator';
import { gatewayPort } from '../src/index.js';

const objects = (ip: string, sds: string, fs: string, devices: string[]): StorageObjects => ({
  protectionDomain: 'pd1',
  faultSet: fs,
  sdsName: sds,
  sdsIp: ip,
  pools: [{ pool: 'sp1', devices }],
});

test('storage objects are created once; a second run changes nothing; errors are messages', async () => {
  const sim = await startScaleioSim({ bootstrap: true });
  try {
    const client = simClient(sim);
    assert.is(client._tag, 'Right');
    if (client._tag !== 'Right') return;
    const port = gatewayPort(client.right);
    const ips = ['10.0.0.11', '10.0.0.12', '10.0.0.13'];
    for (const [i, ip] of ips.entries()) {
      const r = await port.ensureStorageObjects(
        objects(ip, `sds_n${i}`, `fs_r${i}`, ['/dev/sdb', '/dev/sdc']),
      );
      assert.equal(r, { ok: true });
    }
    const again = await port.ensureStorageObjects(
      objects('10.0.0.11', 'sds_n0', 'fs_r0', ['/dev/sdb', '/dev/sdc']),
    );
    assert.equal(again, { ok: true });
    const state = (await (await fetch(`${sim.adminUrl}/state`)).json()) as Record<string, unknown>;
    const text = JSON.stringify(state);
    const count = (re: RegExp) => (text.match(re) ?? []).length;
    assert.is(count(/"name":"sds_n0"/g), 1, 'one SDS per node');
    assert.is(count(/"name":"pd1"/g), 1, 'one protection domain');
    assert.is(count(/"name":"fs_r0"/g), 1, 'one fault set per rack');
    // A device the MDM refuses is skipped and reported, never fatal to its node (issue 16).
    const bad = await port.ensureStorageObjects(
      objects('10.0.0.11', 'sds_n0', 'fs_r0', ['/dev/nope', '/dev/sdb']),
    );
    assert.is(bad.ok, true);
    assert.equal(bad.ok ? bad.skipped?.map((d) => d.path) : [], ['/dev/nope']);
    assert.match(JSON.stringify(bad), /INVALID_DEVICE_PATH|device/i);
    assert.not.match(JSON.stringify(bad), sim.credentials.password);
    // Anything else still fails the step, as a message without the password.
    const down = await gatewayPort({
      ...client.right,
      run: async () => ({
        _tag: 'Left',
        left: { _tag: 'Transport', code: 'ECONNREFUSED', message: 'refused' },
      }),
    }).ensureStorageObjects(objects('10.0.0.11', 'sds_n0', 'fs_r0', ['/dev/sdb']));
    assert.is(down.ok, false);
  } finally {
    await sim.stop();
  }
});

test.run();

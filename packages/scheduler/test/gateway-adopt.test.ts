// The storage-objects step on a node that already runs an SDS under another name (an existing
// ScaleIO system whose agents were SDSs before the framework came): the SDS is adopted, not doubled.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createProtectionDomain, createSds, createStoragePool } from '@scaleio-framework/scaleio';
import { startScaleioSim } from '@scaleio-framework/scaleio-sim';
import { simClient } from './sim-client.js';
import type { StorageObjects } from '@scaleio-framework/orchestrator';
import { gatewayPort } from '../src/index.js';

test('an SDS already on the node is adopted under its own name and gets the free disks', async () => {
  const sim = await startScaleioSim({ bootstrap: true });
  try {
    const client = simClient(sim);
    if (client._tag !== 'Right') throw new Error('client');
    const run = client.right.run;
    const pd = await run(createProtectionDomain({ name: 'pd1' }));
    if (pd._tag !== 'Right') throw new Error(JSON.stringify(pd.left));
    const sp = await run(createStoragePool({ name: 'sp1', protectionDomainId: pd.right }));
    if (sp._tag !== 'Right') throw new Error(JSON.stringify(sp.left));
    const mine = await run(
      createSds({
        name: 'operator-sds',
        protectionDomainId: pd.right,
        ips: [{ ip: '10.0.0.11', role: 'all' }],
        devices: [{ path: '/dev/sdb', storagePoolId: sp.right }],
      }),
    );
    assert.is(mine._tag, 'Right');

    const port = gatewayPort(client.right);
    const objects: StorageObjects = {
      protectionDomain: 'pd1',
      faultSet: undefined,
      sdsName: 'sds_agent-1',
      sdsIp: '10.0.0.11',
      pools: [{ pool: 'sp1', devices: ['/dev/sdb', '/dev/sdc'] }],
    };
    assert.equal(await port.ensureStorageObjects(objects), { ok: true });
    assert.equal(await port.ensureStorageObjects(objects), { ok: true }, 'a retry is a no-op');

    const s = sim.state();
    const onIp = s.sdss.filter((x) => x.ipList.some((i) => i.ip === '10.0.0.11'));
    assert.equal(
      onIp.map((x) => x.name),
      ['operator-sds'],
    );
    assert.equal(
      s.devices
        .filter((d) => d.sdsId === onIp[0]?.id)
        .map((d) => d.path)
        .sort(),
      ['/dev/sdb', '/dev/sdc'],
    );
    assert.ok(s.devices.every((d) => d.poolId === sp.right));
    // A node whose address has no SDS still gets one under its deterministic name.
    assert.equal(
      await port.ensureStorageObjects({ ...objects, sdsName: 'sds_agent-2', sdsIp: '10.0.0.12' }),
      { ok: true },
    );
    assert.ok(sim.state().sdss.some((x) => x.name === 'sds_agent-2'));
  } finally {
    await sim.stop();
  }
});

test.run();

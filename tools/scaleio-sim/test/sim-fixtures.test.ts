import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startScaleioSim } from '../src/index.js';
import { requirePrereq } from '@scaleio-framework/testkit';
import { fixtures, fixturesDir, idOf } from './helpers/http.js';
import { buildPool } from './helpers/topology.js';

/** Tests that read the shared fixtures (skipped without them; CI fails). */
const run = requirePrereq(test, fixtures);

const read = (rel: string): unknown =>
  JSON.parse(readFileSync(join(fixturesDir, rel), 'utf8')) as unknown;
const obj = (u: unknown): Record<string, unknown> => u as Record<string, unknown>;
const missing = (ours: Record<string, unknown>, real: Record<string, unknown>): string[] =>
  Object.keys(real).filter((k) => !(k in ours));
const rels = (o: Record<string, unknown>): string[] =>
  (o['links'] as { rel: string }[]).map((l) => l.rel);

run('every object type carries every key and link rel of the real R2_6 capture', async () => {
  const sim = await startScaleioSim();
  try {
    const { s, poolId, pdId, sdsIds, deviceIds } = await buildPool(sim, 100 * 1024 ** 3);
    const fs = idOf(
      await s.post('/api/types/FaultSet/instances', { protectionDomainId: pdId, name: 'fs' }),
    );
    const vol = idOf(
      await s.post('/api/types/Volume/instances', {
        storagePoolId: poolId,
        volumeSizeInKb: '8388608',
        volumeType: 'ThinProvisioned',
        name: 'v',
      }),
    );
    const sdc = sim.registerSdc({ ip: '10.9.0.1', guid: 'B71F01AE-FF7A-47C5-A303-583FFD416818' });
    assert.is(sdc._tag, 'Right');
    const sdcId = sdc._tag === 'Right' ? sdc.right.id : '';
    assert.is(
      (await s.post(`/api/instances/Volume::${vol}/action/addMappedSdc`, { sdcId })).status,
      200,
    );
    const vtree = obj((await s.get(`/api/instances/Volume::${vol}`)).body)['vtreeId'];
    const ours: Record<string, Record<string, unknown>> = {
      system: obj(((await s.get('/api/types/System/instances')).body as unknown[])[0]),
      protection_domain: obj((await s.get(`/api/instances/ProtectionDomain::${pdId}`)).body),
      storage_pool: obj((await s.get(`/api/instances/StoragePool::${poolId}`)).body),
      fault_set: obj((await s.get(`/api/instances/FaultSet::${fs}`)).body),
      sds: obj((await s.get(`/api/instances/Sds::${sdsIds[0]}`)).body),
      device: obj((await s.get(`/api/instances/Device::${deviceIds[0]}`)).body),
      volume: obj((await s.get(`/api/instances/Volume::${vol}`)).body),
      vtree: obj((await s.get(`/api/instances/VTree::${String(vtree)}`)).body),
      sdc: obj((await s.get(`/api/instances/Sdc::${sdcId}`)).body),
    };
    for (const [name, o] of Object.entries(ours)) {
      const real = obj(read(`netdata-go.d.plugin/client-dev/${name}.json`));
      assert.equal(missing(o, real), [], `${name} keys`);
      assert.equal(rels(o), rels(real), `${name} link rels`);
      assert.match(String(o['id']), /^[0-9a-f]{16}$|^\d+$/);
    }
    const realSys = obj(read('netdata-go.d.plugin/client-dev/system.json'));
    const mdm = obj(ours['system']!['mdmCluster']);
    assert.equal(missing(mdm, obj(realSys['mdmCluster'])), [], 'mdmCluster keys');
    assert.equal(
      missing(obj(mdm['master']), obj(obj(realSys['mdmCluster'])['master'])),
      [],
      'master keys',
    );
    assert.equal(
      missing(
        ours['system']!,
        obj((read('csi-powerflex/get_system_instances.json') as unknown[])[0]),
      ),
      [],
      'csi System keys',
    );
    for (const p of read('csi-powerflex/get_storage_pool_instances.json') as unknown[])
      assert.equal(missing(ours['storage_pool']!, obj(p)), [], 'csi pool keys');
    const mapped = (ours['volume']!['mappedSdcInfo'] as Record<string, unknown>[])[0]!;
    const realMapped = (
      obj(read('netdata-go.d.plugin/client-dev/volume.json'))['mappedSdcInfo'] as Record<
        string,
        unknown
      >[]
    )[0]!;
    assert.equal(missing(mapped, realMapped), [], 'mappedSdcInfo keys');

    const all = obj((await s.get('/api/instances')).body);
    assert.equal(missing(all, obj(read('netdata-go.d.plugin/testdata/instances.json'))), []);
  } finally {
    await sim.stop();
  }
});

run('statistics carry every key of the real responses', async () => {
  const sim = await startScaleioSim();
  try {
    const { s, poolId } = await buildPool(sim, 100 * 1024 ** 3);
    const sys = await s.get(
      `/api/instances/System::${sim.model.system.id}/relationships/Statistics`,
    );
    assert.equal(
      missing(obj(sys.body), obj(read('csi-powerflex/get_system_statistics.json'))),
      [],
      'System statistics',
    );
    const pool = await s.get(`/api/instances/StoragePool::${poolId}/relationships/Statistics`);
    assert.equal(
      missing(obj(pool.body), obj(read('csi-powerflex/get_storage_pool_statistics.json'))),
      [],
      'pool statistics',
    );
    const sel = obj(read('netdata-go.d.plugin/testdata/selected_statistics.json'));
    const sdc = sim.registerSdc({ ip: '10.9.0.1', guid: 'AAAAAAAA-FF7A-47C5-A303-583FFD416818' });
    assert.is(sdc._tag, 'Right');
    // the multi-type query netdata sends, with the real property lists
    const props = (t: string): string[] => Object.keys(obj(Object.values(obj(sel[t]))[0]));
    const r = await s.post('/api/instances/querySelectedStatistics', {
      selectedStatisticsList: [
        { type: 'System', properties: Object.keys(obj(sel['System'])) },
        { type: 'StoragePool', allIds: [], properties: props('StoragePool') },
        { type: 'Sdc', allIds: '', properties: props('Sdc') },
      ],
    });
    assert.is(r.status, 200, r.text);
    const body = obj(r.body);
    assert.equal(Object.keys(body).sort(), ['Sdc', 'StoragePool', 'System']);
    assert.equal(Object.keys(obj(body['StoragePool'])), [poolId]);
    assert.equal(
      missing(
        obj(obj(body['StoragePool'])[poolId]),
        obj(Object.values(obj(sel['StoragePool']))[0]),
      ),
      [],
    );
    const v = await s.get(`/api/instances/Volume::${'0'.repeat(16)}/relationships/Statistics`);
    assert.is((v.body as { errorCode: number }).errorCode, 79);
  } finally {
    await sim.stop();
  }
});

test.run();

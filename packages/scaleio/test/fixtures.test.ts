/**
 * Every fixture under ../shared/scaleio-fixtures that is a gateway response
 * body decodes with this package's codecs. Files that are not response bodies
 * are listed with the reason; an unlisted new file fails the test.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as t from 'io-ts';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import {
  Device,
  ERROR_CODE_TAGS,
  FaultSet,
  GatewayErrorBody,
  InstancesDocument,
  ProtectionDomain,
  queryMultiStatistics,
  Sdc,
  sdcAddresses,
  Sds,
  SnapshotVolumesResult,
  Statistics,
  StoragePool,
  System,
  Volume,
  VTree,
} from '../src/index.js';
import { fixturesDir, fixtureTest, readFixture } from './helpers/fixtures.js';

const RESPONSE_CODECS: Record<string, t.Decoder<unknown, unknown>> = {
  'csi-powerflex/authorization_failure.json': GatewayErrorBody,
  'csi-powerflex/create_snapshot.json': SnapshotVolumesResult,
  'csi-powerflex/get_primary_system_instance.json': t.array(System),
  'csi-powerflex/get_system_instances.json': t.array(System),
  'csi-powerflex/get_sdc_instances.json': t.array(Sdc),
  'csi-powerflex/get_storage_pool_instances.json': t.array(StoragePool),
  'csi-powerflex/get_storage_pool_statistics.json': Statistics,
  'csi-powerflex/get_system_statistics.json': Statistics,
  'csi-powerflex/get_volume_statistics.json': Statistics,
  'netdata-go.d.plugin/client-dev/device.json': Device,
  'netdata-go.d.plugin/client-dev/fault_set.json': FaultSet,
  'netdata-go.d.plugin/client-dev/protection_domain.json': ProtectionDomain,
  'netdata-go.d.plugin/client-dev/sdc.json': Sdc,
  'netdata-go.d.plugin/client-dev/sds.json': Sds,
  'netdata-go.d.plugin/client-dev/storage_pool.json': StoragePool,
  'netdata-go.d.plugin/client-dev/system.json': System,
  'netdata-go.d.plugin/client-dev/volume.json': Volume,
  'netdata-go.d.plugin/client-dev/vtree.json': VTree,
  'netdata-go.d.plugin/testdata/instances.json': InstancesDocument,
};

const NOT_RESPONSE_BODIES: Record<string, string> = {
  'README.md': 'documentation',
  'csi-powerflex/get_sdc_instances.json.template': 'template with placeholders, not JSON',
  'csi-powerflex/volume.json.template': 'template with placeholders, not JSON',
  'derived/error-responses.json': 'a collection; each entry body is checked in its own test',
  'derived/mdm-return-codes.json': 'code table; checked against ERROR_CODE_TAGS in its own test',
  'netdata-go.d.plugin/testdata/selected_statistics.json':
    'decoded through queryMultiStatistics in its own test',
  'scaleio-py/im-minimal-cluster-topology.json':
    'Installation Manager request document, not a gateway /api response',
  'scaleio-py/im-cluster-configuration-cache.json':
    'Installation Manager document, not a gateway /api response',
};

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [relative(fixturesDir, p)];
  });

fixtureTest('every fixture file is either decoded or listed with a reason', () => {
  const unknown = walk(fixturesDir).filter(
    (f) => !(f in RESPONSE_CODECS) && !(f in NOT_RESPONSE_BODIES),
  );
  assert.equal(unknown, []);
});

for (const [file, codec] of Object.entries(RESPONSE_CODECS)) {
  fixtureTest(`decodes ${file}`, () => {
    const r = codec.decode(readFixture(file));
    assert.ok(r._tag === 'Right', PathReporter.report(r).join('\n'));
  });
}

fixtureTest('the netdata 2.6 System carries a real 3-node MDM cluster read from "slaves"', () => {
  const r = System.decode(readFixture('netdata-go.d.plugin/client-dev/system.json'));
  assert.ok(r._tag === 'Right');
  const c = r.right.mdmCluster;
  assert.is(c?.clusterMode, 'ThreeNodes');
  assert.is(c?.clusterState, 'ClusteredDegraded');
  assert.is(c?.master?.name, 'Manager1');
  assert.equal(
    c?.slaves?.map((s) => s.status),
    ['Disconnected'],
  );
  assert.equal(
    c?.tieBreakers?.map((s) => s.role),
    ['TieBreaker'],
  );
});

fixtureTest('the csi mock\'s "worker" key is read as slaves', () => {
  const r = t.array(System).decode(readFixture('csi-powerflex/get_system_instances.json'));
  assert.ok(r._tag === 'Right');
  assert.equal(
    r.right[0]?.mdmCluster?.slaves?.map((s) => s.ips),
    [['127.1.1.7']],
  );
});

fixtureTest('SDCs with 2.x sdcIp and 3.x sdcIps both yield their addresses', () => {
  const r = t.array(Sdc).decode(readFixture('csi-powerflex/get_sdc_instances.json'));
  assert.ok(r._tag === 'Right');
  assert.equal(sdcAddresses(r.right[0]!), ['127.1.1.11']);
  assert.equal(sdcAddresses(r.right[1]!), ['127.1.1.10']);
});

fixtureTest('typed fields of the 2.6 captures decode to numbers and branded ids', () => {
  const dev = Device.decode(readFixture('netdata-go.d.plugin/client-dev/device.json'));
  assert.ok(dev._tag === 'Right');
  assert.is(dev.right.maxCapacityInKb, 103808000);
  assert.is(dev.right.deviceCurrentPathName, '/dev/sdb');
  const vol = Volume.decode(readFixture('netdata-go.d.plugin/client-dev/volume.json'));
  assert.ok(vol._tag === 'Right');
  assert.is(vol.right.sizeInKb, 16777216);
  assert.equal(
    vol.right.mappedSdcInfo?.map((m) => m.sdcId),
    ['6076fd1100000002'],
  );
  const pd = ProtectionDomain.decode(
    readFixture('netdata-go.d.plugin/client-dev/protection_domain.json'),
  );
  assert.ok(pd._tag === 'Right');
  assert.is(pd.right.rfcacheOperationalMode, 'WriteMiss');
  const sds = Sds.decode(readFixture('netdata-go.d.plugin/client-dev/sds.json'));
  assert.ok(sds._tag === 'Right');
  assert.equal(sds.right.ipList, [{ ip: '100.127.0.11', role: 'all' }]);
  assert.is(sds.right.faultSetId, null);
});

fixtureTest(
  'the multi-type selected statistics capture decodes into System + per-type maps',
  () => {
    const r = queryMultiStatistics([]).parse(
      readFixture('netdata-go.d.plugin/testdata/selected_statistics.json'),
    );
    assert.ok(r._tag === 'Right');
    assert.is(r.right.system?.maxCapacityInKb, 643819520);
    assert.equal(Object.keys(r.right.byType.StoragePool ?? {}).sort(), [
      '40395b7b00000000',
      '4039828b00000001',
    ]);
    assert.is(r.right.byType.StoragePool?.['40395b7b00000000']?.rfcacheReadHit, 0);
    assert.ok(r.right.byType.Sdc !== undefined);
  },
);

fixtureTest('every collected gateway error body decodes', () => {
  const doc = readFixture('derived/error-responses.json') as {
    examples: { body: unknown; status: number }[];
  };
  assert.ok(doc.examples.length >= 5);
  for (const ex of doc.examples) {
    const r = GatewayErrorBody.decode(ex.body);
    assert.ok(r._tag === 'Right', JSON.stringify(ex.body));
    assert.is(r.right.httpStatusCode, ex.status);
  }
});

fixtureTest('ERROR_CODE_TAGS use the MDM return codes of the derived table', () => {
  const doc = readFixture('derived/mdm-return-codes.json') as {
    codes: { code: number; key: string }[];
  };
  const keyOf = new Map(doc.codes.map((c) => [c.code, c.key]));
  const expected: Record<number, string> = {
    3: 'NOT_FOUND',
    79: 'VOL_NOT_FOUND',
    81: 'VOL_ALREADY_MAPPED_TO_THIS_INI',
    84: 'VOL_NOT_MAPPED_TO_INI',
    98: 'TGT_NAME_IN_USE',
    99: 'VOL_NAME_IN_USE',
    104: 'VOL_MAPPED',
    141: 'FD_NAME_IN_USE',
    144: 'NOT_ENOUGH_TGTS_IN_STORAGE_POOL',
    173: 'STORAGE_POOL_NAME_ALREADY_EXISTS',
    206: 'DEV_NAME_ALREADY_EXISTS',
    266: 'FAULT_SET_NAME_ALREADY_EXISTS',
    287: 'NOT_ENOUGH_FSS_IN_STORAGE_POOL',
    297: 'NOT_ALLOWED_MORE_THAN_ONE_MAPPING',
    300: 'TOO_MUCH_THIN_CAPACITY',
    673: 'DEV_PATH_ALREADY_EXISTS',
  };
  for (const [code, key] of Object.entries(expected)) {
    assert.is(keyOf.get(Number(code)), key, `code ${code}`);
    assert.ok(ERROR_CODE_TAGS[Number(code)] !== undefined, `code ${code} is mapped`);
  }
  for (const code of Object.keys(ERROR_CODE_TAGS))
    assert.ok(keyOf.has(Number(code)), `code ${code} exists`);
});

test.run();

/** The pure request builders: exact paths and bodies, client-side validation. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  addDevice,
  createFaultSet,
  createProtectionDomain,
  createSds,
  createStoragePool,
  createVolume,
  findByName,
  mapVolume,
  queryMdmCluster,
  queryMultiStatistics,
  querySelectedStatistics,
  querySystemStatistics,
  removeDevice,
  removeSds,
  removeVolume,
  resizeVolume,
  roundUpToGranularityKb,
  sdsIpProblem,
  statisticsOf,
  unmapVolume,
  type DeviceId,
  type FaultSetId,
  type ProtectionDomainId,
  type SdcId,
  type SdsId,
  type StoragePoolId,
  type VolumeId,
} from '../src/index.js';

const PD = '74d855a900000000' as ProtectionDomainId;
const SP = '40395b7b00000000' as StoragePoolId;
const FS = 'a6a7b4cf00000000' as FaultSetId;
const SDS = '130dcabd00000000' as SdsId;
const VOL = '993a355e00000001' as VolumeId;
const SDC = '6076fd1100000002' as SdcId;

test('create requests use the documented paths and string-encoded values', () => {
  assert.equal(createProtectionDomain({ name: 'pd1' }).request, {
    method: 'POST',
    path: '/api/types/ProtectionDomain/instances',
    body: { name: 'pd1' },
  });
  assert.equal(
    createStoragePool({
      name: 'sp1',
      protectionDomainId: PD,
      sparePercentage: 34,
      zeroPaddingEnabled: true,
    }).request.body,
    {
      name: 'sp1',
      protectionDomainId: PD,
      sparePercentage: '34',
      zeroPaddingEnabled: 'TRUE',
    },
  );
  assert.equal(createFaultSet({ name: 'rack-a', protectionDomainId: PD }).request, {
    method: 'POST',
    path: '/api/types/FaultSet/instances',
    body: { protectionDomainId: PD, name: 'rack-a' },
  });
  assert.equal(
    addDevice({ path: '/dev/xvdf', sdsId: SDS, storagePoolId: SP, name: 'xvdf' }).request.body,
    {
      deviceCurrentPathname: '/dev/xvdf',
      sdsId: SDS,
      storagePoolId: SP,
      name: 'xvdf',
    },
  );
  assert.is(
    removeDevice('ebbd9d6400000000' as DeviceId).request.path,
    '/api/instances/Device::ebbd9d6400000000/action/removeDevice',
  );
  const rs = removeSds('ebbd9d6400000001' as SdsId).request;
  assert.equal(
    [rs.method, rs.path, rs.body],
    ['POST', '/api/instances/Sds::ebbd9d6400000001/action/removeSds', {}],
  );
});

test('SDS create sends the wrapped sdsIpList, fault set, port and devices', () => {
  const op = createSds({
    name: 'sds-a',
    protectionDomainId: PD,
    ips: [
      { ip: '10.0.0.11', role: 'sdsOnly' },
      { ip: '10.0.1.11', role: 'sdcOnly' },
    ],
    faultSetId: FS,
    port: 7072,
    devices: [{ path: '/dev/sdb', storagePoolId: SP, name: 'sdb' }],
  });
  assert.is(op.invalid, undefined);
  assert.equal(op.request.body, {
    name: 'sds-a',
    protectionDomainId: PD,
    sdsIpList: [
      { SdsIp: { ip: '10.0.0.11', role: 'sdsOnly' } },
      { SdsIp: { ip: '10.0.1.11', role: 'sdcOnly' } },
    ],
    faultSetId: FS,
    sdsPort: '7072',
    deviceInfoList: [{ devicePath: '/dev/sdb', storagePoolId: SP, deviceName: 'sdb' }],
  });
});

test('SDS IP role rules are checked before sending', () => {
  assert.is(sdsIpProblem([{ ip: '1.1.1.1', role: 'all' }]), undefined);
  assert.ok(sdsIpProblem([]));
  assert.ok(sdsIpProblem([{ ip: '1.1.1.1', role: 'sdsOnly' }]));
  assert.ok(
    sdsIpProblem([
      { ip: '1.1.1.1', role: 'sdsOnly' },
      { ip: '1.1.1.2', role: 'sdsOnly' },
    ]),
  );
  assert.ok(
    sdsIpProblem([
      { ip: '1.1.1.1', role: 'all' },
      { ip: '1.1.1.1', role: 'all' },
    ]),
  );
  const op = createSds({
    name: 'x',
    protectionDomainId: PD,
    ips: [{ ip: '1.1.1.1', role: 'sdcOnly' }],
  });
  assert.is(op.invalid?._tag, 'InvalidRequest');
});

test('volume sizes round up to 8 GiB; names are limited to 31 characters', () => {
  assert.is(roundUpToGranularityKb(1), 8388608);
  assert.is(roundUpToGranularityKb(8388608), 8388608);
  assert.is(roundUpToGranularityKb(8388609), 16777216);
  const op = createVolume({
    name: 'v',
    storagePoolId: SP,
    sizeInKb: 10 * 1024 * 1024,
    volumeType: 'ThickProvisioned',
  });
  assert.equal(op.request.body, {
    name: 'v',
    storagePoolId: SP,
    volumeSizeInKb: '16777216',
    volumeType: 'ThickProvisioned',
  });
  assert.is(
    createVolume({ name: 'x'.repeat(32), storagePoolId: SP, sizeInKb: 1 }).invalid?._tag,
    'InvalidRequest',
  );
  assert.is(
    createVolume({ name: 'ok', storagePoolId: SP, sizeInKb: 0 }).invalid?._tag,
    'InvalidRequest',
  );
  assert.is(
    createStoragePool({ name: 'p', protectionDomainId: PD, sparePercentage: 100 }).invalid?._tag,
    'InvalidRequest',
  );
});

test('volume actions', () => {
  assert.equal(mapVolume(VOL, SDC).request, {
    method: 'POST',
    path: '/api/instances/Volume::993a355e00000001/action/addMappedSdc',
    body: { sdcId: SDC, allowMultipleMappings: 'FALSE' },
  });
  assert.equal(mapVolume(VOL, SDC, { allowMultipleMappings: true }).request.body, {
    sdcId: SDC,
    allowMultipleMappings: 'TRUE',
  });
  assert.equal(unmapVolume(VOL, SDC).request.body, { sdcId: SDC });
  assert.equal(unmapVolume(VOL, 'all').request.body, { allSdcs: '' });
  assert.equal(resizeVolume(VOL, 10).request.body, { sizeInGB: '16' });
  assert.equal(removeVolume(VOL).request.body, { removeMode: 'ONLY_ME' });
  assert.equal(removeVolume(VOL, 'WHOLE_VTREE').request.body, { removeMode: 'WHOLE_VTREE' });
});

test('lookups and statistics requests', () => {
  assert.equal(findByName('StoragePool', 'sp1', { type: 'ProtectionDomain', id: PD }).request, {
    method: 'GET',
    path: '/api/instances/ProtectionDomain::74d855a900000000/relationships/StoragePool',
  });
  assert.is(findByName('Volume', 'v').request.path, '/api/types/Volume/instances');
  assert.is(
    statisticsOf('StoragePool', SP).request.path,
    '/api/instances/StoragePool::40395b7b00000000/relationships/Statistics',
  );
  assert.equal(querySelectedStatistics('StoragePool', 'all', ['capacityInUseInKb']).request, {
    method: 'POST',
    path: '/api/types/StoragePool/instances/action/querySelectedStatistics',
    body: { allIds: '', properties: ['capacityInUseInKb'] },
    idempotent: true,
  });
  assert.equal(
    querySelectedStatistics('StoragePool', { ids: [SP] }, ['maxCapacityInKb']).request.body,
    {
      ids: [SP],
      properties: ['maxCapacityInKb'],
    },
  );
  assert.equal(querySystemStatistics(['numOfSds']).request.body, { properties: ['numOfSds'] });
  assert.equal(
    queryMultiStatistics([
      { type: 'System', selection: 'all', properties: ['numOfSds'] },
      { type: 'StoragePool', selection: 'all', properties: ['capacityInUseInKb'] },
    ]).request.body,
    {
      selectedStatisticsList: [
        { type: 'System', properties: ['numOfSds'] },
        { type: 'StoragePool', allIds: '', properties: ['capacityInUseInKb'] },
      ],
    },
  );
  assert.equal(queryMdmCluster().request, {
    method: 'POST',
    path: '/api/instances/System/queryMdmCluster',
    body: {},
    idempotent: true,
  });
});

test('find by name picks the match or returns NotFound', () => {
  const op = findByName('FaultSet', 'rack-b');
  const list = [
    { id: 'a6a7b4cf00000000', name: 'rack-a', protectionDomainId: PD },
    { id: 'a6a7b4cf00000001', name: 'rack-b', protectionDomainId: PD },
  ];
  const hit = op.parse(list);
  assert.ok(hit._tag === 'Right' && hit.right.id === 'a6a7b4cf00000001');
  const miss = findByName('FaultSet', 'rack-z').parse(list);
  assert.ok(miss._tag === 'Left' && miss.left._tag === 'NotFound');
});

test('create answers decode into branded ids; a bad id is a Decode error', () => {
  const ok = createProtectionDomain({ name: 'pd' }).parse({ id: '74d855a900000000' });
  assert.equal(ok, { _tag: 'Right', right: '74d855a900000000' });
  const bad = createProtectionDomain({ name: 'pd' }).parse({ id: 'xyz' });
  assert.ok(bad._tag === 'Left' && bad.left._tag === 'Decode');
  const none = createProtectionDomain({ name: 'pd' }).parse(undefined);
  assert.ok(none._tag === 'Left' && none.left._tag === 'Decode');
});

test.run();

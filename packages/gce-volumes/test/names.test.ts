// Naming rules: deterministic disk names and request ids, labels, tags through the description,
// volume ids, guest paths, the endpoint options and the error mapping.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { IdempotencyKey } from '@scaleio-framework/capacity';
import {
  clientOptionsOf,
  decodeGceVolumesConfig,
  descriptionOf,
  diskNameOf,
  failureOf,
  fromFailure,
  fromOperationError,
  guestPathsOf,
  labelsOf,
  parseVolumeId,
  requestIdOf,
  tagsOf,
  volumeIdOf,
} from '../src/index.js';

const key = (s: string) => s as IdempotencyKey;

test('disk names are the key when it is a resource name, else prefixed; always RFC 1035', () => {
  assert.is(diskNameOf(key('sio-0123abcd')), 'sio-0123abcd');
  assert.is(diskNameOf(key('0abc')), 'd0abc');
  const long = diskNameOf(key(`9${'a'.repeat(62)}`));
  assert.ok(long.length <= 63 && /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(long), long);
});

test('request ids are deterministic UUIDs, different per intent', () => {
  const a = requestIdOf('disks.insert', 'c', 'k');
  assert.is(a, requestIdOf('disks.insert', 'c', 'k'));
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.is.not(a, requestIdOf('disks.insert', 'c', 'k2'));
  assert.is.not(requestIdOf('attachDisk', 'v', 'n', ''), requestIdOf('attachDisk', 'v', 'n', 't1'));
});

test('labels keep only valid label pairs; every tag survives through the description', () => {
  const tags = { pool: 'pd1/sp1', 'scaleio-framework-cluster': 'c1', Owner: 'x', env: 'prod' };
  assert.equal(labelsOf(tags), { 'scaleio-framework-cluster': 'c1', env: 'prod' });
  assert.equal(tagsOf(descriptionOf(tags), labelsOf(tags)), tags);
  assert.equal(tagsOf('someone else wrote this', { a: 'b' }), { a: 'b' });
  assert.equal(tagsOf('scaleio-framework tags: {not json', {}), {});
});

test('volume ids are zonal paths; anything else is not ours', () => {
  assert.is(volumeIdOf('us-central1-a', 'sio-1'), 'zones/us-central1-a/disks/sio-1');
  assert.equal(parseVolumeId('zones/us-central1-a/disks/sio-1'), {
    zone: 'us-central1-a',
    name: 'sio-1',
  });
  assert.is(parseVolumeId('vol-0abc'), undefined);
  assert.is(parseVolumeId('zones/a/disks/b/extra'), undefined);
});

test('guest paths: the google- link first, then the scsi- link; never /dev/sdX', () => {
  assert.equal(guestPathsOf('sio-1'), [
    '/dev/disk/by-id/google-sio-1',
    '/dev/disk/by-id/scsi-0Google_PersistentDisk_sio-1',
  ]);
});

test('an endpoint URL becomes the documented client options; none keeps the defaults', () => {
  assert.equal(clientOptionsOf({ endpoint: 'http://127.0.0.1:4010' }), {
    fallback: true,
    apiEndpoint: '127.0.0.1',
    port: 4010,
    protocol: 'http',
  });
  assert.equal(clientOptionsOf({}), { fallback: true });
  assert.equal(clientOptionsOf({ endpoint: 'https://compute.example' }).port, 443);
  const bad = decodeGceVolumesConfig({ project: 7, endpoint: 'x', secretish: 'v' });
  assert.is(bad._tag, 'Left');
  if (bad._tag === 'Left') assert.not.match(bad.left, 'x');
});

test('HTTP errors (the JSON envelope in a GaxiosError) and operation errors map to the contract', () => {
  const gaxios = (status: number, reason: string, message: string) => ({
    status,
    message: JSON.stringify({ error: { code: status, message, errors: [{ reason, message }] } }),
  });
  const f404 = failureOf(gaxios(404, 'notFound', "The resource 'x' was not found"));
  assert.equal(f404, { code: 5, message: "The resource 'x' was not found", reason: 'notFound' });
  assert.is(fromFailure(f404, 'volume', 'v')._tag, 'NotFound');
  const inUse = fromFailure(
    failureOf(gaxios(400, 'resourceInUseByAnotherResource', 'used')),
    'volume',
    'v',
  );
  assert.is(inUse._tag, 'IncorrectState');
  assert.is(
    fromFailure(failureOf(gaxios(429, 'rateLimitExceeded', 'slow')), 'volume', 'v')._tag,
    'Throttled',
  );
  assert.is(
    fromFailure(failureOf(gaxios(401, 'required', 'no')), 'volume', 'v')._tag,
    'Unauthorized',
  );
  assert.is(
    fromFailure(failureOf(gaxios(503, 'backendError', 'x')), 'volume', 'v')._tag,
    'Unavailable',
  );
  assert.is(fromFailure(failureOf({ code: 5, message: 'gone' }), 'node', 'n')._tag, 'NotFound');
  assert.is(
    fromFailure(failureOf(new Error('Could not load the default credentials.')), 'volume', 'v')
      ._tag,
    'Unauthorized',
  );
  const quota = fromOperationError('QUOTA_EXCEEDED', "Quota 'SSD_TOTAL_GB' exceeded.", 'v');
  assert.ok(quota._tag === 'LimitExceeded' && quota.limit === 'quota');
  const limit = fromOperationError(
    'UNSUPPORTED_OPERATION',
    'Maximum persistent disks count should be less than or equal to [16], Requested : [17]',
    'v',
  );
  assert.ok(limit._tag === 'LimitExceeded' && limit.limit === 'attachments');
  assert.is(fromOperationError('ZONE_RESOURCE_POOL_EXHAUSTED', 'none', 'v')._tag, 'Unavailable');
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fromSdkError, isTransient, tagOfCode, toProviderError } from '../src/index.js';

const sdkErr = (name: string, message: string, status: number) =>
  Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
  });

test('EC2 codes map to one tag each', () => {
  const cases: Array<[string, string, string]> = [
    ['RequestLimitExceeded', 'Request limit exceeded.', 'Throttled'],
    ['InvalidVolume.NotFound', "The volume 'vol-1' does not exist.", 'NotFound'],
    ['InvalidInstanceID.NotFound', 'x', 'NotFound'],
    ['IdempotentParameterMismatch', 'x', 'IdempotencyMismatch'],
    ['AttachmentLimitExceeded', 'x', 'AttachmentLimit'],
    ['VolumeLimitExceeded', 'x', 'Quota'],
    ['InvalidVolume.ZoneMismatch', 'x', 'ZoneMismatch'],
    ['VolumeInUse', 'x', 'IncorrectState'],
    ['IncorrectState', 'x', 'IncorrectState'],
    [
      'InvalidParameterValue',
      "Invalid value '/dev/sdf' for unixDevice. Attachment point /dev/sdf is already in use",
      'DeviceInUse',
    ],
    [
      'InvalidParameterValue',
      'Volume iops of 200000 is too high; maximum is 80000',
      'InvalidParameter',
    ],
    ['InvalidParameterCombination', 'x', 'InvalidParameter'],
    ['UnauthorizedOperation', 'x', 'Unauthorized'],
    ['DryRunOperation', 'x', 'DryRunOk'],
    ['InsufficientVolumeCapacity', 'x', 'Unavailable'],
  ];
  for (const [code, msg, tag] of cases)
    assert.is(fromSdkError(sdkErr(code, msg, 400))._tag, tag, code);
});

test('unknown codes: 5xx is Unavailable, 4xx Unexpected; network errors Unavailable', () => {
  assert.is(tagOfCode('Whatever', 'm', 503)._tag, 'Unavailable');
  assert.is(tagOfCode('Whatever', 'm', 400)._tag, 'Unexpected');
  assert.is(
    fromSdkError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))._tag,
    'Unavailable',
  );
  assert.is(fromSdkError('boom')._tag, 'Unexpected');
  assert.ok(isTransient(tagOfCode('RequestLimitExceeded', 'm', 503)));
  assert.not.ok(isTransient(tagOfCode('VolumeLimitExceeded', 'm', 400)));
});

test('provider errors: attachment limit and quota are LimitExceeded; instance NotFound is a node', () => {
  const lim = toProviderError(tagOfCode('AttachmentLimitExceeded', 'm', 400), 'vol-1');
  assert.equal(lim._tag === 'LimitExceeded' && lim.limit, 'attachments');
  const q = toProviderError(tagOfCode('VolumeLimitExceeded', 'm', 400), 'k');
  assert.equal(q._tag === 'LimitExceeded' && q.limit, 'quota');
  const n = toProviderError(tagOfCode('InvalidInstanceID.NotFound', 'm', 400), 'i-1');
  assert.equal(n._tag === 'NotFound' && n.resource, 'node');
  assert.is(toProviderError(tagOfCode('RequestLimitExceeded', 'm', 503), 'x')._tag, 'Throttled');
});

test.run();

// The EC2 answer decoders fed hostile but valid JSON (testkit `hostileJson`) in place of any value
// of a real-shaped volume: a volume or an `Unexpected` error naming what was wrong — never a
// throw, never a polluted Object.prototype.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { anyJson, assertUnpolluted } from '@scaleio-framework/testkit';
import { decodeAs, SdkVolume } from '../src/shapes.js';

test('volumes: a value or Unexpected(BadResponse)', () => {
  const volume = {
    VolumeId: 'vol-0abc',
    AvailabilityZone: 'us-east-1a',
    Size: 100,
    VolumeType: 'gp3',
    State: 'in-use',
    Tags: [{ Key: 'scaleio-framework-cluster', Value: 'c1' }],
    Attachments: [{ InstanceId: 'i-1', State: 'attached', Device: '/dev/xvdf' }],
  };
  fc.assert(
    fc.property(anyJson(volume), (text) => {
      const r = decodeAs(SdkVolume, JSON.parse(text) as unknown, 'DescribeVolumes');
      assertUnpolluted();
      if (r._tag === 'Left') {
        assert.is(r.left._tag, 'Unexpected');
        assert.match(r.left.message, /^DescribeVolumes: /);
      }
    }),
    { numRuns: 150 },
  );
});

test.run();

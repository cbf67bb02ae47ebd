import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import type { PositiveInt } from '@scaleio-framework/capacity';
import {
  createVolumeRequest,
  decodeAwsVolumesConfig,
  deleteOnTerminationRequest,
  describeConfig,
  normaliseState,
  specProblem,
  tagFilters,
  toContractVolume,
  type EbsVolume,
} from '../src/index.js';

test('CreateVolume request: gp3 in the given zone, token, tags at creation, KMS only when given', () => {
  const r = createVolumeRequest(
    {
      sizeGiB: 100,
      volumeType: 'gp3',
      iops: 4000,
      throughputMiBps: 250,
      encrypted: true,
      kmsKeyId: 'alias/k',
    },
    'us-east-1c',
    'sio-abc',
    { a: '1', b: '2' },
  );
  assert.equal(r, {
    AvailabilityZone: 'us-east-1c',
    Size: 100,
    VolumeType: 'gp3',
    Iops: 4000,
    Throughput: 250,
    Encrypted: true,
    KmsKeyId: 'alias/k',
    ClientToken: 'sio-abc',
    TagSpecifications: [
      {
        ResourceType: 'volume',
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
        ],
      },
    ],
  });
  const plain = createVolumeRequest(
    { sizeGiB: 1, volumeType: 'gp3', encrypted: true },
    'z',
    't',
    {},
  );
  assert.not.ok('KmsKeyId' in plain || 'Iops' in plain || 'Throughput' in plain);
  assert.equal(tagFilters({ k: 'v' }), [{ Name: 'tag:k', Values: ['v'] }]);
  assert.equal(deleteOnTerminationRequest('i-1', '/dev/sdf', 'vol-1', true).BlockDeviceMappings, [
    { DeviceName: '/dev/sdf', Ebs: { VolumeId: 'vol-1', DeleteOnTermination: true } },
  ]);
});

test('spec check against EBS limits', () => {
  const s = (x: object) => ({
    sizeGiB: 100 as PositiveInt,
    volumeType: 'gp3',
    encrypted: true,
    ...x,
  });
  assert.is(specProblem(s({})), undefined);
  assert.is(specProblem(s({ sizeGiB: 65536 })), undefined);
  assert.match(specProblem(s({ sizeGiB: 65537 })) ?? '', /size/);
  assert.match(specProblem(s({ volumeType: 'gp9' })) ?? '', /unknown/);
  assert.match(specProblem(s({ iops: 80001, sizeGiB: 1000 })) ?? '', /IOPS/);
  assert.match(specProblem(s({ iops: 60000, sizeGiB: 100 })) ?? '', /500 IOPS per GiB/);
  assert.match(specProblem(s({ throughputMiBps: 1000 })) ?? '', /0.25/);
  assert.is(specProblem(s({ throughputMiBps: 1000, iops: 4000 })), undefined);
  assert.match(specProblem(s({ volumeType: 'gp2', iops: 3000 })) ?? '', /no IOPS/);
  assert.match(specProblem(s({ volumeType: 'io2' })) ?? '', /needs an IOPS/);
  assert.match(specProblem(s({ encrypted: false, kmsKeyId: 'k' })) ?? '', /KMS/);
});

test('config: decoded with io-ts; errors name fields, never values; credentials redacted in the printable form', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY';
  const ok = decodeAwsVolumesConfig({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIA1', secretAccessKey: secret },
  });
  assert.ok(isRight(ok));
  if (isRight(ok)) assert.not.ok(JSON.stringify(describeConfig(ok.right)).includes(secret));
  const bad = decodeAwsVolumesConfig({
    credentials: { accessKeyId: 'AKIA1', secretAccessKey: 7 },
    deleteOnTermination: secret,
  });
  assert.ok(isLeft(bad));
  if (isLeft(bad)) {
    assert.match(bad.left, /deleteOnTermination/);
    assert.not.ok(bad.left.includes(secret));
  }
});

test('state normalisation and the contract view of a volume', () => {
  const base: EbsVolume = {
    volumeId: 'vol-1',
    availabilityZone: 'us-east-1a',
    sizeGiB: 10,
    volumeType: 'gp3',
    encrypted: true,
    state: 'available',
    tags: { 'scaleio-framework-node': 'i-1', 'scaleio-framework-key': 'sio-1' },
  };
  assert.is(normaliseState(base), 'available');
  const att = {
    ...base,
    state: 'in-use',
    attachment: {
      instanceId: 'i-1',
      device: '/dev/sdf',
      state: 'attaching',
      deleteOnTermination: false,
    },
  };
  assert.is(normaliseState(att), 'attaching');
  assert.is(
    normaliseState({ ...att, attachment: { ...att.attachment, state: 'attached' } }),
    'attached',
  );
  assert.is(normaliseState({ ...base, state: 'weird' }), 'error');
  const v = toContractVolume(
    { ...att, attachment: { ...att.attachment, state: 'attached' } },
    'required',
  );
  assert.is(v.node, 'i-1');
  assert.is(v.key, 'sio-1');
  assert.equal(v.attachment?.guestPaths[0], '/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol1');
  assert.is(toContractVolume(att).attachment, undefined, 'no attachment until attached');
});

test.run();

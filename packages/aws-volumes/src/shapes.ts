/**
 * The SDK's answers decoded with io-ts at the IO edge: every field we rely on must be present,
 * otherwise the answer is an `Unexpected` error, never a silent `undefined`.
 */
import * as t from 'io-ts';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { decodeSafely } from '@scaleio-framework/capacity';
import type { Ec2Error } from './errors.js';

const Tag = t.partial({ Key: t.string, Value: t.string });

/** Codec of one `Volumes[]` / CreateVolume answer (the members we use). */
export const SdkVolume = t.intersection([
  t.type({
    VolumeId: t.string,
    AvailabilityZone: t.string,
    Size: t.number,
    VolumeType: t.string,
    State: t.string,
  }),
  t.partial({
    Iops: t.number,
    Throughput: t.number,
    Encrypted: t.boolean,
    KmsKeyId: t.string,
    CreateTime: t.unknown,
    Tags: t.array(Tag),
    Attachments: t.array(
      t.intersection([
        t.type({ InstanceId: t.string, State: t.string }),
        t.partial({ Device: t.string, DeleteOnTermination: t.boolean, VolumeId: t.string }),
      ]),
    ),
  }),
]);
/** One volume as the SDK returns it. */
export type SdkVolume = t.TypeOf<typeof SdkVolume>;

/** Codec of one `Reservations[].Instances[]` (the members we use). */
export const SdkInstance = t.intersection([
  t.type({
    InstanceId: t.string,
    InstanceType: t.string,
    Placement: t.type({ AvailabilityZone: t.string }),
  }),
  t.partial({
    State: t.partial({ Name: t.string }),
    BlockDeviceMappings: t.array(
      t.intersection([
        t.type({ DeviceName: t.string }),
        t.partial({
          Ebs: t.partial({ VolumeId: t.string, Status: t.string, DeleteOnTermination: t.boolean }),
        }),
      ]),
    ),
  }),
]);
/** One instance as the SDK returns it. */
export type SdkInstance = t.TypeOf<typeof SdkInstance>;

/** Codec of one `InstanceTypes[]` (the EBS facts). */
export const SdkInstanceType = t.type({
  InstanceType: t.string,
  EbsInfo: t.intersection([
    t.type({ MaximumEbsAttachments: t.number }),
    t.partial({ AttachmentLimitType: t.string, NvmeSupport: t.string }),
  ]),
});
/** One instance type as the SDK returns it. */
export type SdkInstanceType = t.TypeOf<typeof SdkInstanceType>;

/** Decodes `value` or returns an `Unexpected` error naming `what`. */
export const decodeAs = <A>(
  codec: t.Decoder<unknown, A>,
  value: unknown,
  what: string,
): Either<Ec2Error, A> => {
  const r = decodeSafely(codec, value);
  return isLeft(r)
    ? left({ _tag: 'Unexpected', code: 'BadResponse', message: `${what}: ${r.left.join('; ')}` })
    : right(r.right);
};

/** Decodes every element of a list, failing on the first bad one. */
export const decodeAll = <A>(
  codec: t.Decoder<unknown, A>,
  values: readonly unknown[] | undefined,
  what: string,
): Either<Ec2Error, A[]> => {
  const out: A[] = [];
  for (const v of values ?? []) {
    const d = decodeAs(codec, v, what);
    if (isLeft(d)) return d;
    out.push(d.right);
  }
  return right(out);
};

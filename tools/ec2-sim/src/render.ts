/** The XML shapes of volumes, attachments and instances (lowerCamel locationNames of the model). */
import type { AttachmentRec, InstanceRec, SimState, VolumeRec } from './model.js';
import { attachedTo } from './model.js';
import { itemSet, tagSet, type XNode } from './xml.js';

const tagsOf = (m: Map<string, string>) => [...m].map(([key, value]) => ({ key, value }));

/** The members of a `VolumeAttachment` (AttachVolume/DetachVolume responses, `attachmentSet` items). */
export const attachmentNodes = (volumeId: string, a: AttachmentRec): XNode[] => [
  ['volumeId', volumeId],
  ['instanceId', a.instanceId],
  ['device', a.device],
  ['status', a.state],
  ['attachTime', new Date(a.attachTime)],
  ['deleteOnTermination', a.deleteOnTermination],
];

/** The members of a `Volume` (CreateVolume response body, `volumeSet` items). */
export const volumeNodes = (v: VolumeRec, withAttachments: boolean): XNode[] => [
  ['volumeId', v.volumeId],
  ['size', v.sizeGiB],
  ['snapshotId', null],
  ['availabilityZone', v.availabilityZone],
  ['status', v.state],
  ['createTime', new Date(v.createTime)],
  withAttachments
    ? itemSet(
        'attachmentSet',
        v.attachment === undefined ? [] : [attachmentNodes(v.volumeId, v.attachment)],
      )
    : ['attachmentSet', undefined],
  tagSet(tagsOf(v.tags)),
  ['volumeType', v.volumeType],
  ['iops', v.iops],
  ['throughput', v.throughput],
  ['encrypted', v.encrypted],
  ['kmsKeyId', v.kmsKeyId],
  ['multiAttachEnabled', false],
];

const stateCode = { pending: 0, running: 16, stopped: 80 } as const;

/** The members of an `Instance` (`instancesSet` items), block-device mapping included. */
export const instanceNodes = (s: SimState, i: InstanceRec): XNode[] => [
  ['instanceId', i.instanceId],
  ['imageId', 'ami-0ec2515700000000'],
  [
    'instanceState',
    [
      ['code', stateCode[i.state]],
      ['name', i.state],
    ],
  ],
  ['privateDnsName', `ip-10-0-0-1.${s.region}.compute.internal`],
  ['instanceType', i.instanceType],
  ['launchTime', new Date(i.launchTime)],
  [
    'placement',
    [
      ['availabilityZone', i.availabilityZone],
      ['tenancy', 'default'],
    ],
  ],
  ['rootDeviceType', 'ebs'],
  ['rootDeviceName', i.rootDeviceName],
  itemSet(
    'blockDeviceMapping',
    attachedTo(s, i.instanceId).flatMap((v) =>
      v.attachment === undefined
        ? []
        : [
            [
              ['deviceName', v.attachment.device],
              [
                'ebs',
                [
                  ['volumeId', v.volumeId],
                  ['status', v.attachment.state],
                  ['attachTime', new Date(v.attachment.attachTime)],
                  ['deleteOnTermination', v.attachment.deleteOnTermination],
                ],
              ],
            ] satisfies XNode[],
          ],
    ),
  ),
  tagSet(tagsOf(i.tags)),
];

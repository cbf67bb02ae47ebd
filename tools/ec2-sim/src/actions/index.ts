/** The EC2 actions the simulator implements, by `Action` name. */
import type { Handler } from '../result.js';
import { attachVolume, detachVolume, modifyInstanceAttribute } from './attachments.js';
import { createTags, describeInstances, describeInstanceTypes } from './instances.js';
import { createVolume, deleteVolume, describeVolumes } from './volumes.js';

/** Handlers by action name. */
export const actions: Readonly<Record<string, Handler>> = {
  CreateVolume: createVolume,
  DescribeVolumes: describeVolumes,
  DeleteVolume: deleteVolume,
  AttachVolume: attachVolume,
  DetachVolume: detachVolume,
  ModifyInstanceAttribute: modifyInstanceAttribute,
  DescribeInstances: describeInstances,
  DescribeInstanceTypes: describeInstanceTypes,
  CreateTags: createTags,
};

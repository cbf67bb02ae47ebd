/** Device-name rules of EC2 for HVM instances, as far as the simulator enforces them. */

const validName = /^\/dev\/(sd[a-z]|sd[a-z](?:[1-9]|1[0-5])|xvd[a-z]|xvd[a-z][a-z])$/;

/** True when EC2 accepts `name` as an EBS device name (`/dev/sdf`, `/dev/xvdba`, `/dev/sda1`). */
export const isValidDeviceName = (name: string): boolean => validName.test(name);

/**
 * The attachment slot a name occupies: `/dev/sdf` and `/dev/xvdf` are the same slot, and a
 * partition suffix (`/dev/sda1`) occupies its disk's slot.
 */
export const deviceSlot = (name: string): string =>
  name.replace(/^\/dev\/(?:sd|xvd)/, '').replace(/\d+$/, '');

/**
 * io-ts codecs of the admin API bodies (`/sim/admin/...`).
 */
import * as t from 'io-ts';

const opt = <C extends t.Mixed>(c: C) => t.union([c, t.undefined]);

/** `POST /sim/admin/mdm/create` */
export const CreateMdmBody = t.type({
  primaryMdmIp: t.string,
  managementIps: opt(t.array(t.string)),
  clusterName: opt(t.string),
});
/** `POST /sim/admin/mdm/add-standby` */
export const AddStandbyBody = t.type({
  ip: t.string,
  role: t.keyof({ Manager: null, TieBreaker: null }),
  name: opt(t.string),
});
/** `POST /sim/admin/mdm/switch-mode` */
export const SwitchModeBody = t.type({
  mode: t.keyof({ '3_node': null, '5_node': null }),
  addSecondaryIps: opt(t.array(t.string)),
  addTiebreakerIps: opt(t.array(t.string)),
});
/** `POST /sim/admin/mdm/rename` */
export const RenameBody = t.type({ name: t.string });

const NonNegative = t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'NonNegative');

/** `POST /sim/admin/node` */
export const NodeBody = t.type({
  ip: t.string,
  hostname: opt(t.string),
  sdsService: opt(t.keyof({ running: null, stopped: null })),
  devices: opt(t.array(t.type({ path: t.string, sizeBytes: NonNegative }))),
});
/** `POST /sim/admin/sdc` */
export const SdcBody = t.type({ ip: t.string, guid: t.string, name: opt(t.string) });
/** `POST /sim/admin/writes` */
export const WritesBody = t.type({
  storagePoolId: t.string,
  bytes: opt(NonNegative),
  bytesPerSecond: opt(NonNegative),
});
/** `POST /sim/admin/faults` */
export const FaultsBody = t.type({
  errors500: opt(t.type({ pathRegex: t.string, count: opt(NonNegative), forMs: opt(NonNegative) })),
  latencyMs: opt(NonNegative),
  invalidateTokens: opt(t.boolean),
});

/** `POST /sim/admin/component`: a host's component version and/or service state (node-sim). */
export const ComponentBody = t.type({
  ip: t.string,
  component: t.keyof({ mdm: null, sds: null, sdc: null, lia: null }),
  version: opt(t.string),
  running: opt(t.boolean),
});
/** `POST /sim/admin/mdm/switch-ownership` (`scli --switch_mdm_ownership`). */
export const SwitchOwnershipBody = t.type({ newMasterIp: t.string });

/** `POST /sim/admin/mdm/replace` (`scli --replace_cluster_mdm`): members by IP. */
export const ReplaceMdmBody = t.partial({
  addSlaveIps: t.array(t.string),
  removeSlaveIps: t.array(t.string),
  addTbIps: t.array(t.string),
  removeTbIps: t.array(t.string),
  allowLeaveFailed: t.boolean,
});

/** `POST /sim/admin/mdm/remove-standby` (`scli --remove_standby_mdm`): by IP or id. */
export const RemoveStandbyBody = t.partial({ ip: t.string, id: t.string });

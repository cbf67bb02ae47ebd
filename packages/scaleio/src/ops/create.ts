/** Creating the storage topology: protection domains, storage pools, fault sets, SDSs and devices. */
import * as t from 'io-ts';
import { chain, left, right } from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { decodeError } from '../errors.js';
import { DeviceId, FaultSetId, ProtectionDomainId, SdsId, StoragePoolId } from '../ids.js';
import { CreatedId } from '../objects/responses.js';
import type { SdsIp } from '../objects/sds.js';
import {
  action,
  actionPath,
  decodeWith,
  post,
  rejected,
  typePath,
  type ApiRequest,
  type Operation,
} from '../request.js';

/** `"TRUE"`/`"FALSE"`, as the gateway conventionally receives booleans. */
export const wireBool = (b: boolean): 'TRUE' | 'FALSE' => (b ? 'TRUE' : 'FALSE');

/** An operation that POSTs a create and decodes the new id with `idCodec`. */
export const createOperation = <A>(
  request: ApiRequest,
  idCodec: t.Decoder<unknown, A>,
  what: string,
): Operation<A> => ({
  request,
  parse: (body) =>
    pipe(
      decodeWith(CreatedId, `${what} create answer`)(body),
      chain((c) => {
        const id = idCodec.decode(c.id);
        return id._tag === 'Right' ? right(id.right) : left(decodeError(`${what} id`, id.left));
      }),
    ),
});

/** Creates a protection domain. */
export const createProtectionDomain = (p: {
  readonly name: string;
}): Operation<ProtectionDomainId> =>
  createOperation(
    post(typePath('ProtectionDomain'), { name: p.name }),
    ProtectionDomainId,
    'ProtectionDomain',
  );

/** Parameters of a new storage pool. */
export interface StoragePoolParams {
  /** Pool name, unique within its protection domain. */
  readonly name: string;
  /** Protection domain the pool belongs to. */
  readonly protectionDomainId: ProtectionDomainId;
  /** Spare capacity in percent (0-99; gateway default 10). */
  readonly sparePercentage?: number;
  /** Zero padding (must be chosen before devices are added). */
  readonly zeroPaddingEnabled?: boolean;
  /** `HDD` or `SSD` (3.x). */
  readonly mediaType?: string;
}

/** Creates a storage pool. */
export const createStoragePool = (p: StoragePoolParams): Operation<StoragePoolId> => {
  const body = {
    name: p.name,
    protectionDomainId: p.protectionDomainId,
    ...(p.sparePercentage === undefined ? {} : { sparePercentage: String(p.sparePercentage) }),
    ...(p.zeroPaddingEnabled === undefined
      ? {}
      : { zeroPaddingEnabled: wireBool(p.zeroPaddingEnabled) }),
    ...(p.mediaType === undefined ? {} : { mediaType: p.mediaType }),
  };
  const req = post(typePath('StoragePool'), body);
  if (
    p.sparePercentage !== undefined &&
    !(Number.isInteger(p.sparePercentage) && p.sparePercentage >= 0 && p.sparePercentage <= 99)
  ) {
    return rejected(req, `sparePercentage must be an integer 0-99, got ${p.sparePercentage}`);
  }
  return createOperation(req, StoragePoolId, 'StoragePool');
};

/** Creates a fault set in a protection domain. */
export const createFaultSet = (p: {
  readonly name: string;
  readonly protectionDomainId: ProtectionDomainId;
}): Operation<FaultSetId> =>
  createOperation(
    post(typePath('FaultSet'), { protectionDomainId: p.protectionDomainId, name: p.name }),
    FaultSetId,
    'FaultSet',
  );

/** A device to add together with a new SDS. */
export interface SdsDevice {
  /** Block device path on the SDS host, e.g. `/dev/xvdf`. */
  readonly path: string;
  /** Pool the device joins. */
  readonly storagePoolId: StoragePoolId;
  /** Device name, unique within the SDS. */
  readonly name?: string;
}

/** Parameters of a new SDS. */
export interface SdsParams {
  /** SDS name, unique in the system. */
  readonly name: string;
  /** Protection domain the SDS joins. */
  readonly protectionDomainId: ProtectionDomainId;
  /** IPs with roles; one lone IP must have role `all`. */
  readonly ips: readonly SdsIp[];
  /** Fault set (only settable at creation). */
  readonly faultSetId?: FaultSetId;
  /** SDS port (default 7072). */
  readonly port?: number;
  /** Devices to add at once. */
  readonly devices?: readonly SdsDevice[];
}

/** Checks the IP/role rules the MDM enforces; returns a message or `undefined`. */
export const sdsIpProblem = (ips: readonly SdsIp[]): string | undefined => {
  if (ips.length === 0) return 'an SDS needs at least one IP';
  const only = ips[0];
  if (ips.length === 1 && only !== undefined && only.role !== 'all')
    return 'a lone SDS IP must have role "all"';
  if (!ips.some((i) => i.role !== 'sdcOnly'))
    return 'at least one SDS IP must carry SDS traffic (all or sdsOnly)';
  if (!ips.some((i) => i.role !== 'sdsOnly'))
    return 'at least one SDS IP must carry SDC traffic (all or sdcOnly)';
  if (new Set(ips.map((i) => i.ip)).size !== ips.length) return 'SDS IPs must be distinct';
  return undefined;
};

/** Adds an SDS (with IPs, roles, optional fault set and devices). Sends the wrapped `sdsIpList` shape. */
export const createSds = (p: SdsParams): Operation<SdsId> => {
  const body = {
    name: p.name,
    protectionDomainId: p.protectionDomainId,
    sdsIpList: p.ips.map((i) => ({ SdsIp: { ip: i.ip, role: i.role } })),
    ...(p.faultSetId === undefined ? {} : { faultSetId: p.faultSetId }),
    ...(p.port === undefined ? {} : { sdsPort: String(p.port) }),
    ...(p.devices === undefined || p.devices.length === 0
      ? {}
      : {
          deviceInfoList: p.devices.map((d) => ({
            devicePath: d.path,
            storagePoolId: d.storagePoolId,
            ...(d.name === undefined ? {} : { deviceName: d.name }),
          })),
        }),
  };
  const req = post(typePath('Sds'), body);
  const problem = sdsIpProblem(p.ips);
  return problem === undefined ? createOperation(req, SdsId, 'Sds') : rejected(req, problem);
};

/** Parameters of a device added to an existing SDS. */
export interface DeviceParams {
  /** Block device path on the SDS host. */
  readonly path: string;
  /** The SDS that owns the disk. */
  readonly sdsId: SdsId;
  /** Pool the device joins. */
  readonly storagePoolId: StoragePoolId;
  /** Device name, unique within the SDS. */
  readonly name?: string;
  /** `testAndActivate` (default on the gateway), `testOnly` or `noTest`. */
  readonly testMode?: 'testAndActivate' | 'testOnly' | 'noTest';
}

/** Adds a device to an SDS and a pool (request key is `deviceCurrentPathname`, lower-case n). */
export const addDevice = (p: DeviceParams): Operation<DeviceId> =>
  createOperation(
    post(typePath('Device'), {
      deviceCurrentPathname: p.path,
      sdsId: p.sdsId,
      storagePoolId: p.storagePoolId,
      ...(p.name === undefined ? {} : { name: p.name }),
      ...(p.testMode === undefined ? {} : { testMode: p.testMode }),
    }),
    DeviceId,
    'Device',
  );

/**
 * Removes an SDS and its devices (`POST /api/instances/Sds::{id}/action/removeSds` with `{}`:
 * reference scaleio-api.md §3.5; goscaleio `RemoveSds`). The MDM refuses it while the pool could
 * not keep its volumes (904) or would keep devices on fewer than three SDSs or fault sets
 * (144/287).
 */
export const removeSds = (id: SdsId): Operation<void> =>
  action(post(actionPath('Sds', id, 'removeSds'), {}));

/** Removes a device from its SDS and pool. */
export const removeDevice = (id: DeviceId): Operation<void> =>
  action(post(actionPath('Device', id, 'removeDevice')));

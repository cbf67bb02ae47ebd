/** Codec for an SDS (storage data server). */
import * as t from 'io-ts';
import { BoolLike, Links, NumberLike, nullable } from '../codec-util.js';
import { FaultSetId, ProtectionDomainId, SdsId } from '../ids.js';

/** Role of one SDS IP: SDS-to-SDS traffic, SDC traffic, or both. */
export const SdsIpRole = t.keyof({ all: null, sdsOnly: null, sdcOnly: null });
/** Role of one SDS IP. */
export type SdsIpRole = t.TypeOf<typeof SdsIpRole>;

/** One SDS IP with its role (the flat shape of GET responses). */
export const SdsIp = t.type({ ip: t.string, role: SdsIpRole });
/** One SDS IP with its role. */
export type SdsIp = t.TypeOf<typeof SdsIp>;

/** An SDS IP in either the flat `{ip, role}` or the wrapped `{SdsIp: {ip, role}}` shape; decodes to the flat one. */
export const SdsIpAnyShape = new t.Type<SdsIp, SdsIp, unknown>(
  'SdsIpAnyShape',
  SdsIp.is,
  (u, c) => {
    if (typeof u === 'object' && u !== null && 'SdsIp' in u) {
      return SdsIp.validate((u as { SdsIp: unknown }).SdsIp, c);
    }
    return SdsIp.validate(u, c);
  },
  (v) => v,
);

/** An SDS (storage data server). */
export const Sds = t.intersection([
  t.type({
    id: SdsId,
    name: nullable(t.string),
    protectionDomainId: ProtectionDomainId,
    ipList: t.array(SdsIpAnyShape),
  }),
  t.partial({
    faultSetId: nullable(FaultSetId),
    port: NumberLike,
    sdsState: t.string,
    membershipState: t.string,
    mdmConnectionState: t.string,
    maintenanceState: t.string,
    drlMode: t.string,
    rmcacheEnabled: BoolLike,
    rmcacheSizeInKb: NumberLike,
    softwareVersionInfo: nullable(t.string),
    perfProfile: t.string,
    links: Links,
  }),
]);
/** An SDS (storage data server). */
export type Sds = t.TypeOf<typeof Sds>;

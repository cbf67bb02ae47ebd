/** Codec for an SDC (storage data client). */
import * as t from 'io-ts';
import { BoolLike, Links, nullable } from '../codec-util.js';
import { SdcId, SystemId } from '../ids.js';

/** An SDC. 2.x sends one `sdcIp`, 3.x a list `sdcIps`; both are kept. */
export const Sdc = t.intersection([
  t.type({ id: SdcId }),
  t.partial({
    name: nullable(t.string),
    sdcIp: nullable(t.string),
    sdcIps: nullable(t.array(t.string)),
    sdcGuid: nullable(t.string),
    sdcApproved: nullable(BoolLike),
    mdmConnectionState: nullable(t.string),
    osType: nullable(t.string),
    systemId: SystemId,
    installedSoftwareVersionInfo: nullable(t.string),
    kernelVersion: nullable(t.string),
    links: Links,
  }),
]);
/** An SDC. */
export type Sdc = t.TypeOf<typeof Sdc>;

/** Every IP an SDC reports, whichever of `sdcIp` / `sdcIps` the gateway sent. */
export const sdcAddresses = (sdc: Sdc): readonly string[] => {
  const ips = new Set<string>(sdc.sdcIps ?? []);
  if (typeof sdc.sdcIp === 'string') ips.add(sdc.sdcIp);
  return [...ips];
};

/** Codec for a protection domain. */
import * as t from 'io-ts';
import { BoolLike, Links, NumberLike, nullable, withAliases } from '../codec-util.js';
import { ProtectionDomainId, SystemId } from '../ids.js';

const Shape = t.intersection([
  t.type({ id: ProtectionDomainId, name: nullable(t.string) }),
  t.partial({
    systemId: SystemId,
    protectionDomainState: t.string,
    rfcacheEnabled: BoolLike,
    rfcacheOperationalMode: t.string,
    rfcacheMaxIoSizeKb: NumberLike,
    rfcachePageSizeKb: NumberLike,
    rebuildNetworkThrottlingEnabled: BoolLike,
    rebalanceNetworkThrottlingEnabled: BoolLike,
    overallIoNetworkThrottlingEnabled: BoolLike,
    links: Links,
  }),
]);

/**
 * A protection domain. The gateway's real typo `rfcacheOpertionalMode` is
 * read into `rfcacheOperationalMode`.
 */
export const ProtectionDomain = withAliases(
  Shape,
  { rfcacheOpertionalMode: 'rfcacheOperationalMode' },
  'ProtectionDomain',
);
/** A protection domain. */
export type ProtectionDomain = t.TypeOf<typeof ProtectionDomain>;

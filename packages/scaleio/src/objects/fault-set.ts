/** Codec for a fault set. */
import * as t from 'io-ts';
import { Links, nullable } from '../codec-util.js';
import { FaultSetId, ProtectionDomainId } from '../ids.js';

/** A fault set: SDSs of one protection domain that may fail together. */
export const FaultSet = t.intersection([
  t.type({ id: FaultSetId, name: nullable(t.string), protectionDomainId: ProtectionDomainId }),
  t.partial({ links: Links }),
]);
/** A fault set. */
export type FaultSet = t.TypeOf<typeof FaultSet>;

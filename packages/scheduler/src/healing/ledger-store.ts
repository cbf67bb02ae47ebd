/**
 * The ledger store port over a `@scaleio-framework/state` document (file store or ZooKeeper):
 * schema-versioned, compare-and-set writes, re-applied on conflict.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import { describeStateError, document, type StateStore } from '@scaleio-framework/state';
import { emptyLedger, failure, HealingLedger, success } from '@scaleio-framework/healing';
import type { LedgerStorePort } from './ports.js';

/** The state key of the healing ledger unless the app names another. */
export const defaultLedgerKey = 'capacity-ledger';

/** The schema version this build writes. */
export const ledgerSchemaVersion = 1;

/** A {@link LedgerStorePort} over one document of a state store. */
export const stateLedgerStore = (store: StateStore, key = defaultLedgerKey): LedgerStorePort => {
  const doc = document(store, { key, codec: HealingLedger, schemaVersion: ledgerSchemaVersion });
  return {
    read: async () => {
      const r = await doc.read();
      if (isLeft(r))
        return failure(
          describeStateError(r.left),
          r.left._tag === 'Unavailable' || r.left._tag === 'Io',
        );
      return success(r.right?.value ?? emptyLedger);
    },
    update: async (f) => {
      const r = await doc.update((cur) => f(cur ?? emptyLedger));
      if (isLeft(r))
        return failure(
          describeStateError(r.left),
          r.left._tag === 'Unavailable' || r.left._tag === 'Io' || r.left._tag === 'Conflict',
        );
      return success(r.right.value);
    },
  };
};

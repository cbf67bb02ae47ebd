/** Lost MDM cluster members replaced, lost SDSs removed: the ledgers and their decisions (pure). */
export * from './ledger.js';
export * from './decide.js';
export * from './task.js';
export * from './sds-removal.js';
export * from './sds-ledger.js';
export * from './sds-decide.js';

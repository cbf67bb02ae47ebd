/** Lost MDM cluster members replaced: the ledger and its decisions (pure). */
export * from './ledger.js';
export * from './decide.js';
export * from './task.js';
export * from './sds-removal.js';

/**
 * The healer's shell: ports, the effect performer, `createHealer`, the healing round, and the
 * adapters (gateway statistics, the ledger in the state store, the executor's device resolver).
 *
 * @packageDocumentation
 */
export * from './ports.js';
export * from './perform.js';
export * from './advance.js';
export * from './healer.js';
export * from './round.js';
export * from './gateway-stats.js';
export * from './gateway-when-up.js';
export * from './ledger-store.js';
export * from './executor-resolver.js';
export * from './gateway-drain.js';
export * from './shrink.js';

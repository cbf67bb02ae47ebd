/**
 * @scaleio-framework/healing: the pure capacity-healing core. The expansion ledger and its stages
 * as one transition table (stage × observation → transition), the generic failure rule, the
 * policy glue, operator answers, leak bookkeeping and the status view — all data in, data out:
 * no IO, no clock, no timers. The shell (`@scaleio-framework/scheduler`) performs the effects.
 *
 * @packageDocumentation
 */
export * from './config.js';
export * from './outcome.js';
export * from './figures.js';
export * from './pools.js';
export * from './ledger.js';
export * from './ledger-changes.js';
export * from './events.js';
export * from './effects.js';
export * from './transitions.js';
export * from './entry-facts.js';
export * from './stages.js';
export * from './stage-machine.js';
export * from './decide.js';
export * from './leaks.js';
export * from './state.js';
export * from './status.js';
export * from './shrink-config.js';
export * from './shrink-stages.js';
export * from './shrink-decide.js';
export * from './shrink-ledger.js';
export * from './shrink-state.js';

/**
 * Self-healing capacity: a loop that grows a ScaleIO storage pool with new cloud volumes before it
 * fills, with a crash-safe ledger.
 *
 * @packageDocumentation
 */
export * from './config.js';
export * from './events.js';
export * from './ledger.js';
export * from './ports.js';
export * from './status.js';
export { createHealer, type Healer } from './healer.js';
export { decidePool, appendExpansion, firstStage, type PoolDecision } from './decide.js';
export { drive, specOf, type StepContext, type TimedCapacity } from './steps.js';
export { sampleWindows, type SampleWindows } from './samples.js';

export * from './settings.js';
export * from './model.js';
export * from './io.js';
export * from './step-specs.js';
export * from './task-states.js';
export { settle } from './settle.js';
export { decide } from './decide.js';
export * from './reconcile.js';
export * from './launch-timeout.js';

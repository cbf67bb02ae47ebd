/** The rolling upgrade: plan as data, one transition table, pure decisions, the task contract. */
export * from './plan.js';
export * from './state.js';
export * from './facts.js';
export * from './decide.js';
export * from './task.js';

/**
 * @scaleio-framework/orchestrator: pure decisions for deploying ScaleIO on Mesos. Cluster spec
 * and observations (agents, task status, step results) go in; actions (launch, decline,
 * suppress, gateway work) come out. No IO, no clock: time is a parameter.
 *
 * @packageDocumentation
 */
export * from './agents.js';
export * from './faultsets.js';
export * from './offers.js';
export * from './resources.js';
export * from './plan.js';
export * from './state.js';
export * from './observe.js';
export * from './step-events.js';
export * from './runnable.js';
export * from './restarts.js';
export * from './critical-path.js';
export * from './views.js';
export * from './roles.js';
export * from './placement.js';
export * from './spec.js';
export * from './transitions.js';
export * from './task-data.js';
export * from './install-specs.js';
export * from './scheduler/index.js';
export * from './upgrade/index.js';
export * from './membership/index.js';

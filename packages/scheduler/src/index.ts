/**
 * @scaleio-framework/scheduler: the scheduler's imperative shell. It performs what the pure cores
 * (`orchestrator`, `healing`) decide, one executor per channel: Mesos calls, gateway calls, the
 * capacity provider, the state store; one scheduler of ticks drives the periodic work.
 *
 * @packageDocumentation
 */
export * from './core/ports.js';
export * from './core/shell.js';
export * from './mesos/task-info.js';
export * from './mesos/loopback-settings.js';
export * from './mesos/runtime.js';
export * from './mesos/sandbox.js';
export * from './mesos/channel.js';
export * from './mesos/events.js';
export * from './gateway/clients.js';
export * from './gateway/storage-objects.js';
export * from './gateway/existing-system.js';
export * from './store/persistence.js';
export * from './store/open.js';
export * from './ticks.js';
export * from './healing/index.js';
export * from './upgrade/index.js';
export * from './membership/replacer.js';
export * from './membership/sds-remover.js';
export * from './membership/sds-view.js';
export * from './membership/observe.js';

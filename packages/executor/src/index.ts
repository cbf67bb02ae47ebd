/**
 * @scaleio-framework/executor: the executor's imperative shell. A LAUNCH carries a deploy step
 * (or a device probe) in `TaskInfo.data`; the step runs on this node with the installers and its
 * result goes back in `TaskStatus.data`.
 *
 * @packageDocumentation
 */
export * from './core.js';
export * from './runner.js';
export * from './resolve-device.js';
export * from './main.js';

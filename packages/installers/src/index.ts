/**
 * @scaleio-framework/installers: Node install plans as data for ScaleIO and Mesos storage
 * components, and the Host interface.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/installers';

export * from './secret.js';
export * from './errors.js';
export * from './platform.js';
export * from './commands.js';
export * from './devices.js';
export * from './host.js';
export * from './local-host.js';
export * from './plan.js';
export * from './run-plan.js';
export * from './verify.js';
export * from './os.js';
export * from './service-kinds.js';
export * from './sdc-kernels.js';
export * from './components/common.js';
export * from './components/packages.js';
export * from './components/scaleio.js';
export * from './components/cluster.js';
export * from './components/mdm-ownership.js';
export * from './components/mdm-membership.js';
export * from './components/query-cluster.js';
export * from './components/rexray.js';
export * from './components/gateway-cert.js';
export * from './components/mesos.js';
export * from './spec.js';
export * from './render.js';
export * from './inventory.js';
export * from './cli.js';

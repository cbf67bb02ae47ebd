/**
 * @scaleio-framework/installers: Node install plans as data for ScaleIO and Mesos storage components, and the Host interface.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/installers';

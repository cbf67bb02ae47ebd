/**
 * @scaleio-framework/scaleio-sim: A ScaleIO gateway and MDM on loopback, with the real capacity arithmetic.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/scaleio-sim';

/**
 * @scaleio-framework/scaleio: ScaleIO (PowerFlex) gateway REST client: login, codecs, operations, capacity arithmetic.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/scaleio';

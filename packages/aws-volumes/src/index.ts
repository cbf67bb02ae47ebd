/**
 * @scaleio-framework/aws-volumes: EBS volume lifecycle and the AWS capacity provider.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/aws-volumes';

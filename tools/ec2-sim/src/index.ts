/**
 * @scaleio-framework/ec2-sim: The EC2 Query API subset and IMDSv2 on loopback.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/ec2-sim';

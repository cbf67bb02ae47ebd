/**
 * The region to talk to: the configured one, else the one IMDS reports for this instance (the
 * SDK v3 default chain does not ask IMDS for the region). An empty answer is an error, never an
 * empty region (amazon-ebs-autoscale #71 ran with "Region = ''").
 */
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import type { AwsVolumesConfig } from './config.js';
import type { Ec2Error } from './errors.js';
import type { ImdsClient } from './imds.js';

/** `us-east-1a` -> `us-east-1` (also `us-west-2-lax-1a` -> `us-west-2-lax-1`). */
export const regionOfZone = (zone: string): string => zone.replace(/[a-z]$/, '');

/** The configured region, else the instance's region from its identity document. */
export const resolveRegion = async (
  config: AwsVolumesConfig,
  imds: ImdsClient,
): Promise<Either<Ec2Error, string>> => {
  if (config.region !== undefined && config.region !== '') return right(config.region);
  const id = await imds.identity();
  if (isLeft(id)) return id;
  const region = id.right.region !== '' ? id.right.region : regionOfZone(id.right.availabilityZone);
  return region === '' ? left({ _tag: 'Imds', message: 'IMDS reported no region' }) : right(region);
};

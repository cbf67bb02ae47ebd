/**
 * The provider's configuration as it comes from a file or the environment, decoded with io-ts,
 * and the EC2 client built from it. Credentials are optional (the SDK default chain otherwise)
 * and are never logged: {@link describeConfig} is the only printable form.
 */
import * as t from 'io-ts';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';

/** Codec of explicit static credentials. */
export const AwsCredentials = t.intersection([
  t.type({ accessKeyId: t.string, secretAccessKey: t.string }),
  t.partial({ sessionToken: t.string }),
]);
/** Explicit static credentials. */
export type AwsCredentials = t.TypeOf<typeof AwsCredentials>;

/** Codec of the AWS provider configuration. */
export const AwsVolumesConfig = t.partial({
  /** AWS region; derived from the node's zone (IMDS) or the SDK chain when absent. */
  region: t.string,
  /** EC2 endpoint override (ec2-sim, moto, a VPC endpoint). */
  endpoint: t.string,
  credentials: AwsCredentials,
  /** Delete the volume when its instance terminates (default true: no leaked volumes). */
  deleteOnTermination: t.boolean,
  /** Device names to use, best first (default `/dev/sd[f-z]`, then `/dev/xvd[b-d][a-z]`). */
  deviceNames: t.array(t.string),
  /** How long a used device name is not handed out again (default 1 h). */
  nameQuarantineMs: t.number,
  /** Names to try per attach when EC2 says one is taken (default 5). */
  maxDeviceAttempts: t.number,
  /** Bounded waits (ms): creating -> available (default 300 s), attaching -> attached (120 s), detach (120 s). */
  availableTimeoutMs: t.number,
  attachTimeoutMs: t.number,
  detachTimeoutMs: t.number,
  /** Longest pause between two polls of a wait (default 2000 ms; raise it to spare API calls). */
  pollMaxIntervalMs: t.number,
  /** Total attempts of a throttled/5xx call (default 6). */
  maxAttempts: t.number,
});
/** The AWS provider configuration. */
export type AwsVolumesConfig = t.TypeOf<typeof AwsVolumesConfig>;

/** Decodes a configuration value; the error lists every bad field (values are not echoed). */
export const decodeAwsVolumesConfig = (u: unknown): Either<string, AwsVolumesConfig> => {
  const r = AwsVolumesConfig.decode(u);
  if (isLeft(r))
    return left(
      `invalid AWS volumes configuration: ${r.left
        .map((e) =>
          e.context
            .map((c) => c.key)
            .filter((k) => k !== '')
            .join('.'),
        )
        .join(', ')}`,
    );
  return right(r.right);
};

/** A printable summary of a configuration: credentials shown only as present or absent. */
export const describeConfig = (c: AwsVolumesConfig): Record<string, unknown> => ({
  ...c,
  credentials: c.credentials === undefined ? 'default chain' : 'explicit (redacted)',
});

/** The EC2 client for a configuration; the SDK's own retries are off (see `ec2Call`). */
export const ec2ClientFor = (c: AwsVolumesConfig): EC2Client => {
  const cfg: EC2ClientConfig = {
    maxAttempts: 1,
    ...(c.region === undefined ? {} : { region: c.region }),
    ...(c.endpoint === undefined ? {} : { endpoint: c.endpoint }),
    ...(c.credentials === undefined ? {} : { credentials: c.credentials }),
  };
  return new EC2Client(cfg);
};

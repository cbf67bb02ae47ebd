/** Shared test helpers: an SDK client pointed at a local endpoint, with no real credentials. */
import { EC2Client } from '@aws-sdk/client-ec2';

process.env['AWS_EC2_METADATA_DISABLED'] = 'true';

/** The instance most sim tests run against. */
export const inst = {
  instanceId: 'i-0aaa000000000001',
  availabilityZone: 'us-east-1a',
  instanceType: 'm5.large',
};

/** An EC2 client for a loopback endpoint (fake credentials, fast retries). */
export const localEc2 = (endpoint: string, maxAttempts = 3): EC2Client =>
  new EC2Client({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts,
  });

/** Waits (real time, bounded) until `pred` holds; for asserting state a background tick produces. */
export const eventually = async (pred: () => boolean, timeoutMs = 5000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** The error name `p` rejects with (the SDK names errors by their EC2 code), or `no error`. */
export const errName = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    return (e as Error).name;
  }
  return 'no error';
};

/** Shared test helpers: an SDK client pointed at a local endpoint, with no real credentials. */
import { EC2Client } from '@aws-sdk/client-ec2';

process.env['AWS_EC2_METADATA_DISABLED'] = 'true';

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

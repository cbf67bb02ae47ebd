/**
 * A hook that sees every EC2 call the provider sends: its operation, how long it took and how it
 * ended. It is an SDK middleware on the provider's EC2 client (initialize step), so it sees each
 * `send` — including each attempt `ec2Call` retries — without touching the lifecycle steps.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { fromSdkError, type Ec2ErrorTag } from './errors.js';

/** One EC2 call as the hook sees it. */
export interface Ec2CallRecord {
  /** The API operation, e.g. `CreateVolume`, `DescribeVolumes`. */
  readonly operation: string;
  /** Wall time of the call, in seconds. */
  readonly seconds: number;
  /** `ok`, or the {@link Ec2ErrorTag} the error maps to (a closed set). */
  readonly outcome: 'ok' | Ec2ErrorTag;
}

/** Called once per EC2 call; it must not throw (an exception is ignored). */
export type Ec2CallObserver = (call: Ec2CallRecord) => void;

const MIDDLEWARE = 'scaleioEc2CallObserver';

/** `DescribeVolumesCommand` → `DescribeVolumes`. */
const operationOf = (commandName: unknown): string =>
  typeof commandName === 'string' ? commandName.replace(/Command$/, '') : 'unknown';

const tell = (observe: Ec2CallObserver, call: Ec2CallRecord): void => {
  try {
    observe(call);
  } catch {
    // a metrics hook never changes the outcome of the call it observes
  }
};

/**
 * Adds the hook to `client` (once: a second call replaces the first hook). `now` is the clock in
 * epoch ms (the provider's `Timing.now`).
 *
 * @example
 * ```ts
 * observeEc2Calls(client, (c) => metrics.recordEc2Call(c.operation, c.seconds, c.outcome));
 * ```
 */
export const observeEc2Calls = (
  client: EC2Client,
  observe: Ec2CallObserver,
  now: () => number = Date.now,
): void => {
  client.middlewareStack.remove(MIDDLEWARE);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = operationOf(context.commandName);
      const started = now();
      try {
        const out = await next(args);
        tell(observe, { operation, seconds: (now() - started) / 1000, outcome: 'ok' });
        return out;
      } catch (err) {
        const outcome = fromSdkError(err)._tag;
        tell(observe, { operation, seconds: (now() - started) / 1000, outcome });
        throw err;
      }
    },
    { step: 'initialize', name: MIDDLEWARE },
  );
};

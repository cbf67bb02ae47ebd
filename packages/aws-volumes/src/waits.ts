/** A bounded, backing-off poll: the waits for `available`, `attached`, `detached` and gone. */
import type { Either } from 'fp-ts/lib/Either.js';
import { pollBackingOff, type Poll as PollOf, type WaitPolicy } from '@scaleio-framework/capacity';
import type { Ec2Error } from './errors.js';
import type { Timing } from './timing.js';

export type { WaitPolicy };

/** What one poll found: done with a value, not yet, or a failure that ends the wait. */
export type Poll<A> = PollOf<A, Ec2Error>;

/**
 * Polls `check` until it is done or failed, sleeping with backoff between polls; `Timeout`
 * (naming the last seen state) once `timeoutMs` of the injected clock has passed.
 */
export const pollUntil = <A>(
  id: string,
  what: string,
  check: () => Promise<Either<Ec2Error, Poll<A>>>,
  policy: WaitPolicy,
  timing: Timing,
): Promise<Either<Ec2Error, A>> =>
  pollBackingOff(check, policy, timing, (state) => ({
    _tag: 'Timeout',
    id,
    message: `${id} did not become ${what} within ${policy.timeoutMs} ms (last state: ${state})`,
  }));

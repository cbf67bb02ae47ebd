/** A bounded, backing-off poll: the waits for `available`, `attached`, `detached` and gone. */
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import type { Ec2Error } from './errors.js';
import { backoffDelay, type Backoff, type Timing } from './timing.js';

/** How long and how often to poll. */
export interface WaitPolicy {
  readonly timeoutMs: number;
  readonly backoff: Backoff;
}

/** What one poll found: done with a value, not yet, or a failure that ends the wait. */
export type Poll<A> =
  | { readonly _tag: 'done'; readonly value: A }
  | { readonly _tag: 'pending'; readonly state: string }
  | { readonly _tag: 'failed'; readonly error: Ec2Error };

/**
 * Polls `check` until it is done or failed, sleeping with backoff between polls; `Timeout`
 * (naming the last seen state) once `timeoutMs` of the injected clock has passed.
 */
export const pollUntil = async <A>(
  id: string,
  what: string,
  check: () => Promise<Either<Ec2Error, Poll<A>>>,
  policy: WaitPolicy,
  timing: Timing,
): Promise<Either<Ec2Error, A>> => {
  const start = timing.now();
  for (let n = 0; ; n++) {
    const r = await check();
    if (isLeft(r)) return r;
    const p = r.right;
    if (p._tag === 'done') return right(p.value);
    if (p._tag === 'failed') return left(p.error);
    const elapsed = timing.now() - start;
    if (elapsed >= policy.timeoutMs)
      return left({
        _tag: 'Timeout',
        id,
        message: `${id} did not become ${what} within ${policy.timeoutMs} ms (last state: ${p.state})`,
      });
    const d = backoffDelay(policy.backoff, n, timing.random());
    await timing.sleep(Math.min(d, Math.max(1, policy.timeoutMs - elapsed)));
  }
};

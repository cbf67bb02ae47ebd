import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isLeft, isRight, right } from 'fp-ts/lib/Either.js';
import { ec2Call, pollUntil, type Timing } from '../src/index.js';

const fakeTime = () => {
  let t = 0;
  const sleeps: number[] = [];
  const timing: Timing = {
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
    random: () => 0.5,
  };
  return { timing, sleeps };
};

const throttle = () =>
  Object.assign(new Error('Request limit exceeded.'), {
    name: 'RequestLimitExceeded',
    $metadata: { httpStatusCode: 503 },
  });

// backoffDelay itself is tested where it lives, capacity's retry clock (retry-clock.test.ts).

test('ec2Call retries throttling with backoff, then succeeds', async () => {
  const { timing, sleeps } = fakeTime();
  let n = 0;
  const r = await ec2Call(
    async () => {
      if (++n < 3) throw throttle();
      return 'ok';
    },
    { attempts: 5, backoff: { initialMs: 100, factor: 2, maxMs: 1000, jitter: 0 } },
    timing,
  );
  assert.equal(r, right('ok'));
  assert.equal(sleeps, [100, 200]);
});

test('ec2Call gives up after its attempts, and never retries a client error', async () => {
  const { timing, sleeps } = fakeTime();
  const always = await ec2Call(
    async () => {
      throw throttle();
    },
    { attempts: 3, backoff: { initialMs: 10, factor: 2, maxMs: 100, jitter: 0 } },
    timing,
  );
  assert.ok(isLeft(always) && always.left._tag === 'Throttled');
  assert.is(sleeps.length, 2);
  let calls = 0;
  const bad = await ec2Call(
    async () => {
      calls++;
      throw Object.assign(new Error('no'), {
        name: 'InvalidParameterValue',
        $metadata: { httpStatusCode: 400 },
      });
    },
    { attempts: 5, backoff: { initialMs: 10, factor: 2, maxMs: 100, jitter: 0 } },
    timing,
  );
  assert.ok(isLeft(bad) && bad.left._tag === 'InvalidParameter');
  assert.is(calls, 1);
});

test('pollUntil: done after pending states; bounded by the injected clock', async () => {
  const { timing, sleeps } = fakeTime();
  const states = ['creating', 'creating', 'available'];
  const ok = await pollUntil(
    'vol-1',
    'available',
    async () => {
      const s = states.shift() ?? 'available';
      return right(
        s === 'available'
          ? { _tag: 'done' as const, value: s }
          : { _tag: 'pending' as const, state: s },
      );
    },
    { timeoutMs: 10_000, backoff: { initialMs: 100, factor: 2, maxMs: 1000, jitter: 0 } },
    timing,
  );
  assert.ok(isRight(ok));
  assert.equal(sleeps, [100, 200]);
  const { timing: t2 } = fakeTime();
  const stuck = await pollUntil(
    'vol-2',
    'attached',
    async () => right({ _tag: 'pending' as const, state: 'attaching' }),
    { timeoutMs: 5000, backoff: { initialMs: 100, factor: 2, maxMs: 1000, jitter: 0 } },
    t2,
  );
  assert.ok(isLeft(stuck) && stuck.left._tag === 'Timeout');
  if (isLeft(stuck)) assert.match(stuck.left.message, /last state: attaching/);
  assert.ok(t2.now() <= 5000 + 1000);
});

test.run();

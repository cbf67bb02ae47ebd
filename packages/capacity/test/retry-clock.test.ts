// The providers' retry clock: backoff arithmetic, retries of transient failures only, and a poll
// bounded by the injected clock (no real time passes).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { left, right } from 'fp-ts/lib/Either.js';
import { backoffDelay, pollBackingOff, retryTransient, type Timing } from '../src/index.js';

/** A clock that moves only when slept on; `slept` records every sleep. */
const steppedTiming = (rnd = 0.5): Timing & { slept: number[] } => {
  let t = 1_000_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
    random: () => rnd,
  };
};

test('backoffDelay: exponential, capped, jittered within ±jitter', () => {
  const b = { initialMs: 100, factor: 2, maxMs: 1000, jitter: 0.2 };
  assert.equal(
    [0, 1, 2, 3, 4, 5].map((n) => backoffDelay(b, n, 0.5)),
    [100, 200, 400, 800, 1000, 1000],
  );
  assert.is(backoffDelay(b, 0, 0), 80);
  assert.is(backoffDelay(b, 0, 0.999999), 120);
});

test('retryTransient: retries a transient failure with backoff, never a permanent one, at most `attempts` times', async () => {
  const rule = {
    attempts: 3,
    backoff: { initialMs: 10, factor: 2, maxMs: 100, jitter: 0 },
    failureOf: (e: unknown) => String(e),
    isTransient: (f: string) => f.startsWith('busy'),
    errorOf: (f: string) => ({ error: f }),
  };
  const timing = steppedTiming();
  let calls = 0;
  const flaky = await retryTransient(
    async () => {
      calls += 1;
      if (calls < 3) throw 'busy';
      return 'ok';
    },
    rule,
    timing,
  );
  assert.equal(flaky, right('ok'));
  assert.equal(timing.slept, [10, 20]);
  calls = 0;
  const always = await retryTransient(
    async () => {
      calls += 1;
      throw 'busy again';
    },
    rule,
    steppedTiming(),
  );
  assert.equal(always, left({ error: 'busy again' }));
  assert.is(calls, 3);
  calls = 0;
  const bad = await retryTransient(
    () => {
      calls += 1;
      throw 'denied';
    },
    rule,
    steppedTiming(),
  );
  assert.equal(bad, left({ error: 'denied' }));
  assert.is(calls, 1);
});

test('pollBackingOff: done after pending polls; failed ends it; a timeout names the last state and no sleep passes the deadline', async () => {
  const policy = { timeoutMs: 1000, backoff: { initialMs: 100, factor: 2, maxMs: 400, jitter: 0 } };
  const states = ['creating', 'creating', 'ready'];
  const done = await pollBackingOff(
    async () => {
      const s = states.shift() ?? 'ready';
      return right(
        s === 'ready'
          ? { _tag: 'done' as const, value: 42 }
          : { _tag: 'pending' as const, state: s },
      );
    },
    policy,
    steppedTiming(),
    (s) => `timeout in ${s}`,
  );
  assert.equal(done, right(42));
  const failed = await pollBackingOff(
    async () => right({ _tag: 'failed' as const, error: 'broken' }),
    policy,
    steppedTiming(),
    (s) => `timeout in ${s}`,
  );
  assert.equal(failed, left('broken'));
  const timing = steppedTiming();
  const stuck = await pollBackingOff(
    async () => right({ _tag: 'pending' as const, state: 'attaching' }),
    policy,
    timing,
    (s) => `timeout in ${s}`,
  );
  assert.equal(stuck, left('timeout in attaching'));
  assert.equal(timing.slept, [100, 200, 400, 300]);
  const err = await pollBackingOff(
    async () => left('call failed'),
    policy,
    steppedTiming(),
    (s) => `timeout in ${s}`,
  );
  assert.equal(err, left('call failed'));
});

test.run();

// One tick scheduler for all periodic work, on injected time.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { manualClock } from '@scaleio-framework/testkit';
import { startTicks } from '../src/index.js';

/** Lets the microtasks of job runs settle (runs are started as promises). */
const settle = () => new Promise((r) => setImmediate(r));

test('each job runs once per period on one timer; a gated job only while its gate says yes', async () => {
  const clock = manualClock();
  let open = false;
  const ticks = startTicks(
    [
      { name: 'fast', everyMs: 1000, run: () => undefined },
      { name: 'slow', everyMs: 5000, run: () => undefined },
      { name: 'gated', everyMs: 1000, run: () => undefined, when: () => open },
    ],
    clock,
  );
  assert.is(clock.pending(), 1, 'one timer for every job');
  for (let i = 0; i < 5; i++) {
    clock.advance(1000);
    await settle();
  }
  assert.equal(ticks.runs(), { fast: 5, slow: 1, gated: 0 });
  open = true;
  clock.advance(1000);
  await settle();
  assert.equal(ticks.runs(), { fast: 6, slow: 1, gated: 1 });
  ticks.stop();
  assert.is(clock.pending(), 0, 'stopped: no timer left');
});

test('a run still in flight is not started again; a failing run is reported and runs again', async () => {
  const clock = manualClock();
  let release: () => void = () => undefined;
  const errors: string[] = [];
  let failing = 0;
  const ticks = startTicks(
    [
      { name: 'long', everyMs: 1000, run: () => new Promise<void>((r) => (release = r)) },
      {
        name: 'bad',
        everyMs: 1000,
        run: () => {
          failing++;
          throw new Error('gateway down');
        },
      },
    ],
    clock,
    (job, e) => errors.push(`${job}: ${(e as Error).message}`),
  );
  for (let i = 0; i < 3; i++) {
    clock.advance(1000);
    await settle();
  }
  assert.is(ticks.runs()['long'], 1, 'skipped while the first run is in flight');
  assert.is(failing, 3);
  assert.equal(errors, ['bad: gateway down', 'bad: gateway down', 'bad: gateway down']);
  release();
  await settle();
  clock.advance(1000);
  await settle();
  assert.is(ticks.runs()['long'], 2);
  ticks.stop();
});

test('nothing a job does reaches the timer: a throwing gate or reporter; a bad period is never run', async () => {
  const clock = manualClock();
  const errors: string[] = [];
  let reports = 0;
  const ticks = startTicks(
    [
      {
        name: 'gate',
        everyMs: 1000,
        run: () => undefined,
        when: () => {
          throw new Error('gate broke');
        },
      },
      { name: 'huge', everyMs: 1e15, run: () => undefined },
      { name: 'nan', everyMs: Number.NaN, run: () => undefined },
      {
        name: 'bad',
        everyMs: 1000,
        run: () => Promise.reject(new Error('rejected')),
      },
    ],
    clock,
    (job, e) => {
      reports += 1;
      errors.push(`${job}: ${(e as Error).message}`);
      if (job === 'bad') throw new Error('the reporter failed too');
    },
  );
  assert.equal(errors, [
    'huge: period 1000000000000000 ms is not 1..2147483647: never run',
    'nan: period NaN ms is not 1..2147483647: never run',
  ]);
  for (let i = 0; i < 2; i++) {
    clock.advance(1000); // a throw here would fail the test: fire() runs inside advance()
    await settle();
  }
  assert.equal(ticks.runs(), { gate: 0, bad: 2 });
  assert.is(reports, 6, 'two bad periods, then per tick: the gate and the run');
  assert.ok(errors.includes('gate: gate broke') && errors.includes('bad: rejected'));
  assert.is(clock.pending(), 1, 'still ticking');
  ticks.stop();
});

test('a late timer does not queue up missed runs', async () => {
  const clock = manualClock();
  const ticks = startTicks([{ name: 'j', everyMs: 1000, run: () => undefined }], clock);
  clock.set(clock.now() + 10_000); // the process was paused: no timer fired meanwhile
  clock.advance(0);
  await settle();
  assert.is(ticks.runs()['j'], 1, 'one run for the ten periods missed');
  clock.advance(999);
  await settle();
  assert.is(ticks.runs()['j'], 1, 'the next one period after that run');
  clock.advance(1);
  await settle();
  assert.is(ticks.runs()['j'], 2);
  ticks.stop();
});

test.run();

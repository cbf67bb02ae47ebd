import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MANUAL_CLOCK_START, manualClock } from '../src/index.js';

test('advance fires due timers in due order, at their due time, and moves to the end', () => {
  const c = manualClock();
  assert.is(c.now(), MANUAL_CLOCK_START);
  const seen: [string, number][] = [];
  c.setTimer(300, () => seen.push(['c', c.now()]));
  c.setTimer(100, () => {
    seen.push(['a', c.now()]);
    c.setTimer(50, () => seen.push(['a2', c.now()]));
  });
  c.setTimer(100, () => seen.push(['b', c.now()]));
  const cancelled = c.setTimer(200, () => seen.push(['x', c.now()]));
  cancelled();
  c.advance(250);
  const t = MANUAL_CLOCK_START;
  assert.equal(seen, [
    ['a', t + 100],
    ['b', t + 100],
    ['a2', t + 150],
  ]);
  assert.is(c.now(), t + 250);
  assert.is(c.pending(), 1);
  c.set(t);
  assert.is(c.pending(), 1, 'set fires nothing');
  c.advance(300);
  assert.equal(seen.at(-1), ['c', t + 300]);
});

test('fireNext waits for a timer that is set later, fires it and says how far it moved', async () => {
  const c = manualClock(1000);
  const fired: number[] = [];
  setImmediate(() => c.setTimer(750, () => fired.push(c.now())));
  assert.is(await c.fireNext(), 750);
  assert.equal(fired, [1750]);
  assert.is(c.pending(), 0);
});

test('fireNext rejects when no timer is set in time', async () => {
  const c = manualClock();
  let message = '';
  await c.fireNext(20).catch((e: unknown) => (message = String(e)));
  assert.match(message, /no timer was set/);
});

test('every member works on its own (no this)', () => {
  const { now, setTimer, advance } = manualClock(0);
  let hit = false;
  setTimer(-5, () => (hit = true));
  advance(0);
  assert.ok(hit);
  assert.is(now(), 0);
});

test.run();

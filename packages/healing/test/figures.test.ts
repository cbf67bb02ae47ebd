/**
 * One source per rule: KiB in once, bytes inside, GiB for the policy, and one percent full that
 * the ScaleIO client, the capacity policy and the healer agree on.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { usedPercent } from '@scaleio-framework/capacity';
import { percentFullOf } from '@scaleio-framework/scaleio';
import {
  figuresFromKb,
  freeBytes,
  GIB,
  kbOf,
  percentFullOfFigures,
  policySample,
  usableBytes,
} from '../src/index.js';

const kb = {
  capacityInUseInKb: 54 * 2 ** 20,
  maxCapacityInKb: 300 * 2 ** 20,
  spareCapacityInKb: 30 * 2 ** 20,
};

test('KiB from the gateway become bytes once; usable and free follow', () => {
  const f = figuresFromKb(kb);
  assert.equal(f, { inUseBytes: 54 * GIB, maxBytes: 300 * GIB, spareBytes: 30 * GIB });
  assert.equal([usableBytes(f), freeBytes(f)], [270 * GIB, 216 * GIB]);
  assert.equal(figuresFromKb({}), { inUseBytes: 0, maxBytes: 0, spareBytes: 0 });
  assert.is(kbOf(f.maxBytes), kb.maxCapacityInKb);
});

test('the policy reads GiB: used, and usable as its capacity', () => {
  assert.equal(policySample(7, figuresFromKb(kb)), { atMs: 7, usedGiB: 54, capacityGiB: 270 });
});

test('one percent full: the client, the policy and the healer agree', () => {
  const f = figuresFromKb(kb);
  const cases: ReadonlyArray<[number, number, number]> = [
    [54, 300, 30],
    [1, 3, 0],
    [5, 10, 10],
    [0, 0, 0],
  ];
  for (const [used, max, spare] of cases) {
    const g = { inUseBytes: used * GIB, maxBytes: max * GIB, spareBytes: spare * GIB };
    const expected = percentFullOf(used, max, spare);
    assert.is(percentFullOfFigures(g), expected);
    if (max - spare > 0) assert.is(usedPercent(policySample(0, g)), expected);
  }
  assert.is(percentFullOfFigures(f), 20);
});

test.run();

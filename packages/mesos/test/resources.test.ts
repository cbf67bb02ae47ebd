import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as E from 'fp-ts/lib/Either.js';
import {
  addResources,
  containsResources,
  fitTask,
  normalizeRanges,
  portRanges,
  rangesContain,
  rangesSize,
  scalarTotal,
  subtractRanges,
  subtractResources,
  takePorts,
} from '../src/index.js';
import type { Resource } from '../src/index.js';
import { portsRes, scalarRes } from './helpers.js';

const cpus = (v: number, extra: Partial<Resource> = {}): Resource => scalarRes('cpus', v, extra);
const mem = (v: number, extra: Partial<Resource> = {}): Resource => scalarRes('mem', v, extra);
const ports = (...r: [number, number][]): Resource => portsRes(r);

test('ranges: normalize, subtract, contain, take', () => {
  assert.equal(
    normalizeRanges([
      { begin: 5, end: 9 },
      { begin: 1, end: 3 },
      { begin: 4, end: 4 },
      { begin: 9, end: 2 },
    ]),
    [{ begin: 1, end: 9 }],
  );
  assert.equal(
    subtractRanges(
      [{ begin: 31000, end: 32000 }],
      [
        { begin: 31000, end: 31000 },
        { begin: 31500, end: 31600 },
      ],
    ),
    [
      { begin: 31001, end: 31499 },
      { begin: 31601, end: 32000 },
    ],
  );
  assert.ok(
    rangesContain(
      [{ begin: 1, end: 10 }],
      [
        { begin: 2, end: 3 },
        { begin: 10, end: 10 },
      ],
    ),
  );
  assert.not.ok(rangesContain([{ begin: 1, end: 10 }], [{ begin: 10, end: 11 }]));
  assert.is(rangesSize([{ begin: 31000, end: 32000 }]), 1001);
  assert.equal(
    takePorts(
      [
        { begin: 10, end: 11 },
        { begin: 20, end: 30 },
      ],
      3,
    ),
    [10, 11, 20],
  );
  assert.is(takePorts([{ begin: 10, end: 11 }], 3), undefined);
});

test('arithmetic keeps fixed-point scalars and merges by key', () => {
  const sum = addResources([cpus(0.1), mem(32)], [cpus(0.2), ports([1, 2])]);
  assert.is(scalarTotal(sum, 'cpus'), 0.3);
  const left = subtractResources(
    [cpus(1), mem(256), ports([31000, 31010])],
    [cpus(0.3), ports([31005, 31005])],
  );
  assert.ok(E.isRight(left));
  if (E.isRight(left)) {
    assert.is(scalarTotal(left.right, 'cpus'), 0.7);
    assert.equal(portRanges(left.right), [
      { begin: 31000, end: 31004 },
      { begin: 31006, end: 31010 },
    ]);
  }
  const short = subtractResources([cpus(1)], [cpus(2), mem(1)]);
  assert.ok(E.isLeft(short) && short.left.missing.length === 2);
  // a reserved cpu is a different resource from an unreserved one
  assert.not.ok(
    containsResources([cpus(4)], [cpus(1, { role: 'storage', reservation: { principal: 'p' } })]),
  );
});

test('fitTask copies the offer form, prefers reserved resources, and picks the lowest ports', () => {
  const offered: Resource[] = [
    cpus(4),
    cpus(0.5, { role: 'storage', reservation: { principal: 'fw' } }),
    mem(1024),
    ports([31000, 31001], [31005, 32000]),
  ];
  const fit = fitTask(offered, { cpus: 1, mem: 128, ports: 3 }, 'storage');
  assert.ok(E.isRight(fit));
  if (E.isLeft(fit)) return;
  assert.equal(fit.right[0], cpus(0.5, { role: 'storage', reservation: { principal: 'fw' } }));
  assert.equal(fit.right[1], cpus(0.5));
  assert.equal(fit.right[2], mem(128));
  assert.equal(portRanges(fit.right), [
    { begin: 31000, end: 31001 },
    { begin: 31005, end: 31005 },
  ]);
  assert.ok(containsResources(offered, fit.right));
});

test('fitTask ignores resources of other roles and reports the shortfall', () => {
  const offered: Resource[] = [
    cpus(4, { allocation_info: { role: 'other' } }),
    mem(64),
    cpus(1, { role: 'other', allocation_info: { role: 'storage' } }),
  ];
  const fit = fitTask(offered, { cpus: 1, mem: 128 }, 'storage');
  assert.ok(E.isLeft(fit));
  if (E.isRight(fit)) return;
  assert.equal(
    fit.left.missing.map((m) => [m.name, m.scalar?.value]),
    [
      ['cpus', 1],
      ['mem', 64],
    ],
  );
});

test.run();

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseResourceFlag } from '../src/model/flags.js';
import { add, contains, fromBag, isEmpty, subtract, toBag } from '../src/model/resources.js';
import type { Resource } from '../src/wire/common.js';
import { requirePrereq } from '@scaleio-framework/testkit';
import { validateMessage, schemaPrerequisite } from '../src/index.js';

const scalar = (name: string, value: number): Resource => ({
  name,
  type: 'SCALAR',
  scalar: { value },
});
const ranges = (name: string, rs: [number, number][]): Resource => ({
  name,
  type: 'RANGES',
  ranges: { range: rs.map(([begin, end]) => ({ begin, end })) },
});

test('ranges subtract and merge like Mesos port ranges', () => {
  const total = toBag([ranges('ports', [[31000, 32000]])]);
  const used = toBag([
    ranges('ports', [
      [31000, 31000],
      [31500, 31509],
    ]),
  ]);
  const left = subtract(total, used);
  assert.equal(fromBag(left), [
    ranges('ports', [
      [31001, 31499],
      [31510, 32000],
    ]),
  ]);
  assert.ok(contains(left, toBag([ranges('ports', [[31001, 31001]])])));
  assert.not.ok(contains(left, toBag([ranges('ports', [[31500, 31500]])])));
  assert.equal(fromBag(add(left, used)), [ranges('ports', [[31000, 32000]])]);
  assert.equal(fromBag(subtract(toBag([scalar('cpus', 1)]), toBag([scalar('cpus', 0.3)]))), [
    scalar('cpus', 0.7),
  ]);
  assert.ok(isEmpty(subtract(toBag([scalar('cpus', 1)]), toBag([scalar('cpus', 1)]))));
});

const canon = (bag: ReturnType<typeof toBag>): string =>
  JSON.stringify(fromBag(bag).sort((x, y) => x.name.localeCompare(y.name)));

test('property: a + b contains a and b; (a + b) - b lies within a and adds back to a + b', () => {
  const res = fc.oneof(
    fc
      .record({ name: fc.constantFrom('cpus', 'mem'), v: fc.integer({ min: 1, max: 100000 }) })
      .map((x) => scalar(x.name, x.v / 1000)),
    fc
      .array(fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 50 })), {
        minLength: 1,
        maxLength: 5,
      })
      .map((rs) =>
        ranges(
          'ports',
          rs.map(([b, l]) => [b, b + l]),
        ),
      ),
  );
  fc.assert(
    fc.property(fc.array(res, { maxLength: 4 }), fc.array(res, { maxLength: 4 }), (ra, rb) => {
      const a = toBag(ra);
      const b = toBag(rb);
      const sum = add(a, b);
      const back = subtract(sum, b);
      return (
        contains(sum, a) &&
        contains(sum, b) &&
        contains(a, back) &&
        canon(add(back, b)) === canon(sum)
      );
    }),
  );
});

test('--resources flag syntax', () => {
  const r = parseResourceFlag('cpus:2;mem:1024.5;ports:[31000-31009,32000-32000];zones:{a,b}');
  assert.ok(Array.isArray(r));
  if (!Array.isArray(r)) return;
  assert.equal(r[1], scalar('mem', 1024.5));
  assert.equal(
    r[2],
    ranges('ports', [
      [31000, 31009],
      [32000, 32000],
    ]),
  );
  assert.equal(r[3], { name: 'zones', type: 'SET', set: { item: ['a', 'b'] } });
  assert.type(parseResourceFlag('cpus:lots'), 'string');
  assert.type(parseResourceFlag('ports:[1-x]'), 'string');
});

requirePrereq(test, schemaPrerequisite())('--resources flag results fit the schema', () => {
  const r = parseResourceFlag('cpus:2;mem:1024.5;ports:[31000-31009,32000-32000];zones:{a,b}');
  assert.ok(Array.isArray(r));
  for (const x of Array.isArray(r) ? r : [])
    assert.equal(validateMessage('mesos.v1.Resource', x), []);
});

test.run();

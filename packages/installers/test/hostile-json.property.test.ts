// The installers' decoders fed hostile but valid JSON (testkit `hostileJson`: nesting 100,000
// deep, huge numbers, `__proto__` keys, …) and arbitrary JSON: a step spec (it arrives in
// `TaskInfo.data`) and `lsblk -J` output (a child tree nested deep is the classic). Each gives a
// value or a clear error — never a throw, never a polluted Object.prototype.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { anyJson, assertUnpolluted } from '@scaleio-framework/testkit';
import { decodeInstallSpecBytes, parseLsblk } from '../src/index.js';
import { LSBLK_TREE } from './lsblk-tree.js';

const RUNS = { numRuns: 150 };

test('step specs: a spec or InvalidInput', () => {
  const spec = {
    component: 'sdc',
    role: 'data',
    os: 'ubuntu-20.04',
    params: {
      package: { name: 'EMC-ScaleIO-sdc', version: '2.0-10000.2072' },
      mdmAddresses: ['10.0.0.11'],
    },
  };
  fc.assert(
    fc.property(anyJson(spec), (text) => {
      const r = decodeInstallSpecBytes(text);
      assertUnpolluted();
      if (r._tag === 'Left') assert.is(r.left._tag, 'InvalidInput');
    }),
    RUNS,
  );
});

test('lsblk -J output: devices or BadOutput, however deep the child tree', () => {
  const tree = LSBLK_TREE;
  const deepChildren = (n: number) =>
    `{"blockdevices":[${'{"name":"/dev/x","type":"disk","size":1,"children":['.repeat(n)}${']}'.repeat(n)}]}`;
  for (const text of [deepChildren(20_000)]) {
    const r = parseLsblk(text);
    assertUnpolluted();
    assert.ok(r._tag === 'Left' || r._tag === 'Right');
  }
  fc.assert(
    fc.property(anyJson(tree), (text) => {
      const r = parseLsblk(text);
      assertUnpolluted();
      if (r._tag === 'Left') assert.is(r.left._tag, 'BadOutput');
    }),
    RUNS,
  );
});

test.run();

// The state decoders fed hostile but valid JSON (testkit `hostileJson`: nesting 100,000 deep,
// numbers beyond double range, `__proto__` keys, …) and arbitrary JSON: the state file, a
// document inside it, and the lock file. Each answers with a value or a clear error (`Corrupt`,
// `Locked`): never a throw, never a polluted Object.prototype, and the file is never overwritten.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import * as t from 'io-ts';
import { anyJson, assertUnpolluted, makeTempDir } from '@scaleio-framework/testkit';
import { describeStateError, document, openFileStore, type StateStore } from '../src/index.js';

const dir = makeTempDir('state-hostile-');
const RUNS = { numRuns: 60 };
const Plan = t.type({ frameworkId: t.union([t.string, t.null]), steps: t.array(t.string) });
const validFile = {
  format: 'scaleio-framework-state/1',
  entries: {
    plan: {
      version: 3,
      data: JSON.stringify({ schemaVersion: 1, value: { frameworkId: 'F', steps: ['mdm'] } }),
    },
  },
};
let n = 0;

test('the state file: hostile content opens or is Corrupt, and is never overwritten', async () => {
  await fc.assert(
    fc.asyncProperty(anyJson(validFile), async (text) => {
      const path = join(dir.path, `s${n++}.json`);
      writeFileSync(path, text);
      const s = await openFileStore({ path });
      assertUnpolluted();
      if (s._tag === 'Left') {
        assert.ok(['Corrupt', 'Io'].includes(s.left._tag), describeStateError(s.left));
        assert.is(readFileSync(path, 'utf8'), text, 'left as it was');
      } else await s.right.close();
    }),
    RUNS,
  );
});

test('a document inside the state file: hostile data reads as a value or Corrupt', async () => {
  const path = join(dir.path, 'doc.json');
  const s: StateStore = await openFileStore({ path }).then((r) => {
    if (r._tag === 'Left') throw new Error(describeStateError(r.left));
    return r.right;
  });
  const plan = document(s, { key: 'plan', codec: Plan, schemaVersion: 1 });
  let version: number | null = null;
  try {
    await fc.assert(
      fc.asyncProperty(
        anyJson({ schemaVersion: 1, value: { frameworkId: 'F', steps: ['mdm', 'sds'] } }),
        async (data) => {
          const put = await s.put('plan', data, version);
          assert.ok(put._tag === 'Right');
          version = put.right;
          const r = await plan.read();
          assertUnpolluted();
          if (r._tag === 'Left')
            assert.ok(
              ['Corrupt', 'SchemaMismatch'].includes(r.left._tag),
              describeStateError(r.left),
            );
          else if (r.right !== null) assert.ok(Plan.is(r.right.value));
        },
      ),
      RUNS,
    );
  } finally {
    await s.close();
  }
});

test('a document round-trips any value of its codec through the file, across reopening', async () => {
  const path = join(dir.path, 'roundtrip.json');
  const value = fc.record(
    {
      frameworkId: fc.option(fc.string({ unit: 'grapheme' }), { nil: null }),
      steps: fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }), { maxLength: 8 }),
    },
    { noNullPrototype: true },
  );
  await fc.assert(
    fc.asyncProperty(value, async (v) => {
      const open = async () => {
        const r = await openFileStore({ path });
        if (r._tag === 'Left') throw new Error(describeStateError(r.left));
        return r.right;
      };
      const a = await open();
      const wrote = await document(a, { key: 'plan', codec: Plan, schemaVersion: 1 }).update(
        () => v,
      );
      assert.ok(wrote._tag === 'Right');
      await a.close();
      const b = await open();
      const read = await document(b, { key: 'plan', codec: Plan, schemaVersion: 1 }).read();
      await b.close();
      assert.equal(read._tag === 'Right' ? read.right?.value : read.left, v);
    }),
    { numRuns: 40 },
  );
});

test('the lock file: hostile content is an unreadable (Locked) or stale lock, never a crash', async () => {
  await fc.assert(
    fc.asyncProperty(
      anyJson({ pid: 1, host: 'h', atMs: 1, renewedAtMs: 1, leaseMs: 1000 }),
      async (text) => {
        const path = join(dir.path, `l${n++}.json`);
        writeFileSync(`${path}.lock`, text);
        const s = await openFileStore({ path });
        assertUnpolluted();
        if (s._tag === 'Left') assert.is(s.left._tag, 'Locked', describeStateError(s.left));
        else await s.right.close();
      },
    ),
    RUNS,
  );
});

test.after(() => dir.remove());

test.run();

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  DVDI_MODULE,
  classifyOs,
  decodeInstallSpec,
  mergeIsolation,
  parseLsblk,
  parseOsRelease,
  readKeyValues,
  redact,
  secret,
  selectFreeDisks,
  setKeyValues,
  type BlockDevice,
} from '../src/index.js';

const RUNS = { numRuns: 300 };
const word = fc.stringMatching(/^[a-z][a-z0-9_/]{0,12}$/);

test('mergeIsolation keeps every existing isolator in order, adds the module once, and is idempotent', () => {
  fc.assert(
    fc.property(fc.uniqueArray(word, { maxLength: 6 }), (isolators) => {
      const merged = mergeIsolation(isolators.join(','));
      const list = merged.split(',');
      const base = isolators.length === 0 ? ['posix/cpu', 'posix/mem'] : isolators;
      assert.equal(list.slice(0, base.length), base);
      assert.is(list.filter((x) => x === DVDI_MODULE).length, 1);
      assert.is(mergeIsolation(merged), merged);
    }),
    RUNS,
  );
});

test('setKeyValues sets the keys, keeps other lines, and is idempotent', () => {
  const key = fc.stringMatching(/^[A-Z][A-Z0-9_.]{0,10}$/);
  const value = fc.stringMatching(/^[a-z0-9:/.,=-]{0,16}$/);
  fc.assert(
    fc.property(
      fc.array(fc.tuple(key, value), { maxLength: 6 }),
      fc.dictionary(key, value, { maxKeys: 4 }),
      fc.array(fc.constantFrom('# comment', '', '  spaced line'), { maxLength: 3 }),
      (existing, wanted, other) => {
        const text = [...existing.map(([k, v]) => `${k}=${v}`), ...other].join('\n');
        const out = setKeyValues(text, wanted);
        const kv = readKeyValues(out);
        for (const [k, v] of Object.entries(wanted)) assert.is(kv[k], v);
        for (const [k, v] of existing)
          if (!Object.hasOwn(wanted, k)) assert.ok(out.split('\n').includes(`${k}=${v}`));
        for (const line of other) if (line !== '') assert.ok(out.split('\n').includes(line));
        assert.is(setKeyValues(out, wanted), out);
      },
    ),
    RUNS,
  );
});

test('redact leaves no trace of a secret in any text', () => {
  fc.assert(
    fc.property(
      fc.stringMatching(/^[A-Za-z0-9!@#$%^&()+=-]{4,20}$/),
      fc.array(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 5 }),
      (value, pieces) => {
        const s = secret('s', value);
        const text = pieces.join(value);
        assert.not.ok(redact(text, [s]).includes(value));
      },
    ),
    RUNS,
  );
});

const deviceFields = {
  path: fc.constantFrom(
    '/dev/sdb',
    '/dev/xvdf',
    '/dev/nvme1n1',
    '/dev/loop3',
    '/dev/scinia',
    '/dev/dm-1',
    '/dev/mapper/x',
    '/dev/sr0',
    '/dev/ram1',
    '/dev/sdc1',
  ),
  type: fc.constantFrom('disk', 'part', 'loop', 'lvm', 'rom', 'crypt'),
  sizeBytes: fc.nat(),
  mountpoint: fc.option(fc.constantFrom('/', '/data', ''), { nil: null }),
  fstype: fc.option(fc.constantFrom('ext4', 'xfs', 'LVM2_member'), { nil: null }),
  readOnly: fc.boolean(),
};
const leafArb: fc.Arbitrary<BlockDevice> = fc.record({
  ...deviceFields,
  children: fc.constant([]),
});
const deviceArb: fc.Arbitrary<BlockDevice> = fc.record({
  ...deviceFields,
  children: fc.array(leafArb, { maxLength: 2 }),
});

test('selectFreeDisks offers only whole, unused, writable, real disks and accounts for every device', () => {
  fc.assert(
    fc.property(
      fc.array(deviceArb, { maxLength: 6 }),
      fc.dictionary(
        fc.constantFrom('/dev/sdb', '/dev/xvdf', '/dev/nvme1n1'),
        fc.constantFrom('ext4', 'gpt'),
      ),
      (devices, signatures) => {
        const s = selectFreeDisks({ devices, signatures });
        assert.is(s.offered.length + s.rejected.length, devices.length);
        for (const o of s.offered) {
          const d = devices.find((x) => x.path === o.path && x.sizeBytes === o.sizeBytes);
          assert.ok(d !== undefined);
          if (d === undefined) continue;
          assert.is(d.type, 'disk');
          assert.is(d.children.length, 0);
          assert.ok(d.mountpoint === null || d.mountpoint === '');
          assert.ok(d.fstype === null || d.fstype === '');
          assert.not.ok(d.readOnly);
          assert.ok(d.sizeBytes > 0);
          assert.is(signatures[d.path], undefined);
          assert.not.match(d.path, /loop|scini|dm-|mapper|sr0|ram/);
        }
      },
    ),
    RUNS,
  );
});

test('no input crashes the decoders: os-release, lsblk and step specs give results', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (text) => {
      const o = classifyOs(parseOsRelease(text));
      assert.ok(o._tag === 'supported' || o._tag === 'unsupported');
      const l = parseLsblk(text);
      assert.ok(l._tag === 'Left' || l._tag === 'Right');
    }),
    RUNS,
  );
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      const d = decodeInstallSpec(v);
      assert.ok(d._tag === 'Left' || d._tag === 'Right');
    }),
    RUNS,
  );
});

test.run();

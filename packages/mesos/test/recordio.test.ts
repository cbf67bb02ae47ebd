import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as E from 'fp-ts/lib/Either.js';
import {
  createRecordDecoder,
  describeRecordIOError,
  encodeRecord,
  packageName,
  readRecords,
} from '../src/index.js';
import type { RecordIOError } from '../src/index.js';

const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

/** Feed chunks; return decoded record texts or the error. */
const feed = (
  chunks: readonly (string | Uint8Array)[],
  max?: number,
): E.Either<RecordIOError, string[]> => {
  const d = createRecordDecoder(max === undefined ? {} : { maxRecordBytes: max });
  const out: string[] = [];
  for (const c of chunks) {
    const r = d.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
    if (E.isLeft(r)) return r;
    out.push(...r.right.map(text));
  }
  const end = d.end();
  return E.isLeft(end) ? end : E.right(out);
};

test('package name', () => assert.is(packageName, '@scaleio-framework/mesos'));

test('encodeRecord counts UTF-8 bytes, not characters', () => {
  assert.is(encodeRecord('{"msg":"é"}').toString('utf8'), '12\n{"msg":"é"}');
  assert.is(encodeRecord(Uint8Array.of(1, 2, 3)).toString('latin1'), '3\n\x01\x02\x03');
  assert.is(encodeRecord('').toString(), '0\n');
});

test('several records in one chunk, no separator after data', () => {
  const stream = Buffer.concat([
    encodeRecord('{"type":"HEARTBEAT"}'),
    encodeRecord('abc'),
    encodeRecord('é'),
  ]);
  assert.equal(feed([stream]), E.right(['{"type":"HEARTBEAT"}', 'abc', 'é']));
});

test('length prefix split across chunks, chunk ending right after LF', () => {
  const body = 'x'.repeat(123);
  assert.equal(feed(['1', '23\n', body.slice(0, 50), body.slice(50)]), E.right([body]));
  assert.equal(feed(['3\n', 'abc2\n', 'de']), E.right(['abc', 'de']));
});

test('multi-byte UTF-8 character split between chunks', () => {
  const bytes = encodeRecord('a€b');
  const cut = bytes.indexOf(0xe2) + 1;
  assert.equal(feed([bytes.subarray(0, cut), bytes.subarray(cut)]), E.right(['a€b']));
});

test('every one-byte split gives the same records', () => {
  const stream = Buffer.concat(['{"a":"ü"}', '', 'zz', '日本語'].map((s) => encodeRecord(s)));
  const chunks = [...stream].map((b) => Uint8Array.of(b));
  assert.equal(feed(chunks), E.right(['{"a":"ü"}', 'zz', '日本語']));
});

test('empty records are skipped', () => {
  assert.equal(feed(['0\n0\n2\nhi0\n']), E.right(['hi']));
});

test('malformed prefixes are error values with the offset', () => {
  const bad = feed(['2\nhiX\n']);
  assert.ok(E.isLeft(bad));
  if (E.isLeft(bad)) {
    assert.is(bad.left._tag, 'MalformedPrefix');
    if (bad.left._tag === 'MalformedPrefix') assert.is(bad.left.offset, 4);
    assert.match(describeRecordIOError(bad.left), /malformed length prefix at byte 4/);
  }
  assert.equal(
    E.isLeft(feed(['\nabc'])) && feed(['\nabc']),
    E.left({ _tag: 'MalformedPrefix', offset: 0, detail: 'empty length prefix' }),
  );
  const long = feed(['0'.repeat(21)]);
  assert.ok(E.isLeft(long) && long.left._tag === 'MalformedPrefix');
  const space = feed([' 3\nabc']);
  assert.ok(E.isLeft(space) && space.left._tag === 'MalformedPrefix');
});

test('records above the configured maximum are refused before buffering', () => {
  const r = feed(['11\nhello world'], 10);
  assert.ok(E.isLeft(r) && r.left._tag === 'RecordTooLarge');
  assert.equal(feed(['10\nhelloworld'], 10), E.right(['helloworld']));
});

test('end of stream inside a record or a prefix is a truncation error', () => {
  assert.equal(feed(['5\nab']), E.left({ _tag: 'TruncatedRecord', missing: 3, offset: 4 }));
  assert.equal(feed(['2\nab1']), E.left({ _tag: 'TruncatedRecord', missing: 0, offset: 5 }));
});

test('a failed decoder stays failed', () => {
  const d = createRecordDecoder();
  assert.ok(E.isLeft(d.push(Buffer.from('x'))));
  assert.ok(E.isLeft(d.push(encodeRecord('fine'))));
  assert.ok(E.isLeft(d.end()));
});

test('readRecords yields records then one error and stops', async () => {
  async function* src(): AsyncGenerator<Uint8Array> {
    yield encodeRecord('one');
    yield Buffer.from('3\ntw');
    yield Buffer.from('o!!');
  }
  const got: string[] = [];
  for await (const r of readRecords(src()))
    got.push(E.isRight(r) ? text(r.right) : `error:${r.left._tag}`);
  assert.equal(got, ['one', 'two', 'error:MalformedPrefix']);
});

test('readRecords reports a truncated tail', async () => {
  async function* src(): AsyncGenerator<Uint8Array> {
    yield Buffer.from('4\nab');
  }
  const got: string[] = [];
  for await (const r of readRecords(src())) got.push(E.isRight(r) ? text(r.right) : r.left._tag);
  assert.equal(got, ['TruncatedRecord']);
});

test.run();

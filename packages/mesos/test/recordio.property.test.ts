import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import {
  TASK_STATES,
  createRecordDecoder,
  decodeSchedulerEvent,
  encodeRecord,
} from '../src/index.js';
import type { SchedulerEvent } from '../src/index.js';

const idText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });
const b64 = (n: number) =>
  fc.uint8Array({ minLength: n, maxLength: n }).map((b) => Buffer.from(b).toString('base64'));

/** Valid scheduler events, with arbitrary Unicode where Mesos allows free text. */
const eventArb: fc.Arbitrary<SchedulerEvent> = fc.oneof(
  fc.constant<SchedulerEvent>({ type: 'HEARTBEAT' }),
  fc
    .string({ unit: 'grapheme', maxLength: 40 })
    .map((message): SchedulerEvent => ({ type: 'ERROR', error: { message } })),
  fc
    .record({
      task: idText,
      state: fc.constantFrom(...TASK_STATES),
      uuid: b64(16),
      message: fc.string({ unit: 'grapheme', maxLength: 60 }),
      timestamp: fc.double({ min: 0, max: 2e9, noNaN: true }),
    })
    .map(
      (r) =>
        ({
          type: 'UPDATE',
          update: {
            status: {
              task_id: { value: r.task },
              state: r.state,
              uuid: r.uuid,
              message: r.message,
              timestamp: r.timestamp,
              source: 'SOURCE_EXECUTOR',
            },
          },
        }) as SchedulerEvent,
    ),
  fc.record({ agent: idText, executor: idText, data: b64(7) }).map(
    (r) =>
      ({
        type: 'MESSAGE',
        message: { agent_id: { value: r.agent }, executor_id: { value: r.executor }, data: r.data },
      }) as SchedulerEvent,
  ),
  idText.map((o) => ({ type: 'RESCIND', rescind: { offer_id: { value: o } } }) as SchedulerEvent),
);

/** Split `bytes` at the given (sorted, deduplicated) cut points. */
const split = (bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] => {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
};

test('any valid event stream decodes to the same events however it is chunked', () => {
  fc.assert(
    fc.property(
      fc.array(eventArb, { maxLength: 12 }),
      fc.array(fc.nat(), { maxLength: 40 }),
      (events, cuts) => {
        const stream = Buffer.concat(events.map((e) => encodeRecord(JSON.stringify(e))));
        const decoder = createRecordDecoder();
        const decoded: SchedulerEvent[] = [];
        for (const chunk of split(stream, cuts)) {
          const r = decoder.push(chunk);
          if (E.isLeft(r)) return false;
          for (const rec of r.right) {
            const ev = decodeSchedulerEvent(rec);
            if (E.isLeft(ev)) return false;
            decoded.push(ev.right);
          }
        }
        assert.ok(E.isRight(decoder.end()));
        assert.equal(decoded, events);
        return true;
      },
    ),
    { numRuns: 300 },
  );
});

test('random bytes only ever yield the reader error type, never an exception', () => {
  const tags = new Set(['MalformedPrefix', 'RecordTooLarge', 'TruncatedRecord']);
  const noisy = fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    // mostly-valid framing with garbage payloads and prefixes
    fc
      .array(
        fc.oneof(
          fc.uint8Array({ maxLength: 20 }),
          fc.constantFrom(Buffer.from('5\n'), Buffer.from('\n'), Buffer.from('12')),
        ),
        { maxLength: 10 },
      )
      .map((parts) => Buffer.concat(parts)),
  );
  fc.assert(
    fc.property(noisy, fc.array(fc.nat(), { maxLength: 10 }), (bytes, cuts) => {
      const decoder = createRecordDecoder({ maxRecordBytes: 64 });
      for (const chunk of split(bytes, cuts)) {
        const r = decoder.push(chunk);
        if (E.isLeft(r)) {
          assert.ok(tags.has(r.left._tag));
          return true;
        }
        for (const rec of r.right) {
          const ev = decodeSchedulerEvent(rec);
          assert.ok(E.isRight(ev) || ev.left._tag === 'DecodeError');
        }
      }
      const end = decoder.end();
      assert.ok(E.isRight(end) || tags.has(end.left._tag));
      return true;
    }),
    { numRuns: 1000 },
  );
});

test.run();

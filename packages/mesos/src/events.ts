/**
 * From RecordIO records to typed events: strict UTF-8, JSON.parse, then the io-ts codec. Every
 * failure is a {@link MesosError} value.
 *
 * @module
 */
import { isAscii, isUtf8 } from 'node:buffer';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import type { MesosError } from './errors.js';
import type { RecordDecoderOptions, RecordIOError } from './recordio.js';
import { readRecords } from './recordio.js';
import { decodePrecisely } from './codecs/base.js';
import { ExecutorEvent } from './codecs/executor.js';
import { SchedulerEvent } from './codecs/scheduler.js';
import { isHotSchedulerEvent } from './codecs/fast-events.js';

/**
 * Bytes to text, strictly: invalid UTF-8 is refused (simdutf-backed `isUtf8`, far cheaper than
 * decoding). Pure ASCII, the usual case, is copied as latin1 into a one-byte string.
 */
export const utf8Text = (bytes: Uint8Array): string | undefined => {
  const buf = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isAscii(buf)) return buf.toString('latin1');
  return isUtf8(buf) ? buf.toString('utf8') : undefined;
};

/** Decode a record's bytes as strict UTF-8 JSON. */
export const parseJsonRecord = (bytes: Uint8Array): E.Either<MesosError, unknown> => {
  const text = utf8Text(bytes);
  if (text === undefined)
    return E.left({ _tag: 'DecodeError', what: 'record', message: 'invalid UTF-8' });
  try {
    return E.right(JSON.parse(text));
  } catch (error) {
    return E.left({
      _tag: 'DecodeError',
      what: 'record',
      message: `invalid JSON: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
};

/**
 * A value as an error message shows it: scalars (strings cut to 60 characters) as they are,
 * containers by kind and size only — never walked, so a value nested 100,000 deep cannot
 * overflow the stack while an error is described.
 */
export const preview = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (v === null || typeof v !== 'object') return String(v);
  return Array.isArray(v) ? `an array of ${v.length}` : 'an object';
};

/** `path.to.key: problem` for one io-ts validation error (values shown by {@link preview}). */
export const describeValidationError = (error: t.ValidationError): string => {
  const path = error.context
    .filter((c, i) => {
      const parent = error.context[i - 1]?.type as { _tag?: string } | undefined;
      return (
        c.key !== '' && !['IntersectionType', 'UnionType', 'ExactType'].includes(parent?._tag ?? '')
      );
    })
    .map((c) => c.key)
    .join('.');
  const last = error.context[error.context.length - 1];
  const shown = error.value === undefined ? 'nothing' : preview(error.value);
  const problem = error.message ?? `got ${shown}, expected ${last?.type.name ?? 'a valid value'}`;
  return `${path === '' ? '(root)' : path}: ${problem}`;
};

/**
 * Validate a value with a codec; the message lists at most three failing paths. Nothing escapes
 * as an exception: a value whose shape makes validation itself fail (e.g. the stack) is a
 * `DecodeError` too.
 */
export const decodeWith =
  <A, O>(codec: t.Type<A, O, unknown>, what: string) =>
  (value: unknown): E.Either<MesosError, A> => {
    try {
      const fast = codec.decode(value);
      if (E.isRight(fast)) return fast;
      const result = decodePrecisely(codec, value);
      if (E.isRight(result)) return result;
      return E.left({
        _tag: 'DecodeError',
        what,
        message: result.left.slice(0, 3).map(describeValidationError).join('; ').slice(0, 600),
      });
    } catch (error) {
      return E.left({
        _tag: 'DecodeError',
        what,
        message: `cannot be validated (${error instanceof Error ? error.name : 'error'}: nested too deeply?)`,
      });
    }
  };

const decodeSchedulerEventValue = decodeWith(SchedulerEvent, 'scheduler event');

/**
 * A parsed scheduler event to its type: the hand-tuned guard of the bulk events (`OFFERS`,
 * `UPDATE`) first; anything it refuses goes through the `SchedulerEvent` codec, which decodes it
 * or names what is wrong. Both give the same answer (see `codecs/fast-events.ts`).
 */
export const decodeSchedulerEventJson = (json: unknown): E.Either<MesosError, SchedulerEvent> => {
  try {
    if (isHotSchedulerEvent(json)) return E.right(json as SchedulerEvent);
  } catch {
    // e.g. a stack overflow: io-ts reports it as a DecodeError
  }
  return decodeSchedulerEventValue(json);
};

/** Bytes of one record to a scheduler event. */
export const decodeSchedulerEvent = (bytes: Uint8Array): E.Either<MesosError, SchedulerEvent> =>
  E.chain(decodeSchedulerEventJson)(parseJsonRecord(bytes));

/** Bytes of one record to an executor event. */
export const decodeExecutorEvent = (bytes: Uint8Array): E.Either<MesosError, ExecutorEvent> =>
  E.chain(decodeWith(ExecutorEvent, 'executor event'))(parseJsonRecord(bytes));

/** One item of an event stream: a decoded event, a record that did not decode, or the end. */
export type StreamItem<A> =
  | { readonly _tag: 'Event'; readonly event: A }
  | {
      readonly _tag: 'BadEvent';
      readonly error: MesosError;
      /** The record's `type` when it is a JSON object with a string `type` (e.g. `SUBSCRIBED`). */
      readonly type?: string;
    }
  | { readonly _tag: 'End'; readonly error: MesosError };

/** The `type` of a record that did not decode, if it is a JSON object that has one. */
const typeOfRecord = (bytes: Uint8Array): string | undefined => {
  const json = parseJsonRecord(bytes);
  if (E.isLeft(json) || typeof json.right !== 'object' || json.right === null) return undefined;
  const type = (json.right as { type?: unknown }).type;
  return typeof type === 'string' ? type.slice(0, 40) : undefined;
};

/** Decode one record; a decoder that throws (it should not) yields a `DecodeError`, not an end. */
const decodeSafely = <A>(
  decode: (bytes: Uint8Array) => E.Either<MesosError, A>,
  bytes: Uint8Array,
): E.Either<MesosError, A> => {
  try {
    return decode(bytes);
  } catch (error) {
    return E.left({
      _tag: 'DecodeError',
      what: 'record',
      message: `cannot be decoded (${error instanceof Error ? error.name : 'error'})`,
    });
  }
};

/**
 * Turn a response body into events. A record that fails to decode is classified (`BadEvent` with
 * a `DecodeError`, and its `type` when readable) and skipped: the stream goes on. A RecordIO
 * error, a transport error (the body itself failing: a `NetworkError`) or the end of the stream
 * ends it with an `End` item.
 */
export async function* streamEvents<A>(
  body: AsyncIterable<Uint8Array>,
  decode: (bytes: Uint8Array) => E.Either<MesosError, A>,
  url: string,
  options: RecordDecoderOptions = {},
): AsyncGenerator<StreamItem<A>, void, undefined> {
  const records = readRecords(body, options)[Symbol.asyncIterator]();
  try {
    yield* pump(records, decode, url);
  } finally {
    await records.return?.(undefined).catch(() => undefined);
  }
}

/** The stream item of one decoded-or-not record. */
const itemOf = <A>(
  bytes: Uint8Array,
  decode: (bytes: Uint8Array) => E.Either<MesosError, A>,
): StreamItem<A> => {
  const event = decodeSafely(decode, bytes);
  if (E.isRight(event)) return { _tag: 'Event', event: event.right };
  const type = typeOfRecord(bytes);
  return { _tag: 'BadEvent', error: event.left, ...(type === undefined ? {} : { type }) };
};

/** The next record, a transport error, or the end. */
const nextRecord = async (
  records: AsyncIterator<E.Either<RecordIOError, Uint8Array>>,
  url: string,
): Promise<E.Either<StreamItem<never>, Uint8Array> | undefined> => {
  try {
    const next = await records.next();
    if (next.done === true) return undefined;
    return E.isLeft(next.value)
      ? E.left({ _tag: 'End', error: { _tag: 'RecordIO', error: next.value.left } })
      : E.right(next.value.right);
  } catch (error) {
    return E.left({
      _tag: 'End',
      error: {
        _tag: 'NetworkError',
        url,
        message: error instanceof Error ? error.message : String(error),
      },
    });
  }
};

/**
 * Records to stream items. The record's bytes are not held while its item is yielded (a
 * generator keeps its locals while suspended, and the consumer handles the event before it asks
 * for the next): only the decoded event lives on, not the bytes it came from as well.
 */
async function* pump<A>(
  records: AsyncIterator<E.Either<RecordIOError, Uint8Array>>,
  decode: (bytes: Uint8Array) => E.Either<MesosError, A>,
  url: string,
): AsyncGenerator<StreamItem<A>, void, undefined> {
  for (;;) {
    const item = await nextItem(records, decode, url);
    if (item === undefined) break;
    yield item;
    if (item._tag === 'End') return;
  }
  yield { _tag: 'End', error: { _tag: 'StreamEnded', url } };
}

/** The next item; the record's bytes end with this call. */
const nextItem = async <A>(
  records: AsyncIterator<E.Either<RecordIOError, Uint8Array>>,
  decode: (bytes: Uint8Array) => E.Either<MesosError, A>,
  url: string,
): Promise<StreamItem<A> | undefined> => {
  const record = await nextRecord(records, url);
  if (record === undefined) return undefined;
  return E.isLeft(record) ? record.left : itemOf(record.right, decode);
};

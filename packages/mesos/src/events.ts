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
import type { RecordDecoderOptions } from './recordio.js';
import { readRecords } from './recordio.js';
import { decodePrecisely } from './codecs/base.js';
import { ExecutorEvent } from './codecs/executor.js';
import { SchedulerEvent } from './codecs/scheduler.js';

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

/** `path.to.key: problem` for one io-ts validation error; values are cut to 60 characters. */
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
  const shown =
    error.value === undefined
      ? 'nothing'
      : (JSON.stringify(error.value) ?? String(error.value)).slice(0, 60);
  const problem = error.message ?? `got ${shown}, expected ${last?.type.name ?? 'a valid value'}`;
  return `${path === '' ? '(root)' : path}: ${problem}`;
};

/** Validate a value with a codec; the message lists at most three failing paths. */
export const decodeWith =
  <A, O>(codec: t.Type<A, O, unknown>, what: string) =>
  (value: unknown): E.Either<MesosError, A> => {
    const fast = codec.decode(value);
    if (E.isRight(fast)) return fast;
    const result = decodePrecisely(codec, value);
    if (E.isRight(result)) return result;
    return E.left({
      _tag: 'DecodeError',
      what,
      message: result.left.slice(0, 3).map(describeValidationError).join('; ').slice(0, 600),
    });
  };

/** Bytes of one record to a scheduler event. */
export const decodeSchedulerEvent = (bytes: Uint8Array): E.Either<MesosError, SchedulerEvent> =>
  E.chain(decodeWith(SchedulerEvent, 'scheduler event'))(parseJsonRecord(bytes));

/** Bytes of one record to an executor event. */
export const decodeExecutorEvent = (bytes: Uint8Array): E.Either<MesosError, ExecutorEvent> =>
  E.chain(decodeWith(ExecutorEvent, 'executor event'))(parseJsonRecord(bytes));

/** One item of an event stream: a decoded event, a record that did not decode, or the end. */
export type StreamItem<A> =
  | { readonly _tag: 'Event'; readonly event: A }
  | { readonly _tag: 'BadEvent'; readonly error: MesosError }
  | { readonly _tag: 'End'; readonly error: MesosError };

/**
 * Turn a response body into events. A record that fails to decode is reported and skipped; a
 * RecordIO error, a transport error or the end of the stream ends it with an `End` item.
 */
export async function* streamEvents<A>(
  body: AsyncIterable<Uint8Array>,
  decode: (bytes: Uint8Array) => E.Either<MesosError, A>,
  url: string,
  options: RecordDecoderOptions = {},
): AsyncGenerator<StreamItem<A>, void, undefined> {
  try {
    for await (const record of readRecords(body, options)) {
      if (E.isLeft(record)) {
        yield { _tag: 'End', error: { _tag: 'RecordIO', error: record.left } };
        return;
      }
      const event = decode(record.right);
      yield E.isRight(event)
        ? { _tag: 'Event', event: event.right }
        : { _tag: 'BadEvent', error: event.left };
    }
  } catch (error) {
    yield {
      _tag: 'End',
      error: {
        _tag: 'NetworkError',
        url,
        message: error instanceof Error ? error.message : String(error),
      },
    };
    return;
  }
  yield { _tag: 'End', error: { _tag: 'StreamEnded', url } };
}

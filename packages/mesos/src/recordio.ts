/**
 * RecordIO framing as Mesos writes and reads it: `<decimal byte length>\n<bytes>`, records back to
 * back with nothing between them. The decoder works on bytes, never on text, so a record may be
 * split anywhere: inside the length prefix, inside a multi-byte UTF-8 character, or across many
 * chunks; one chunk may also hold many records.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';

/** Digits in the largest uint64 (18446744073709551615); a longer prefix is malformed. */
const MAX_PREFIX_DIGITS = 20;

/** Default cap on one record's size: 64 MiB (one OFFERS event with 10,000 offers is ~10 MiB). */
export const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;

const LF = 0x0a;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/**
 * Frame one record: its UTF-8 (or raw) byte length in decimal, a line feed, then the bytes.
 * Strings are measured in UTF-8 bytes, not in UTF-16 code units.
 */
export const encodeRecord = (payload: string | Uint8Array): Buffer => {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const prefix = Buffer.from(`${body.byteLength}\n`, 'latin1');
  return Buffer.concat([prefix, body], prefix.byteLength + body.byteLength);
};

/** Errors of the RecordIO reader. After any of them the decoder stays failed. */
export type RecordIOError =
  | {
      readonly _tag: 'MalformedPrefix';
      /** Byte offset in the stream where the bad byte was found. */
      readonly offset: number;
      readonly detail: string;
    }
  | {
      readonly _tag: 'RecordTooLarge';
      readonly offset: number;
      readonly size: number;
      readonly maxRecordBytes: number;
    }
  | {
      readonly _tag: 'TruncatedRecord';
      /** Bytes still missing (record data), or 0 when the stream ended inside a length prefix. */
      readonly missing: number;
      readonly offset: number;
    };

/** Options of {@link createRecordDecoder}. */
export interface RecordDecoderOptions {
  /** Largest accepted record in bytes; larger announced sizes are an error. */
  readonly maxRecordBytes?: number;
}

/**
 * A streaming RecordIO decoder. `push` returns the records completed by that chunk (possibly
 * none); `end` checks that the stream stopped on a record boundary. Zero-length records are
 * skipped, as mesos-go does. When a chunk holds good records followed by a malformed prefix,
 * `push` returns the good records; `error()` then reports the failure, and every later `push` or
 * `end` returns it.
 */
export interface RecordDecoder {
  /** Feed the next chunk; returns the complete records it finished, or the reader's error. */
  readonly push: (chunk: Uint8Array) => E.Either<RecordIOError, Uint8Array[]>;
  /** Signal end of stream; an error if it ended inside a record or a prefix. */
  readonly end: () => E.Either<RecordIOError, void>;
  /** The error the decoder failed with, if any (it may be reported after the records before it). */
  readonly error: () => RecordIOError | undefined;
}

/**
 * Create a streaming RecordIO decoder. Pieces of a record that spans chunks are kept in a list
 * and joined once when the record completes; a record inside a single chunk is returned as a
 * view of that chunk without copying.
 */
export const createRecordDecoder = (options: RecordDecoderOptions = {}): RecordDecoder => {
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  let failed: RecordIOError | undefined;
  /** Bytes consumed before the current chunk. */
  let streamOffset = 0;
  /** Prefix state: digits seen and their value so far. */
  let digits = 0;
  let size = 0;
  /** Record-data state: -1 while reading a prefix, else the record's size. */
  let need = -1;
  let have = 0;
  let parts: Uint8Array[] = [];

  const out: Uint8Array[] = [];
  const fail = (error: RecordIOError): E.Either<RecordIOError, Uint8Array[]> => {
    failed = error;
    parts = [];
    return out.length > 0 ? E.right(out.splice(0)) : E.left(error);
  };

  const push = (chunk: Uint8Array): E.Either<RecordIOError, Uint8Array[]> => {
    if (failed !== undefined) return E.left(failed);
    out.length = 0;
    const len = chunk.length;
    let off = 0;
    while (off < len) {
      if (need < 0) {
        const b = chunk[off] as number;
        if (b === LF) {
          if (digits === 0) {
            return fail({
              _tag: 'MalformedPrefix',
              offset: streamOffset + off,
              detail: 'empty length prefix',
            });
          }
          off += 1;
          digits = 0;
          if (size > 0) {
            need = size;
            have = 0;
          }
          size = 0;
          continue;
        }
        if (b < DIGIT_0 || b > DIGIT_9) {
          return fail({
            _tag: 'MalformedPrefix',
            offset: streamOffset + off,
            detail: `byte 0x${b.toString(16).padStart(2, '0')} in length prefix`,
          });
        }
        digits += 1;
        size = size * 10 + (b - DIGIT_0);
        if (digits > MAX_PREFIX_DIGITS) {
          return fail({
            _tag: 'MalformedPrefix',
            offset: streamOffset + off,
            detail: `length prefix longer than ${MAX_PREFIX_DIGITS} digits`,
          });
        }
        if (size > maxRecordBytes) {
          return fail({
            _tag: 'RecordTooLarge',
            offset: streamOffset + off,
            size,
            maxRecordBytes,
          });
        }
        off += 1;
        continue;
      }
      const take = Math.min(need - have, len - off);
      if (have === 0 && take === need) {
        out.push(chunk.subarray(off, off + take));
      } else {
        parts.push(chunk.subarray(off, off + take));
        have += take;
        if (have === need) {
          out.push(Buffer.concat(parts, need));
          parts = [];
        } else {
          off += take;
          continue;
        }
      }
      off += take;
      need = -1;
      have = 0;
    }
    streamOffset += len;
    return E.right(out.splice(0));
  };

  const end = (): E.Either<RecordIOError, void> => {
    if (failed === undefined && need >= 0) {
      failed = { _tag: 'TruncatedRecord', missing: need - have, offset: streamOffset };
    } else if (failed === undefined && digits > 0) {
      failed = { _tag: 'TruncatedRecord', missing: 0, offset: streamOffset };
    }
    return failed === undefined ? E.right(undefined) : E.left(failed);
  };

  return { push, end, error: () => failed };
};

/** Human-readable one-line description of a {@link RecordIOError}. */
export const describeRecordIOError = (error: RecordIOError): string => {
  switch (error._tag) {
    case 'MalformedPrefix':
      return `RecordIO: malformed length prefix at byte ${error.offset}: ${error.detail}`;
    case 'RecordTooLarge':
      return `RecordIO: record of ${error.size} bytes at byte ${error.offset} exceeds the limit of ${error.maxRecordBytes}`;
    case 'TruncatedRecord':
      return error.missing > 0
        ? `RecordIO: stream ended ${error.missing} bytes short of a record at byte ${error.offset}`
        : `RecordIO: stream ended inside a length prefix at byte ${error.offset}`;
  }
};

/**
 * Decode a byte stream into records. Yields `Right(record)` for each record and, if the stream
 * is malformed or truncated, one `Left(error)` after which it stops. Errors of the source
 * iterable itself propagate unchanged (they are transport errors, not RecordIO errors).
 */
export async function* readRecords(
  source: AsyncIterable<Uint8Array>,
  options: RecordDecoderOptions = {},
): AsyncGenerator<E.Either<RecordIOError, Uint8Array>, void, undefined> {
  const decoder = createRecordDecoder(options);
  for await (const chunk of source) {
    const result = decoder.push(chunk);
    if (E.isLeft(result)) {
      yield result;
      return;
    }
    // Each record leaves this frame as it is yielded: a generator keeps its locals while
    // suspended, and the consumer handles the record (a 46 MB OFFERS event at 50,000 agents)
    // before it asks for the next one.
    const records = result.right;
    while (records.length > 0) yield E.right(records.shift() as Uint8Array);
    const failed = decoder.error();
    if (failed !== undefined) {
      yield E.left(failed);
      return;
    }
  }
  const ended = decoder.end();
  if (E.isLeft(ended)) yield ended;
}

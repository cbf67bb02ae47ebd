/**
 * Reading and writing the JSON state files of a node root: decoded on read, written atomically
 * (temporary file + rename) so a reader never sees half a file.
 */
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { causeOf, stateError, type StateError } from '../errors.js';

/** Reads and decodes `path`; `fallback` when it does not exist. */
export const readJson = <A, O>(
  path: string,
  codec: t.Type<A, O, unknown>,
  fallback: A,
): E.Either<StateError, A> => {
  if (!existsSync(path)) return E.right(fallback);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return E.left(stateError(path, causeOf(e)));
  }
  const decoded = codec.decode(raw);
  return E.isRight(decoded)
    ? E.right(decoded.right)
    : E.left(stateError(path, PathReporter.report(decoded).join('; ')));
};

const isNoEntry = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'ENOENT';

/**
 * Runs `write`; when it fails because the parent directory of `path` is missing, creates it and
 * runs `write` again (a state file's directory exists on every call but the first: the common
 * case costs no `mkdir`).
 */
const withParentDir = (path: string, write: () => void): void => {
  try {
    write();
  } catch (e) {
    if (!isNoEntry(e)) throw e;
    mkdirSync(dirname(path), { recursive: true });
    write();
  }
};

/** Writes `text` to `path` atomically, creating parent directories. */
export const writeTextAtomic = (
  path: string,
  text: string,
  mode?: number,
): E.Either<StateError, void> => {
  try {
    const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
    withParentDir(path, () => writeFileSync(tmp, text, mode === undefined ? {} : { mode }));
    renameSync(tmp, path);
    return E.right(undefined);
  } catch (e) {
    return E.left(stateError(path, causeOf(e)));
  }
};

/** Encodes and writes `value` to `path` atomically. */
export const writeJson = <A, O>(
  path: string,
  codec: t.Type<A, O, unknown>,
  value: A,
): E.Either<StateError, void> =>
  writeTextAtomic(path, JSON.stringify(codec.encode(value), null, 2) + '\n');

/** Appends one JSON line to `path`. */
export const appendJsonLine = (path: string, value: unknown): E.Either<StateError, void> => {
  try {
    const line = JSON.stringify(value) + '\n';
    withParentDir(path, () => appendFileSync(path, line));
    return E.right(undefined);
  } catch (e) {
    return E.left(stateError(path, causeOf(e)));
  }
};

/** Reads a JSON-lines file, decoding each line; a missing file is an empty list. */
export const readJsonLines = <A, O>(
  path: string,
  codec: t.Type<A, O, unknown>,
): E.Either<StateError, A[]> => {
  if (!existsSync(path)) return E.right([]);
  const out: A[] = [];
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  for (const [i, line] of lines.entries()) {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      return E.left(stateError(`${path}:${i + 1}`, causeOf(e)));
    }
    const d = codec.decode(raw);
    if (E.isLeft(d))
      return E.left(stateError(`${path}:${i + 1}`, PathReporter.report(d).join('; ')));
    out.push(d.right);
  }
  return E.right(out);
};

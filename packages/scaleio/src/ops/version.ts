/** `GET /api/version`: which API the gateway speaks. */
import * as t from 'io-ts';
import { left, right } from 'fp-ts/lib/Either.js';
import { decodeError, unsupportedVersion } from '../errors.js';
import { get, type Operation } from '../request.js';

/** A parsed gateway API version (`"2.0"` -> 2, 0). */
export interface ApiVersion {
  /** The string the gateway sent. */
  readonly raw: string;
  /** Major number. */
  readonly major: number;
  /** Minor number. */
  readonly minor: number;
}

const VERSION = /^(\d+)\.(\d+)/;

/** Parses `"2.0"`, `"3.6"` ... (clients keep `major.minor`). */
export const parseApiVersion = (raw: string): ApiVersion | undefined => {
  const m = VERSION.exec(raw.trim());
  if (m === null || m[1] === undefined || m[2] === undefined) return undefined;
  return { raw, major: Number(m[1]), minor: Number(m[2]) };
};

/** True for the versions whose token login this client implements (1.x to 3.x). */
export const isSupportedVersion = (v: ApiVersion): boolean => v.major >= 1 && v.major <= 3;

/** Reads the API version and fails with `UnsupportedVersion` outside 1.x-3.x. */
export const getVersion = (): Operation<ApiVersion> => ({
  request: get('/api/version'),
  parse: (body) => {
    const s = t.string.decode(body);
    if (s._tag === 'Left') return left(decodeError('API version', s.left));
    const v = parseApiVersion(s.right);
    if (v === undefined) return left(unsupportedVersion(s.right));
    return isSupportedVersion(v) ? right(v) : left(unsupportedVersion(s.right));
  },
});

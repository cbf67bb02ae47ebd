/**
 * JSON carried in the `bytes` fields of Mesos messages (`TaskInfo.data`, `TaskStatus.data`),
 * which the v1 JSON API represents as base64 strings.
 */

/** Encodes a JSON value for a `bytes` field (base64 of its UTF-8 JSON text). */
export const encodeJsonData = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64');

/** Deepest nesting of arrays and objects accepted in a `bytes` field's JSON. */
export const MAX_DATA_DEPTH = 64;

/**
 * Whether the JSON `text` nests arrays and objects at most `max` deep (brackets inside strings
 * do not count). One pass over the text, no recursion: a check before anything walks the value.
 */
export const jsonDepthWithin = (text: string, max: number): boolean => {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return false;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return true;
};

/**
 * Reads the JSON carried base64-encoded in a `bytes` field. Undefined when there is none, it is
 * not JSON, or it nests deeper than {@link MAX_DATA_DEPTH} (what our executors send is a few
 * levels deep; a value 100,000 deep would overflow whatever walks it); the caller's codec then
 * says what was wrong.
 */
export const decodeJsonData = (data: string | undefined): unknown => {
  if (data === undefined) return undefined;
  const text = Buffer.from(data, 'base64').toString('utf8');
  if (!jsonDepthWithin(text, MAX_DATA_DEPTH)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

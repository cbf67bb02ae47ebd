/**
 * JSON carried in the `bytes` fields of Mesos messages (`TaskInfo.data`, `TaskStatus.data`),
 * which the v1 JSON API represents as base64 strings.
 */

/** Encodes a JSON value for a `bytes` field (base64 of its UTF-8 JSON text). */
export const encodeJsonData = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64');

/**
 * Reads the JSON carried base64-encoded in a `bytes` field. Undefined when there is none or it is
 * not JSON; the caller's codec then says what was wrong.
 */
export const decodeJsonData = (data: string | undefined): unknown => {
  if (data === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
};

/**
 * Reads the JSON carried base64-encoded in `TaskInfo.data` or `TaskStatus.data`. Undefined when
 * there is none or it is not JSON; the caller's codec then says what was wrong.
 */
export const decodeTaskData = (data: string | undefined): unknown => {
  if (data === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
};

/**
 * The subset of the list `filter` grammar the framework sends: comparisons `field = value` or
 * `field != value` (value quoted or bare) on `name`, `status`, `zone` or `labels.<key>`, joined by
 * `AND` or whitespace, each optionally in parentheses (the `filter` query parameter of
 * `disks.list`/`aggregatedList`, https://cloud.google.com/compute/docs/reference/rest/v1/disks/aggregatedList).
 * Anything else is refused (400), never silently ignored.
 */

/** One comparison. */
export interface Comparison {
  readonly field: string;
  readonly op: '=' | '!=';
  readonly value: string;
}

const TERM = /^\(?\s*([a-zA-Z][a-zA-Z0-9_.-]*)\s*(!=|=)\s*(?:"([^"]*)"|([^\s()"]+))\s*\)?/;

/** Parses a filter; a string is the reason it was refused. */
export const parseFilter = (filter: string): Comparison[] | string => {
  const out: Comparison[] = [];
  let rest = filter.trim();
  while (rest.length > 0) {
    const m = TERM.exec(rest);
    if (m === null || m[1] === undefined || m[2] === undefined)
      return `unsupported filter near '${rest.slice(0, 40)}'`;
    const field = m[1];
    if (!/^(name|status|zone|labels\.[a-z][a-z0-9_-]*)$/.test(field))
      return `unsupported filter field '${field}'`;
    out.push({ field, op: m[2] as '=' | '!=', value: m[3] ?? m[4] ?? '' });
    rest = rest
      .slice(m[0].length)
      .trim()
      .replace(/^AND\s+/, '');
  }
  return out;
};

/** Whether a resource's fields match every comparison. */
export const matches = (
  cs: readonly Comparison[],
  get: (field: string) => string | undefined,
): boolean => cs.every((c) => (get(c.field) === c.value) === (c.op === '='));

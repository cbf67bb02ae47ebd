/**
 * The EC2 Query protocol's request side: a form-encoded body whose lists are `Name.N` (1-based)
 * and whose nested members are dotted (`Filter.1.Value.2`). Pure functions over the parsed map.
 */

/** A parsed request: parameter name -> value. */
export type Params = ReadonlyMap<string, string>;

/** Parses an `application/x-www-form-urlencoded` body (the SDK's EC2 requests). */
export const parseParams = (body: string): Params => {
  const out = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(body)) out.set(k, v);
  return out;
};

/** The values of a 1-based list `prefix.1`, `prefix.2`, … in index order (gaps end the list). */
export const list = (p: Params, prefix: string): string[] => {
  const out: string[] = [];
  for (let i = 1; ; i++) {
    const v = p.get(`${prefix}.${i}`);
    if (v === undefined) return out;
    out.push(v);
  }
};

/** The indices N for which some `prefix.N.*` member exists, ascending. */
export const structIndices = (p: Params, prefix: string): number[] => {
  const seen = new Set<number>();
  const re = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)\\.`);
  for (const k of p.keys()) {
    const m = re.exec(k);
    if (m?.[1] !== undefined) seen.add(Number(m[1]));
  }
  return [...seen].sort((a, b) => a - b);
};

/** One `Filter.N`: a name and its values (EC2 OR-s values and AND-s filters). */
export interface Filter {
  readonly name: string;
  readonly values: readonly string[];
}

/** The `Filter.N.Name` / `Filter.N.Value.M` list. */
export const filters = (p: Params): Filter[] =>
  structIndices(p, 'Filter').map((i) => ({
    name: p.get(`Filter.${i}.Name`) ?? '',
    values: list(p, `Filter.${i}.Value`),
  }));

/** A key/value tag. */
export interface Tag {
  readonly key: string;
  readonly value: string;
}

/** The tags of a `prefix.N.Key` / `prefix.N.Value` list (e.g. `Tag` in CreateTags). */
export const tagList = (p: Params, prefix: string): Tag[] =>
  structIndices(p, prefix).map((i) => ({
    key: p.get(`${prefix}.${i}.Key`) ?? '',
    value: p.get(`${prefix}.${i}.Value`) ?? '',
  }));

/** The `TagSpecification.N` entries: resource type and tags. */
export const tagSpecifications = (
  p: Params,
): Array<{ readonly resourceType: string; readonly tags: Tag[] }> =>
  structIndices(p, 'TagSpecification').map((i) => ({
    resourceType: p.get(`TagSpecification.${i}.ResourceType`) ?? '',
    tags: tagList(p, `TagSpecification.${i}.Tag`),
  }));

/** A boolean parameter (`true`/`false`); undefined when absent. */
export const bool = (p: Params, name: string): boolean | undefined => {
  const v = p.get(name);
  return v === undefined ? undefined : v === 'true';
};

/** An integer parameter; undefined when absent, NaN when not a number. */
export const int = (p: Params, name: string): number | undefined => {
  const v = p.get(name);
  return v === undefined ? undefined : /^-?\d+$/.test(v) ? Number(v) : Number.NaN;
};

/** True when `value` matches an EC2 filter pattern (`*` any run, `?` one character). */
export const globMatch = (pattern: string, value: string): boolean => {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 's').test(value);
};

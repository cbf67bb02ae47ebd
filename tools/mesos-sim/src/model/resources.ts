/**
 * Resource arithmetic over unreserved resources, keyed by name: scalars (three decimal digits,
 * as Mesos rounds them), inclusive ranges and sets.
 */
import type { Attribute, Resource } from '../wire/common.js';

type Entry =
  | { readonly kind: 'scalar'; readonly value: number }
  | { readonly kind: 'ranges'; readonly ranges: readonly (readonly [number, number])[] }
  | { readonly kind: 'set'; readonly items: ReadonlySet<string> };

/** A multiset of resources by name. */
export type Bag = ReadonlyMap<string, Entry>;

const round = (v: number): number => Math.round(v * 1000) / 1000;

const normalizeRanges = (rs: readonly (readonly [number, number])[]): [number, number][] => {
  const sorted = [...rs].filter(([b, e]) => e >= b).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [b, e] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && b <= last[1] + 1) last[1] = Math.max(last[1], e);
    else out.push([b, e]);
  }
  return out;
};

const subtractRanges = (
  a: readonly (readonly [number, number])[],
  b: readonly (readonly [number, number])[],
): [number, number][] => {
  let cur = normalizeRanges(a);
  for (const [sb, se] of b) {
    cur = cur.flatMap(([x, y]): [number, number][] => {
      if (se < x || sb > y) return [[x, y]];
      const parts: [number, number][] = [];
      if (sb > x) parts.push([x, sb - 1]);
      if (se < y) parts.push([se + 1, y]);
      return parts;
    });
  }
  return cur;
};

const entryOf = (r: Resource): Entry | undefined => {
  if (r.type === 'SCALAR' && r.scalar !== undefined)
    return { kind: 'scalar', value: r.scalar.value };
  if (r.type === 'RANGES')
    return {
      kind: 'ranges',
      ranges: (r.ranges?.range ?? []).map((x) => [x.begin, x.end] as const),
    };
  if (r.type === 'SET') return { kind: 'set', items: new Set(r.set?.item ?? []) };
  return undefined;
};

const combine = (a: Entry | undefined, b: Entry, sign: 1 | -1): Entry | undefined => {
  if (b.kind === 'scalar') {
    const v = round((a?.kind === 'scalar' ? a.value : 0) + sign * b.value);
    return { kind: 'scalar', value: v };
  }
  if (b.kind === 'ranges') {
    const base = a?.kind === 'ranges' ? a.ranges : [];
    return {
      kind: 'ranges',
      ranges: sign === 1 ? normalizeRanges([...base, ...b.ranges]) : subtractRanges(base, b.ranges),
    };
  }
  const base = a?.kind === 'set' ? a.items : new Set<string>();
  const items = new Set(base);
  for (const i of b.items)
    if (sign === 1) items.add(i);
    else items.delete(i);
  return { kind: 'set', items };
};

const isEmptyEntry = (e: Entry): boolean =>
  e.kind === 'scalar'
    ? e.value <= 0
    : e.kind === 'ranges'
      ? e.ranges.length === 0
      : e.items.size === 0;

/** Builds a bag from Mesos resources (roles and allocation info are ignored here). */
export const toBag = (resources: readonly Resource[]): Bag => add(new Map(), resources);

/** `bag + resources`. */
export const add = (bag: Bag, resources: readonly Resource[] | Bag): Bag => {
  const out = new Map(bag);
  const entries = Array.isArray(resources)
    ? (resources as readonly Resource[]).flatMap((r) => {
        const e = entryOf(r);
        return e === undefined ? [] : [[r.name, e] as const];
      })
    : [...(resources as Bag)];
  for (const [name, e] of entries) {
    const next = combine(out.get(name), e, 1);
    if (next !== undefined) out.set(name, next);
  }
  return out;
};

/** `bag - other`, dropping what becomes empty. */
export const subtract = (bag: Bag, other: Bag): Bag => {
  const out = new Map(bag);
  for (const [name, e] of other) {
    const cur = out.get(name);
    if (cur === undefined) continue;
    const next = combine(cur, e, -1);
    if (next === undefined || isEmptyEntry(next)) out.delete(name);
    else out.set(name, next);
  }
  return out;
};

/** Whether `bag` contains all of `other`. */
export const contains = (bag: Bag, other: Bag): boolean => {
  for (const [name, e] of other) {
    if (isEmptyEntry(e)) continue;
    const cur = bag.get(name);
    if (cur === undefined || cur.kind !== e.kind) return false;
    if (e.kind === 'scalar' && cur.kind === 'scalar' && round(cur.value - e.value) < 0)
      return false;
    if (
      e.kind === 'ranges' &&
      cur.kind === 'ranges' &&
      subtractRanges(e.ranges, cur.ranges).length > 0
    )
      return false;
    if (e.kind === 'set' && cur.kind === 'set' && [...e.items].some((i) => !cur.items.has(i)))
      return false;
  }
  return true;
};

/** Whether the bag holds nothing. */
export const isEmpty = (bag: Bag): boolean => [...bag.values()].every(isEmptyEntry);

/** Writes a bag as Mesos resources, each decorated by `decorate` (role, allocation_info). */
export const fromBag = (bag: Bag, decorate: (r: Resource) => Resource = (r) => r): Resource[] =>
  [...bag]
    .filter(([, e]) => !isEmptyEntry(e))
    .map(([name, e]): Resource => {
      if (e.kind === 'scalar')
        return decorate({ name, type: 'SCALAR', scalar: { value: e.value } });
      if (e.kind === 'ranges')
        return decorate({
          name,
          type: 'RANGES',
          ranges: { range: e.ranges.map(([begin, end]) => ({ begin, end })) },
        });
      return decorate({ name, type: 'SET', set: { item: [...e.items].sort() } });
    });

/** Parses `cpus:4;mem:8192;ports:[31000-32000]` (the agent `--resources` flag syntax). */
export const parseResourceFlag = (text: string): Resource[] | string => {
  const out: Resource[] = [];
  for (const part of text
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const m = /^([A-Za-z_][\w.-]*)(?:\([^)]*\))?:(.+)$/.exec(part);
    if (m === null) return `bad resource '${part}' (expected name:value)`;
    const name = m[1] as string;
    const value = (m[2] as string).trim();
    if (value.startsWith('[')) {
      const ranges = value
        .slice(1, -1)
        .split(',')
        .map((r) => r.trim().split('-').map(Number));
      if (ranges.some((r) => r.length !== 2 || r.some((n) => !Number.isInteger(n))))
        return `bad ranges in '${part}'`;
      out.push({
        name,
        type: 'RANGES',
        ranges: { range: ranges.map(([b, e]) => ({ begin: b as number, end: e as number })) },
      });
    } else if (value.startsWith('{')) {
      out.push({
        name,
        type: 'SET',
        set: {
          item: value
            .slice(1, -1)
            .split(',')
            .map((s) => s.trim()),
        },
      });
    } else {
      const v = Number(value);
      if (!Number.isFinite(v)) return `bad scalar in '${part}'`;
      out.push({ name, type: 'SCALAR', scalar: { value: v } });
    }
  }
  return out;
};

/** Parses `rack:r1;zone:a;level:10` (the agent `--attributes` flag): numbers are SCALAR, others TEXT. */
export const parseAttributeFlag = (text: string): Attribute[] | string => {
  const out: Attribute[] = [];
  for (const part of text
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const i = part.indexOf(':');
    if (i <= 0 || i === part.length - 1) return `bad attribute '${part}' (expected name:value)`;
    const name = part.slice(0, i);
    const value = part.slice(i + 1);
    out.push(
      /^-?\d+(\.\d+)?$/.test(value)
        ? { name, type: 'SCALAR', scalar: { value: Number(value) } }
        : { name, type: 'TEXT', text: { value } },
    );
  }
  return out;
};

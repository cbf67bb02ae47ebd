/**
 * Resource arithmetic keyed by name and reservation: scalars (three decimal digits, as Mesos
 * rounds them), inclusive ranges and sets. Reserved and unreserved resources of one name are
 * different entries (mesos `Resources::contains` compares reservations; docs/reservation.md).
 */
import type { Resource } from '../wire/common.js';

type Entry =
  | { readonly kind: 'scalar'; readonly value: number }
  | { readonly kind: 'ranges'; readonly ranges: readonly (readonly [number, number])[] }
  | { readonly kind: 'set'; readonly items: ReadonlySet<string> };

/** A multiset of resources by key: the name, plus the reservation for reserved resources. */
export type Bag = ReadonlyMap<string, Entry>;

/** A reservation: STATIC (agent `--resources` flag) or DYNAMIC (RESERVE operation). */
export interface Reservation {
  readonly type: 'STATIC' | 'DYNAMIC';
  readonly role: string;
  readonly principal?: string;
}

/**
 * The reservation of a resource in either format (mesos.proto `Resource`): the last entry of
 * `reservations` (post-refinement), or `role` other than `*` with `reservation` for a dynamic
 * one (pre-refinement). Undefined when unreserved.
 */
export const reservationOf = (r: Resource): Reservation | undefined => {
  const refined = r.reservations?.[r.reservations.length - 1];
  if (refined !== undefined && refined.role !== undefined)
    return {
      type: refined.type === 'STATIC' ? 'STATIC' : 'DYNAMIC',
      role: refined.role,
      ...(refined.principal !== undefined ? { principal: refined.principal } : {}),
    };
  if (r.role === undefined || r.role === '*') return undefined;
  if (r.reservation === undefined) return { type: 'STATIC', role: r.role };
  const principal = r.reservation.principal;
  return { type: 'DYNAMIC', role: r.role, ...(principal !== undefined ? { principal } : {}) };
};

const SEP = '\u0000';

/** The bag key of a resource: its name, plus its reservation when reserved. */
export const resourceKey = (name: string, res: Reservation | undefined): string =>
  res === undefined ? name : [name, res.type, res.role, res.principal ?? ''].join(SEP);

/** The name and reservation a bag key stands for. */
export const parseKey = (key: string): { name: string; reservation: Reservation | undefined } => {
  const [name = '', type, role, principal] = key.split(SEP);
  if (type === undefined || role === undefined) return { name, reservation: undefined };
  return {
    name,
    reservation: {
      type: type === 'STATIC' ? 'STATIC' : 'DYNAMIC',
      role,
      ...(principal !== undefined && principal !== '' ? { principal } : {}),
    },
  };
};

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

/** Builds a bag from Mesos resources in either reservation format (allocation info is ignored). */
export const toBag = (resources: readonly Resource[]): Bag => add(new Map(), resources);

/** `bag + resources`. */
export const add = (bag: Bag, resources: readonly Resource[] | Bag): Bag => {
  const out = new Map(bag);
  const entries = Array.isArray(resources)
    ? (resources as readonly Resource[]).flatMap((r) => {
        const e = entryOf(r);
        return e === undefined ? [] : [[resourceKey(r.name, reservationOf(r)), e] as const];
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

/** The entries of `bag` whose reservation satisfies `keep` (undefined: unreserved). */
export const filterBag = (bag: Bag, keep: (r: Reservation | undefined) => boolean): Bag =>
  new Map([...bag].filter(([key]) => keep(parseKey(key).reservation)));

/**
 * Writes a bag as Mesos resources (reserved ones with post-refinement `reservations`), each
 * decorated by `decorate` (the format a framework sees, allocation_info).
 */
export const fromBag = (bag: Bag, decorate: (r: Resource) => Resource = (r) => r): Resource[] =>
  [...bag]
    .filter(([, e]) => !isEmptyEntry(e))
    .map(([key, e]): Resource => {
      const { name, reservation } = parseKey(key);
      const res = reservation === undefined ? {} : { reservations: [{ ...reservation }] };
      if (e.kind === 'scalar')
        return decorate({ name, type: 'SCALAR', scalar: { value: e.value }, ...res });
      if (e.kind === 'ranges')
        return decorate({
          name,
          type: 'RANGES',
          ranges: { range: e.ranges.map(([begin, end]) => ({ begin, end })) },
          ...res,
        });
      return decorate({ name, type: 'SET', set: { item: [...e.items].sort() }, ...res });
    });

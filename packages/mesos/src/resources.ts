/**
 * Resource arithmetic over `mesos.v1.Resource` lists, and "does this offer fit this task for
 * this role", returning the resources to put in the TaskInfo in the offer's own form (same
 * role, reservation and allocation_info, or Mesos refuses them as "not contained").
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Range } from './codecs/base.js';
import type { Resource } from './codecs/resource.js';
import {
  normalizeRanges,
  portsToRanges,
  rangesContain,
  subtractRanges,
  takePorts,
  unionRanges,
} from './ranges.js';

/** Mesos keeps scalars as fixed point with three decimals. */
const fixed = (v: number): number => Math.round(v * 1000) / 1000;

/** Everything except the quantity: resources with equal keys can be added together. */
export const resourceKey = (r: Resource): string =>
  JSON.stringify([
    r.name,
    r.type,
    r.role ?? '*',
    r.reservation ?? null,
    r.reservations ?? [],
    r.allocation_info?.role ?? null,
    r.disk ?? null,
    r.revocable !== undefined,
    r.shared !== undefined,
    r.provider_id?.value ?? null,
  ]);

const quantityAdd = (a: Resource, b: Resource): Resource => {
  switch (a.type) {
    case 'SCALAR':
      return { ...a, scalar: { value: fixed((a.scalar?.value ?? 0) + (b.scalar?.value ?? 0)) } };
    case 'RANGES':
      return { ...a, ranges: { range: unionRanges(a.ranges?.range ?? [], b.ranges?.range ?? []) } };
    case 'SET':
      return {
        ...a,
        set: { item: [...new Set([...(a.set?.item ?? []), ...(b.set?.item ?? [])])] },
      };
    case 'TEXT':
      return a;
  }
};

const isEmpty = (r: Resource): boolean =>
  (r.type === 'SCALAR' && fixed(r.scalar?.value ?? 0) <= 0) ||
  (r.type === 'RANGES' && (r.ranges?.range ?? []).length === 0) ||
  (r.type === 'SET' && (r.set?.item ?? []).length === 0);

/** Sum two resource lists, merging entries with the same key. */
export const addResources = (a: readonly Resource[], b: readonly Resource[]): Resource[] => {
  const out = new Map<string, Resource>();
  for (const r of [...a, ...b]) {
    const key = resourceKey(r);
    const prev = out.get(key);
    out.set(key, prev === undefined ? r : quantityAdd(prev, r));
  }
  return [...out.values()].filter((r) => !isEmpty(r));
};

/** What is missing when `need` is not contained in `have`. */
export interface Shortfall {
  readonly _tag: 'Shortfall';
  readonly missing: readonly Resource[];
}

const minus = (have: Resource, need: Resource): Resource | undefined => {
  switch (have.type) {
    case 'SCALAR': {
      const left = fixed((have.scalar?.value ?? 0) - (need.scalar?.value ?? 0));
      return left < 0 ? undefined : { ...have, scalar: { value: left } };
    }
    case 'RANGES': {
      const h = have.ranges?.range ?? [];
      const n = need.ranges?.range ?? [];
      return rangesContain(h, n) ? { ...have, ranges: { range: subtractRanges(h, n) } } : undefined;
    }
    case 'SET': {
      const h = new Set(have.set?.item ?? []);
      const n = need.set?.item ?? [];
      return n.every((i) => h.has(i))
        ? { ...have, set: { item: [...h].filter((i) => !n.includes(i)) } }
        : undefined;
    }
    case 'TEXT':
      return have;
  }
};

/** `have - need`, or the needs that `have` does not contain. */
export const subtractResources = (
  have: readonly Resource[],
  need: readonly Resource[],
): E.Either<Shortfall, Resource[]> => {
  const pool = new Map(addResources(have, []).map((r) => [resourceKey(r), r] as const));
  const missing: Resource[] = [];
  for (const n of addResources(need, [])) {
    const key = resourceKey(n);
    const h = pool.get(key);
    const left = h === undefined ? undefined : minus(h, n);
    if (left === undefined) missing.push(n);
    else pool.set(key, left);
  }
  return missing.length > 0
    ? E.left({ _tag: 'Shortfall', missing })
    : E.right([...pool.values()].filter((r) => !isEmpty(r)));
};

/** True when `have` contains every resource of `need` (same keys, enough quantity). */
export const containsResources = (have: readonly Resource[], need: readonly Resource[]): boolean =>
  E.isRight(subtractResources(have, need));

/** Total scalar of a named resource (e.g. `cpus`) across all roles and reservations. */
export const scalarTotal = (resources: readonly Resource[], name: string): number =>
  fixed(
    resources
      .filter((r) => r.name === name && r.type === 'SCALAR')
      .reduce((s, r) => s + (r.scalar?.value ?? 0), 0),
  );

/** All port ranges offered. */
export const portRanges = (resources: readonly Resource[]): Range[] =>
  normalizeRanges(
    resources
      .filter((r) => r.name === 'ports' && r.type === 'RANGES')
      .flatMap((r) => r.ranges?.range ?? []),
  );

/** True when the resource may be used by `role`: allocated to it (if allocated) and unreserved or reserved for it. */
export const usableByRole = (r: Resource, role: string): boolean => {
  if (r.allocation_info?.role !== undefined && r.allocation_info.role !== role) return false;
  const reservedFor = r.reservations?.[r.reservations.length - 1]?.role ?? r.role;
  return reservedFor === undefined || reservedFor === '*' || reservedFor === role;
};

/** What a task asks for. */
export interface TaskRequest {
  readonly cpus: number;
  readonly mem: number;
  readonly disk?: number;
  /** How many ports. */
  readonly ports?: number;
}

/**
 * Does the offer fit the request for `role`? If so, the resources to put in the TaskInfo, each
 * copied from an offered entry (so its role, reservation and allocation_info match), with the
 * lowest free ports. Reserved resources are used before unreserved ones.
 */
export const fitTask = (
  offered: readonly Resource[],
  request: TaskRequest,
  role: string,
): E.Either<Shortfall, Resource[]> => {
  const usable = offered.filter((r) => usableByRole(r, role));
  const reservedFirst = [...usable].sort(
    (a, b) =>
      Number(a.role === '*' || a.role === undefined) -
      Number(b.role === '*' || b.role === undefined),
  );
  const picked: Resource[] = [];
  const missing: Resource[] = [];
  const takeScalar = (name: string, amount: number): void => {
    let left = fixed(amount);
    for (const r of reservedFirst) {
      if (left <= 0) break;
      if (r.name !== name || r.type !== 'SCALAR' || r.disk?.persistence !== undefined) continue;
      const take = fixed(Math.min(left, r.scalar?.value ?? 0));
      if (take <= 0) continue;
      picked.push({ ...r, scalar: { value: take } });
      left = fixed(left - take);
    }
    if (left > 0) missing.push({ name, type: 'SCALAR', scalar: { value: left } });
  };
  takeScalar('cpus', request.cpus);
  takeScalar('mem', request.mem);
  if (request.disk !== undefined && request.disk > 0) takeScalar('disk', request.disk);
  const portCount = request.ports ?? 0;
  if (portCount > 0) {
    let need = portCount;
    for (const r of reservedFirst) {
      if (need <= 0) break;
      if (r.name !== 'ports' || r.type !== 'RANGES') continue;
      const ranges = r.ranges?.range ?? [];
      const ports = takePorts(
        ranges,
        Math.min(
          need,
          ranges.reduce((n, x) => n + x.end - x.begin + 1, 0),
        ),
      );
      if (ports === undefined || ports.length === 0) continue;
      picked.push({ ...r, ranges: { range: portsToRanges(ports) } });
      need -= ports.length;
    }
    if (need > 0) missing.push({ name: 'ports', type: 'SCALAR', scalar: { value: need } });
  }
  return missing.length > 0 ? E.left({ _tag: 'Shortfall', missing }) : E.right(picked);
};

/**
 * RESERVE and UNRESERVE from a framework (master.cpp `Master::_accept`; validation.cpp
 * `operation::validate(Reserve)`, `validate(Unreserve)`; docs/reservation.md "Dynamic
 * Reservation"). A valid operation converts resources of the offer (and of the agent's total)
 * between unreserved and reserved; an invalid one is dropped (`Master::drop`).
 */
import { frameworkRoles, type Framework } from '../model/framework.js';
import { add, contains, reservationOf, subtract, toBag, type Bag } from '../model/resources.js';
import type { Resource } from '../wire/common.js';

/** What a RESERVE/UNRESERVE did: the offer's remaining resources and the agent's new total. */
export type Converted =
  { readonly remaining: Bag; readonly total: Bag } | { readonly error: string };

const show = (r: Resource): string => {
  const amount =
    r.scalar !== undefined
      ? String(r.scalar.value)
      : JSON.stringify(r.ranges?.range ?? r.set?.item ?? []);
  const res = reservationOf(r);
  return `${r.name}${res === undefined ? '' : `(reservations: [(${res.type},${res.role}${res.principal !== undefined ? `,${res.principal}` : ''})])`}:${amount}`;
};

/** The same resources, unreserved (what a reservation is made from, or returns to). */
const unreserved = (rs: readonly Resource[]): Resource[] =>
  rs.map(({ reservations: _r, reservation: _d, role: _o, ...r }) => r);

const convert = (remaining: Bag, total: Bag, from: Bag, to: Bag, what: string): Converted => {
  if (!contains(remaining, from))
    return { error: `Invalid ${what} Operation: the offered resources do not contain them` };
  return {
    remaining: add(subtract(remaining, from), to),
    total: add(subtract(total, from), to),
  };
};

/**
 * RESERVE: every resource must be dynamically reserved, for the role the offer was allocated to
 * and one of the framework's roles, and carry the framework's principal when it has one.
 */
export const reserve = (
  fw: Framework,
  offerRole: string,
  resources: readonly Resource[],
  remaining: Bag,
  total: Bag,
): Converted => {
  const principal = fw.info.principal;
  const roles = frameworkRoles(fw.info);
  for (const r of resources) {
    const res = reservationOf(r);
    if (res === undefined || res.type !== 'DYNAMIC')
      return { error: `Resource ${show(r)} is not dynamically reserved` };
    if (principal !== undefined && res.principal === undefined)
      return {
        error: `A reserve operation was attempted by principal '${principal}', but there is a reserved resource in the request with no principal set`,
      };
    if (principal !== undefined && res.principal !== principal)
      return {
        error: `A reserve operation was attempted by authenticated principal '${principal}', which does not match a reserved resource in the request with principal '${res.principal ?? ''}'`,
      };
    // The master injects the offer's allocation info when the scheduler left it out.
    const allocated = r.allocation_info?.role ?? offerRole;
    if (allocated !== res.role)
      return {
        error: `A reserve operation was attempted for a resource with role '${res.role}', but the resource was allocated to role '${allocated}'`,
      };
    if (!roles.includes(allocated))
      return {
        error: `A reserve operation was attempted for a resource allocated to role '${allocated}', but the framework only has roles '{ ${roles.join(', ')} }'`,
      };
  }
  return convert(remaining, total, toBag(unreserved(resources)), toBag(resources), 'RESERVE');
};

/** UNRESERVE: every resource must be dynamically reserved (a static reservation cannot be undone). */
export const unreserve = (
  resources: readonly Resource[],
  remaining: Bag,
  total: Bag,
): Converted => {
  for (const r of resources)
    if (reservationOf(r)?.type !== 'DYNAMIC')
      return { error: `Resource ${show(r)} is not dynamically reserved` };
  return convert(remaining, total, toBag(resources), toBag(unreserved(resources)), 'UNRESERVE');
};

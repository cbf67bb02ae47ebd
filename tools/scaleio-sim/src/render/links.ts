/** One entry of an object's `links` array. */
export interface Link {
  rel: string;
  href: string;
}

/** The `self` link. */
export const selfLink = (type: string, id: string): Link => ({
  rel: 'self',
  href: `/api/instances/${type}::${id}`,
});

/** A relationship link: singular `relationship` in the rel, plural `relationships` in the href. */
export const relLink = (type: string, id: string, related: string): Link => ({
  rel: `/api/${type}/relationship/${related}`,
  href: `/api/instances/${type}::${id}/relationships/${related}`,
});

/** A parent link named by the parent id field. */
export const parentLink = (field: string, parentType: string, parentId: string): Link => ({
  rel: `/api/parent/relationship/${field}`,
  href: `/api/instances/${parentType}::${parentId}`,
});

/** self, then the relationships, then the parents. */
export const links = (
  type: string,
  id: string,
  related: readonly string[],
  parents: readonly (readonly [string, string, string])[] = [],
): Link[] => [
  selfLink(type, id),
  ...related.map((r) => relLink(type, id, r)),
  ...parents.map(([f, t, p]) => parentLink(f, t, p)),
];

/** The `{shortWindow, mediumWindow, longWindow}` counter parameters objects use. */
export const counterParameters = (
  short: number,
  medium: number,
  long: number,
): Record<string, { threshold: number; windowSizeInSec: number }> => ({
  shortWindow: { threshold: short, windowSizeInSec: 60 },
  mediumWindow: { threshold: medium, windowSizeInSec: 3600 },
  longWindow: { threshold: long, windowSizeInSec: 86400 },
});

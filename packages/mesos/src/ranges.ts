/**
 * Inclusive integer ranges (`Value.Ranges`), as used for ports: normalize, union, difference,
 * containment, and picking free ports.
 *
 * @module
 */
import type { Range } from './codecs/base.js';

/** Sort and merge overlapping or adjacent ranges; drops inverted ones. */
export const normalizeRanges = (ranges: readonly Range[]): Range[] => {
  const sorted = ranges.filter((r) => r.begin <= r.end).sort((a, b) => a.begin - b.begin);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r.begin <= last.end + 1) {
      out[out.length - 1] = { begin: last.begin, end: Math.max(last.end, r.end) };
    } else {
      out.push({ begin: r.begin, end: r.end });
    }
  }
  return out;
};

/** Union of two range lists. */
export const unionRanges = (a: readonly Range[], b: readonly Range[]): Range[] =>
  normalizeRanges([...a, ...b]);

/** `a` minus `b`. */
export const subtractRanges = (a: readonly Range[], b: readonly Range[]): Range[] => {
  let rest = normalizeRanges(a);
  for (const cut of normalizeRanges(b)) {
    rest = rest.flatMap((r) => {
      if (cut.end < r.begin || cut.begin > r.end) return [r];
      const pieces: Range[] = [];
      if (cut.begin > r.begin) pieces.push({ begin: r.begin, end: cut.begin - 1 });
      if (cut.end < r.end) pieces.push({ begin: cut.end + 1, end: r.end });
      return pieces;
    });
  }
  return rest;
};

/** True when every value of `inner` lies in `outer`. */
export const rangesContain = (outer: readonly Range[], inner: readonly Range[]): boolean =>
  subtractRanges(inner, outer).length === 0;

/** How many values the ranges hold. */
export const rangesSize = (ranges: readonly Range[]): number =>
  normalizeRanges(ranges).reduce((n, r) => n + (r.end - r.begin + 1), 0);

/** The ranges covering a list of ports (one range per run of consecutive ports). */
export const portsToRanges = (ports: readonly number[]): Range[] =>
  normalizeRanges(ports.map((p) => ({ begin: p, end: p })));

/** The lowest `count` values of the ranges, or undefined when there are fewer. */
export const takePorts = (ranges: readonly Range[], count: number): number[] | undefined => {
  const out: number[] = [];
  for (const r of normalizeRanges(ranges)) {
    for (let p = r.begin; p <= r.end && out.length < count; p += 1) out.push(p);
    if (out.length >= count) break;
  }
  return out.length >= count ? out : undefined;
};

/**
 * Fault injection for one simulator instance: a number of 500s on matching paths, added latency,
 * and token invalidation (done by the caller through the token store).
 */

/** Faults to set; absent fields leave the current setting. */
export interface FaultsInput {
  errors500?: { pathRegex: string; count: number } | undefined;
  latencyMs?: number | undefined;
  invalidateTokens?: boolean | undefined;
}

/** Current fault settings. */
export interface Faults {
  errors500: { pattern: RegExp; remaining: number }[];
  latencyMs: number;
}

/** No faults. */
export const noFaults = (): Faults => ({ errors500: [], latencyMs: 0 });

/** True (and one count used up) when this request path should fail with 500. */
export const takeError500 = (f: Faults, path: string): boolean => {
  const hit = f.errors500.find((e) => e.remaining > 0 && e.pattern.test(path));
  if (hit === undefined) return false;
  hit.remaining -= 1;
  f.errors500 = f.errors500.filter((e) => e.remaining > 0);
  return true;
};

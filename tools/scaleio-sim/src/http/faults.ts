/**
 * Fault injection for one simulator instance: 500s on matching paths (a number of them, or all of
 * them for a time on the simulator's clock: a gateway outage), added latency, and token
 * invalidation (done by the caller through the token store). An injected 500 carries no MDM
 * return code (`errorCode: 0`), as the gateway's own failures do.
 */

/** Faults to set; absent fields leave the current setting. */
export interface FaultsInput {
  /** 500s on paths matching `pathRegex`: the next `count` requests, or every one for `forMs`. */
  errors500?:
    { pathRegex: string; count?: number | undefined; forMs?: number | undefined } | undefined;
  latencyMs?: number | undefined;
  invalidateTokens?: boolean | undefined;
}

/** One armed 500 fault: counted down, or until a clock time. */
export interface Error500Fault {
  pattern: RegExp;
  /** Requests left to fail (count faults). */
  remaining: number;
  /** Clock time (ms) until which every matching request fails (timed faults), else 0. */
  untilMs: number;
}

/** Current fault settings. */
export interface Faults {
  errors500: Error500Fault[];
  latencyMs: number;
}

/** No faults. */
export const noFaults = (): Faults => ({ errors500: [], latencyMs: 0 });

const live = (e: Error500Fault, now: number): boolean => e.remaining > 0 || e.untilMs > now;

/** True (and one count used up) when this request path should fail with 500 at `now`. */
export const takeError500 = (f: Faults, path: string, now: number): boolean => {
  f.errors500 = f.errors500.filter((e) => live(e, now));
  const hit = f.errors500.find((e) => e.pattern.test(path));
  if (hit === undefined) return false;
  if (hit.untilMs <= now) hit.remaining -= 1;
  f.errors500 = f.errors500.filter((e) => live(e, now));
  return true;
};

/** Counted 500s still armed, and when the last timed outage ends (0: none). */
export const pendingFaults = (
  f: Faults,
  now: number,
): { pending500s: number; outageUntilMs: number } => {
  const armed = f.errors500.filter((e) => live(e, now));
  return {
    pending500s: armed.reduce((s, e) => s + (e.untilMs > now ? 0 : e.remaining), 0),
    outageUntilMs: armed.reduce((m, e) => Math.max(m, e.untilMs > now ? e.untilMs : 0), 0),
  };
};

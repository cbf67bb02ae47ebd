/**
 * A lost node's SDS removed from the system (pure): only once ScaleIO has rebuilt its data (no
 * pool it served shows degraded, failed or rebuilding capacity: reference scaleio-api.md §5, the
 * pool statistics `degradedHealthyCapacityInKb`, `degradedFailedCapacityInKb`,
 * `failedCapacityInKb` and the `active*`/`pending*RebuildCapacityInKb` counters), never while it
 * still answers, and never when its pools would be left below what ScaleIO needs to keep volumes:
 * devices on at least 3 SDSs (MDM return code 144) or, with fault sets, in at least 3 fault sets
 * (return code 287). One SDS at a time: the next waits for the system to settle again.
 */

/** An SDS as the gateway reports it. */
export interface LostSdsFact {
  readonly id: string;
  readonly ip: string;
  readonly online: boolean;
  readonly faultSetId: string | null;
  /** The pools its devices are in. */
  readonly poolIds: readonly string[];
}

/** A pool's health as the gateway reports it. */
export interface RebuildPoolFact {
  readonly id: string;
  readonly name: string;
  /** Degraded, failed: data with fewer than two copies (KiB). */
  readonly degradedKb: number;
  /** Data being rebuilt now or queued for it (KiB). */
  readonly rebuildingKb: number;
}

/** What to do about one lost node's SDS. */
export type SdsRemovalDecision =
  | { readonly _tag: 'remove'; readonly sdsId: string; readonly ip: string }
  | { readonly _tag: 'wait'; readonly ip: string; readonly why: string };

/** ScaleIO's minimum of SDSs (or fault sets) holding a pool's devices (RC 144 / RC 287). */
export const MIN_POOL_SPREAD = 3;

/**
 * The decision for each lost node's SDS (by IP, in `lostIps` order): at most one `remove`, the
 * rest `wait` with the reason (for the status).
 */
export function decideSdsRemoval(
  lostIps: readonly string[],
  sdss: readonly LostSdsFact[],
  pools: readonly RebuildPoolFact[],
): SdsRemovalDecision[] {
  const out: SdsRemovalDecision[] = [];
  const lost = new Set(lostIps);
  let removing = false;
  for (const ip of lostIps) {
    const sds = sdss.find((s) => s.ip === ip);
    if (sds === undefined) continue; // no SDS there (any more): nothing to remove
    const wait = (why: string) => out.push({ _tag: 'wait', ip, why });
    if (sds.online) {
      wait('its SDS still answers');
      continue;
    }
    const mine = pools.filter((p) => sds.poolIds.includes(p.id));
    const busy = mine.find((p) => p.degradedKb > 0 || p.rebuildingKb > 0);
    if (busy !== undefined) {
      wait(
        `pool ${busy.name} is rebuilding (${busy.degradedKb} KiB degraded, ${busy.rebuildingKb} KiB to rebuild)`,
      );
      continue;
    }
    const short = mine
      .map((p) => {
        const rest = sdss.filter(
          (s) => s.poolIds.includes(p.id) && s.id !== sds.id && !lost.has(s.ip),
        );
        const fs = new Set(rest.map((s) => s.faultSetId).filter((f): f is string => f !== null));
        const faultSets = sds.faultSetId !== null;
        const n = faultSets ? fs.size : rest.length;
        return n < MIN_POOL_SPREAD
          ? `pool ${p.name} would keep ${n} ${faultSets ? 'fault set(s)' : 'SDS(s)'}; ScaleIO needs ${MIN_POOL_SPREAD}`
          : undefined;
      })
      .find((x) => x !== undefined);
    if (short !== undefined) {
      wait(short);
      continue;
    }
    if (removing) {
      wait('one SDS at a time: after the one being removed');
      continue;
    }
    removing = true;
    out.push({ _tag: 'remove', sdsId: sds.id, ip });
  }
  return out;
}

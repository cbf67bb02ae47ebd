/**
 * Lost MDM member replacement in the status document: each replacement with the member lost, the
 * spare taking its place, its stage and every recorded stage change (the ledger's history).
 */

/** One replacement as the scheduler reports it (the membership ledger's entry). */
export interface MembershipEntryInfo {
  readonly id: string;
  readonly lost: { readonly hostname: string; readonly ip: string; readonly role: string };
  readonly spare: { readonly hostname: string; readonly ip: string } | null;
  readonly stage: string;
  readonly attempts: number;
  readonly lastError?: string | undefined;
  readonly history: readonly {
    readonly stage: string;
    readonly atMs: number;
    readonly note?: string | undefined;
  }[];
}

/** The replacements section of the status (empty before any member was lost). */
export const membershipStatusView = (entries: readonly MembershipEntryInfo[] | undefined) =>
  (entries ?? []).map((e) => ({
    id: e.id,
    lost: { hostname: e.lost.hostname, ip: e.lost.ip, role: e.lost.role },
    spare: e.spare === null ? null : { hostname: e.spare.hostname, ip: e.spare.ip },
    stage: e.stage,
    attempts: e.attempts,
    lastError: e.lastError ?? null,
    history: e.history.map((h) => ({ stage: h.stage, atMs: h.atMs, note: h.note ?? null })),
  }));

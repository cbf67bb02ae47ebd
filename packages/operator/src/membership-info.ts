/**
 * Lost MDM member replacement and lost SDS removal in the status document: each replacement with
 * the member lost, the spare taking its place, its stage and every recorded stage change (the
 * ledger's history); each lost SDS with its removal's stage, why it waits, and the healing
 * volumes on its node to clean up.
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

/** One lost node's SDS removal as the scheduler reports it (the SDS removal ledger's entry). */
export interface SdsRemovalInfo {
  readonly id: string;
  readonly node: { readonly hostname: string; readonly ip: string };
  readonly sdsId: string;
  readonly stage: string;
  readonly attempts: number;
  readonly why?: string | undefined;
  readonly lastError?: string | undefined;
  readonly healingVolumes: readonly {
    readonly volume: string;
    readonly entry: string;
    readonly stage: string;
  }[];
  readonly history: readonly {
    readonly stage: string;
    readonly atMs: number;
    readonly note?: string | undefined;
  }[];
}

/** The lost SDS section of the status (empty before any storage node was lost). */
export const sdsRemovalStatusView = (entries: readonly SdsRemovalInfo[] | undefined) =>
  (entries ?? []).map((e) => ({
    id: e.id,
    node: { hostname: e.node.hostname, ip: e.node.ip },
    sdsId: e.sdsId,
    stage: e.stage,
    attempts: e.attempts,
    why: e.why ?? null,
    lastError: e.lastError ?? null,
    healingVolumesToCleanUp: e.healingVolumes.map((v) => ({
      volume: v.volume,
      entry: v.entry,
      stage: v.stage,
    })),
    history: e.history.map((h) => ({ stage: h.stage, atMs: h.atMs, note: h.note ?? null })),
  }));

/**
 * A node's role as the cluster has it now: its MDM role as the gateway lists the members
 * (`primary`, `secondary`, `tiebreaker`: a failover or a replacement moves them), else, for a
 * member a finished replacement took out, `storage` (for the spare it brought in, the role it
 * took), else the role it was deployed with.
 */
export const currentRole = (
  deployed: string,
  node: { readonly hostname: string; readonly ip: string },
  members: readonly { readonly ip: string; readonly role: string }[] | undefined,
  replacements: readonly MembershipEntryInfo[] | undefined,
): string => {
  const member = members?.find((m) => m.ip === node.ip)?.role;
  if (member === 'primary' || member === 'secondary' || member === 'tiebreaker') return member;
  let role = deployed;
  for (const r of replacements ?? []) {
    if (r.stage !== 'done') continue;
    if (r.lost.hostname === node.hostname) role = 'storage';
    if (r.spare?.hostname === node.hostname) role = r.lost.role;
  }
  return role;
};

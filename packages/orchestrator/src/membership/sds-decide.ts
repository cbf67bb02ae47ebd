/**
 * Lost SDSs removed (pure): from the deploy state (which storage nodes are gone, or unreachable
 * past the grace) and the MDM's own word (an SDS it reports disconnected for the grace: Mesos says
 * nothing about an agent with no task running, as after the deploy), the SDSs and pools as the gateway reports them and the healer's volumes per
 * node, decide which removal entries start and which one is sent to the gateway now. The rule of
 * when (rebuilt, pool above its minimum, one at a time) is `decideSdsRemoval`; this adds the
 * ledger: entries by mode, the intent before the effect, resumption, and "already gone = done".
 */
import { isStorage } from '../roles.js';
import type { DeployState, NodeState } from '../state.js';
import { lostSince, type MembershipSettings } from './decide.js';
import {
  isOpenRemoval,
  moveRemoval,
  type HealingVolumeRef,
  type SdsRemoval,
  type SdsRemovalEvent,
  type SdsRemovalLedger,
} from './sds-ledger.js';
import { decideSdsRemoval, type LostSdsFact, type RebuildPoolFact } from './sds-removal.js';

/** The effect the shell performs (after saving the ledger): `removeSds` through the gateway. */
export interface SdsRemovalAction {
  readonly _tag: 'removeSds';
  readonly entryId: string;
  readonly sdsId: string;
  readonly ip: string;
}

/** One decision: the next ledger, the effects, and lines for the log. */
export interface SdsRemovalRound {
  readonly ledger: SdsRemovalLedger;
  readonly actions: readonly SdsRemovalAction[];
  readonly notes: readonly string[];
}

/** What the gateway shows, or undefined while it cannot be read (nothing moves then). */
export interface SdsSystemView {
  readonly sdss: readonly LostSdsFact[];
  readonly pools: readonly RebuildPoolFact[];
}

const sameVolumes = (a: readonly HealingVolumeRef[], b: readonly HealingVolumeRef[]) =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * One round. `healing` lists the healer's volumes per agent id. Mode `off` records lost SDSs as
 * `reported` and never removes; `approval` waits for {@link sdsRemovalEvent} `approve`.
 */
export function decideSdsRemovals(
  ledger: SdsRemovalLedger,
  deploy: DeployState,
  view: SdsSystemView | undefined,
  healing: ReadonlyMap<string, readonly HealingVolumeRef[]>,
  settings: MembershipSettings,
  now: number,
): SdsRemovalRound {
  if (view === undefined) return { ledger, actions: [], notes: [] };
  const notes: string[] = [];
  const opts = { maxAttempts: settings.maxAttempts, retryBaseMs: settings.retryBaseMs };
  let seq = ledger.seq;
  const entries = [...ledger.entries];
  const before = ledger.disconnectedSince ?? {};
  const disconnectedSince: Record<string, number> = {};
  for (const s of view.sdss) if (!s.online) disconnectedSince[s.ip] = before[s.ip] ?? now;
  const lost = (n: NodeState) =>
    lostSince(n, settings.graceMs, now) !== undefined ||
    (disconnectedSince[n.ip] !== undefined &&
      now - (disconnectedSince[n.ip] ?? now) >= settings.graceMs);
  // New entries: a lost storage node whose SDS is still listed, without an open entry.
  for (const n of Object.values(deploy.nodes)) {
    if (!isStorage(n.role) || !lost(n)) continue;
    const sds = view.sdss.find((s) => s.ip === n.ip);
    if (sds === undefined) continue;
    const known = entries.some(
      (e) => e.node.ip === n.ip && (isOpenRemoval(e) || e.sdsId === sds.id),
    );
    if (known) continue;
    seq += 1;
    const stage =
      settings.mode === 'off'
        ? 'reported'
        : settings.mode === 'approval'
          ? 'awaitingApproval'
          : 'waiting';
    const volumes = healing.get(n.agentId) ?? [];
    entries.push({
      id: `sds-${seq}-${n.ip}`,
      node: { agentId: n.agentId, hostname: n.hostname, ip: n.ip },
      sdsId: sds.id,
      stage,
      attempts: 0,
      history: [{ stage, atMs: now, note: `the agent of ${n.hostname} is lost; SDS ${sds.id}` }],
      healingVolumes: [...volumes],
    });
    notes.push(
      `SDS ${sds.id} of lost node ${n.hostname} (${n.ip}): ${stage}` +
        (volumes.length === 0
          ? ''
          : `; healing volumes to clean up: ${volumes.map((v) => v.volume).join(', ')}`),
    );
  }
  const move = (i: number, e: SdsRemovalEvent, note: string) => {
    const cur = entries[i];
    if (cur !== undefined) entries[i] = moveRemoval(cur, e, now, { ...opts, note });
  };
  entries.forEach((e, i) => {
    if (!isOpenRemoval(e)) return;
    const vols = healing.get(e.node.agentId);
    if (vols !== undefined && !sameVolumes(vols, e.healingVolumes))
      entries[i] = { ...e, healingVolumes: [...vols] };
    const node = deploy.nodes[e.node.agentId];
    if (!view.sdss.some((s) => s.id === e.sdsId))
      move(i, 'gone', `SDS ${e.sdsId} is no longer in the system`);
    else if (
      view.sdss.some((s) => s.id === e.sdsId && s.online) &&
      (node === undefined || !lost(node))
    )
      move(i, 'recovered', `SDS ${e.sdsId} answers again`);
    else if (e.stage === 'reported' && settings.mode !== 'off') move(i, 'enable', 'mode enabled');
  });
  // The rule, over every open entry (the removing one first, so it keeps its turn).
  const rank = (e: SdsRemoval) => (e.stage === 'removing' ? 0 : e.stage === 'waiting' ? 1 : 2);
  const open = entries.filter(isOpenRemoval).sort((a, b) => rank(a) - rank(b));
  const decisions = decideSdsRemoval(
    open.map((e) => e.node.ip),
    view.sdss,
    view.pools,
  );
  const actions: SdsRemovalAction[] = [];
  entries.forEach((e, i) => {
    if (e.stage !== 'waiting' && e.stage !== 'removing') return;
    const d = decisions.find((x) => x.ip === e.node.ip);
    if (d === undefined) return;
    if (d._tag === 'wait') {
      if (e.stage === 'removing') move(i, 'hold', d.why);
      const cur = entries[i];
      if (cur !== undefined && cur.why !== d.why) {
        entries[i] = { ...cur, why: d.why };
        // The log says why once per reason, not at every new figure of a running rebuild.
        const gist = (w: string | undefined) => w?.replace(/\d+/g, '#');
        if (gist(cur.why) !== gist(d.why))
          notes.push(`SDS ${e.sdsId} of ${e.node.hostname} waits: ${d.why}`);
      }
      return;
    }
    if (settings.mode === 'off' || (e.notBefore !== undefined && now < e.notBefore)) return;
    if (e.stage === 'waiting') move(i, 'remove', 'rebuilt; the pool keeps its minimum');
    const cur = entries[i];
    if (cur?.why !== undefined) {
      const { why: _w, ...rest } = cur;
      entries[i] = rest;
    }
    actions.push({ _tag: 'removeSds', entryId: e.id, sdsId: d.sdsId, ip: e.node.ip });
  });
  const changed =
    seq !== ledger.seq ||
    entries.some((e, i) => e !== ledger.entries[i]) ||
    JSON.stringify(disconnectedSince) !== JSON.stringify(before);
  return {
    ledger: changed ? { ...ledger, seq, entries, disconnectedSince } : ledger,
    actions,
    notes,
  };
}

/** An outcome or operator action on one entry; the ledger itself when it does not apply. */
export function sdsRemovalEvent(
  ledger: SdsRemovalLedger,
  entryId: string,
  event: 'applied' | 'fail' | 'gone' | 'approve' | 'retry',
  settings: MembershipSettings,
  now: number,
  note: string,
): SdsRemovalLedger {
  const i = ledger.entries.findIndex((e) => e.id === entryId);
  const e = ledger.entries[i];
  if (e === undefined) return ledger;
  const next = moveRemoval(e, event, now, {
    note,
    maxAttempts: settings.maxAttempts,
    retryBaseMs: settings.retryBaseMs,
  });
  if (next === e) return ledger;
  const entries = [...ledger.entries];
  entries[i] = next;
  return { ...ledger, entries };
}

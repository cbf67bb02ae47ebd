/**
 * The shell of lost SDS removal: each round takes the tick's observation (the SDSs and pools as the
 * gateway reported them, `./observe.ts`), reads the healer's volumes per node, asks the pure
 * `decideSdsRemovals` what to do, saves the ledger before the effect (a restarted scheduler resumes
 * each entry at its stage), then sends `removeSds` through the gateway. An SDS already gone counts
 * as removed. The operator approves entries (mode `approval`) and retries failed ones.
 */
import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import {
  decideSdsRemovals,
  emptySdsRemovalLedger,
  sdsRemovalEvent,
  SdsRemovalLedger,
  type HealingVolumeRef,
  type MembershipSettings,
} from '@scaleio-framework/orchestrator';
import { describeStateError, document, type StateStore } from '@scaleio-framework/state';
import type { Log } from '../core/ports.js';
import type { MembershipObservation } from './observe.js';
import type { ReplacerActionOutcome } from './replacer.js';

/** The state key of the SDS removal ledger. */
export const sdsRemovalKey = 'scaleio-sds-removal';

/** Dependencies of {@link createSdsRemover}. */
export interface SdsRemoverDeps {
  readonly store: StateStore;
  readonly settings: MembershipSettings;
  /** The healer's volumes per agent id; undefined while its ledger cannot be read. */
  readonly healingVolumes: () => Promise<
    ReadonlyMap<string, readonly HealingVolumeRef[]> | undefined
  >;
  /** `removeSds` through the gateway: `gone` when the SDS no longer exists. */
  readonly removeSds: (sdsId: string) => Promise<Either<string, 'removed' | 'gone'>>;
  readonly log: Log;
  readonly now: () => number;
  /** Called with the ledger after every change (status). */
  readonly observe?: (l: SdsRemovalLedger) => void;
}

/** Lost SDS removal of one scheduler. */
export function createSdsRemover(d: SdsRemoverDeps) {
  const doc = document(d.store, { key: sdsRemovalKey, codec: SdsRemovalLedger, schemaVersion: 1 });
  let ledger: SdsRemovalLedger | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <A>(f: () => Promise<A>): Promise<A> => {
    const p = chain.then(f, f);
    chain = p.catch(() => undefined);
    return p;
  };
  const said = new Map<string, string>();
  const once = (topic: string, msg: string, fields: Record<string, unknown>) => {
    const key = `${msg} ${JSON.stringify(fields)}`;
    if (said.get(topic) !== key) d.log.warn(msg, fields);
    said.set(topic, key);
  };

  const load = async (): Promise<SdsRemovalLedger | undefined> => {
    if (ledger !== undefined) return ledger;
    const r = await doc.read();
    if (isLeft(r)) {
      once('ledger', 'SDS removal ledger unreadable; removal waits', {
        error: describeStateError(r.left),
      });
      return undefined;
    }
    ledger = r.right?.value ?? emptySdsRemovalLedger();
    d.observe?.(ledger);
    return ledger;
  };

  /** Saves first, then adopts: the intent is on disk before its effect. */
  const save = async (next: SdsRemovalLedger): Promise<boolean> => {
    if (next === ledger) return true;
    const w = await doc.update(() => next);
    if (isLeft(w)) {
      once('ledger', 'SDS removal ledger not saved; the step waits', {
        error: describeStateError(w.left),
      });
      return false;
    }
    ledger = next;
    d.observe?.(next);
    return true;
  };

  /** One round from the tick's observation: decide, save, perform (the removal inline). */
  const round = (seen: Pick<MembershipObservation, 'atMs' | 'deploy' | 'sds'>) =>
    serial(async () => {
      const l = await load();
      if (l === undefined) return;
      const view = seen.sds;
      if (isLeft(view)) {
        once('gateway', 'SDS removal waits: the SDSs cannot be read', { error: view.left });
        return;
      }
      const healing = (await d.healingVolumes()) ?? new Map<string, HealingVolumeRef[]>();
      const r = decideSdsRemovals(l, seen.deploy, view.right, healing, d.settings, seen.atMs);
      for (const n of r.notes) d.log.info(n, {});
      if (!(await save(r.ledger))) return;
      for (const a of r.actions) {
        const entry = r.ledger.entries.find((e) => e.id === a.entryId);
        d.log.info('removing the SDS of a lost node', {
          entry: a.entryId,
          sds: a.sdsId,
          ip: a.ip,
          healingVolumes: (entry?.healingVolumes ?? []).map((v) => v.volume),
        });
        const o = await d.removeSds(a.sdsId);
        const cur = ledger ?? r.ledger;
        const next = isLeft(o)
          ? sdsRemovalEvent(cur, a.entryId, 'fail', d.settings, d.now(), `removeSds: ${o.left}`)
          : sdsRemovalEvent(
              cur,
              a.entryId,
              'applied',
              d.settings,
              d.now(),
              o.right === 'gone' ? `SDS ${a.sdsId} was already gone` : `SDS ${a.sdsId} removed`,
            );
        await save(next);
        if (isLeft(o)) d.log.warn('SDS removal failed', { entry: a.entryId, error: o.left });
        else {
          const vols = entry?.healingVolumes ?? [];
          d.log.info('SDS of a lost node removed', { entry: a.entryId, sds: a.sdsId });
          if (vols.length > 0)
            d.log.warn('healing volumes of the removed SDS need cleanup', {
              entry: a.entryId,
              volumes: vols.map((v) => v.volume),
            });
        }
      }
    });

  const operator = (id: string, event: 'approve' | 'retry') =>
    serial(async (): Promise<ReplacerActionOutcome> => {
      const l = await load();
      if (l === undefined) return { ok: false, error: 'the SDS removal ledger cannot be read' };
      const e = l.entries.find((x) => x.id === id);
      if (e === undefined) return { ok: false, error: `no SDS removal ${id}` };
      const next = sdsRemovalEvent(l, id, event, d.settings, d.now(), `operator ${event}`);
      if (next === l)
        return { ok: false, error: `SDS removal ${id} is ${e.stage}: ${event} does not apply` };
      return (await save(next))
        ? { ok: true }
        : { ok: false, error: 'the SDS removal ledger could not be saved' };
    });

  return {
    /** One round (on a timer) from the tick's observation. */
    round,
    /** Operator: let a removal waiting for approval go ahead. */
    approve: (id: string) => operator(id, 'approve'),
    /** Operator: try a failed removal again. */
    retry: (id: string) => operator(id, 'retry'),
    /** The ledger as last read or saved. */
    ledger: (): SdsRemovalLedger | undefined => ledger,
  };
}

/** The lost SDS removal of one scheduler. */
export type SdsRemover = ReturnType<typeof createSdsRemover>;

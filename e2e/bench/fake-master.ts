// The minimal Mesos master of event-bench: one subscription, every call recorded with its arrival
// time, and two modes. Driven: the bench writes OFFERS events itself (to time their answers).
// Allocating: it behaves as the master's allocator does towards one framework, so that the events
// a steady cluster sends can be counted. What it encodes is Mesos's behaviour, sourced:
// - heartbeats every 15 s, the first at once (reference/mesos-api.md §1.12; `Master::subscribe`);
// - an allocation run every `--allocation_interval`, 1 s by default (§1.12), offering each agent's
//   resources that are neither offered nor filtered (apache/mesos
//   src/master/allocator/mesos/hierarchical.cpp, `__generateOffers`);
// - DECLINE sets a filter on the agent for `refuse_seconds` (default 5 s, capped at 365 days;
//   §1.5), never shorter than one allocation interval (hierarchical.cpp `recoverResources`:
//   `timeout = std::max(options.allocationInterval, timeout.get())`);
// - SUPPRESS stops offers for the framework's roles, outstanding offers stay (scheduler HTTP API,
//   mesos.apache.org/documentation/latest/scheduler-http-api/, SUPPRESS; hierarchical.cpp
//   `suppressRoles` deactivates the framework in the role's sorter only);
// - REVIVE removes every filter of the roles and unsuppresses them, then allocates at once
//   (scheduler HTTP API, REVIVE; hierarchical.cpp `reviveRoles`, `reviveOffers` →
//   `generateOffers()`).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { encodeRecord } from '@scaleio-framework/mesos';

/** A call as the master saw it. */
export interface CallSeen {
  readonly type: string;
  readonly at: number;
  readonly offerIds: readonly string[];
}

/** One offer as the master writes it, for agent `i` (the bench builds the JSON). */
export type OfferJson = (offerId: string, agent: number) => unknown;

const HEARTBEAT_MS = 15_000;
const ALLOCATION_MS = 1000;
const DEFAULT_REFUSE_S = 5;
const MAX_REFUSE_S = 31_536_000;

/** Starts the fake master for `framework`; `agents` agents exist in allocating mode. */
export async function fakeMaster(framework: string, agents: number, offerJson: OfferJson) {
  let stream: ServerResponse | undefined;
  let subscribed: () => void = () => undefined;
  const ready = new Promise<void>((r) => (subscribed = r));
  const waiters = new Set<() => void>();
  const calls: CallSeen[] = [];
  // The allocator's view: which agent an outstanding offer is of, filters, suppression.
  const outstanding = new Map<string, number>();
  const offered = new Uint8Array(agents);
  const filteredUntil = new Float64Array(agents);
  let suppressed = false;
  let allocating = false;
  let offerSeq = 0;
  const sent = new Map<string, number>();
  let offersSent = 0;
  const write = (type: string, record: Buffer, offers = 0): void => {
    stream?.write(record);
    sent.set(type, (sent.get(type) ?? 0) + 1);
    offersSent += offers;
  };
  const answered = (ids: readonly string[], refuseSeconds: number | undefined): void => {
    const s = refuseSeconds === undefined || refuseSeconds < 0 ? DEFAULT_REFUSE_S : refuseSeconds;
    const until = performance.now() + Math.max(ALLOCATION_MS, Math.min(s, MAX_REFUSE_S) * 1000);
    for (const id of ids) {
      const agent = outstanding.get(id);
      if (agent === undefined) continue;
      outstanding.delete(id);
      offered[agent] = 0;
      filteredUntil[agent] = until;
    }
  };
  /** One allocation run: every agent neither offered nor filtered, in one OFFERS event. */
  const allocate = (): void => {
    if (!allocating || suppressed || stream === undefined) return;
    const now = performance.now();
    const batch: unknown[] = [];
    for (let i = 0; i < agents; i += 1) {
      if (offered[i] === 1 || (filteredUntil[i] as number) > now) continue;
      const id = `${framework}-A${offerSeq++}`;
      offered[i] = 1;
      outstanding.set(id, i);
      batch.push(offerJson(id, i));
    }
    if (batch.length === 0) return;
    const event = { type: 'OFFERS', offers: { offers: batch } };
    write('OFFERS', encodeRecord(JSON.stringify(event)), batch.length);
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const at = performance.now();
      const call = JSON.parse(Buffer.concat(parts).toString('utf8')) as {
        type: string;
        decline?: { offer_ids: { value: string }[]; filters?: { refuse_seconds?: number } };
        accept?: { offer_ids: { value: string }[]; filters?: { refuse_seconds?: number } };
      };
      if (call.type === 'SUBSCRIBE') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Mesos-Stream-Id': 'bench-1' });
        stream = res;
        subscriptions += 1;
        const ok = { framework_id: { value: framework }, heartbeat_interval_seconds: 15 };
        write('SUBSCRIBED', encodeRecord(JSON.stringify({ type: 'SUBSCRIBED', subscribed: ok })));
        write('HEARTBEAT', encodeRecord(JSON.stringify({ type: 'HEARTBEAT' })));
        subscribed();
        return;
      }
      const answer = call.decline ?? call.accept;
      const ids = answer?.offer_ids.map((o) => o.value) ?? [];
      calls.push({ type: call.type, at, offerIds: ids });
      res.writeHead(202).end();
      if (answer !== undefined) answered(ids, answer.filters?.refuse_seconds);
      if (call.type === 'SUPPRESS') suppressed = true;
      if (call.type === 'REVIVE') {
        suppressed = false;
        filteredUntil.fill(0);
        allocate();
      }
      for (const w of waiters) w();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const heartbeat = setInterval(
    () => write('HEARTBEAT', encodeRecord(JSON.stringify({ type: 'HEARTBEAT' }))),
    HEARTBEAT_MS,
  );
  const allocation = setInterval(allocate, ALLOCATION_MS);
  let subscriptions = 0;
  /**
   * Writes a record; resolves with the ms until every id in `ids` was answered, rejects after
   * `timeoutMs` (naming how many are unanswered and whether the scheduler subscribed again, which
   * drops the offers of the old stream: Mesos would rescind them, this master does not).
   */
  const offerAndWait = (
    record: Buffer,
    ids: ReadonlyMap<string, number>,
    timeoutMs = 180_000,
  ): Promise<number> =>
    new Promise((resolve, reject) => {
      const subscribedBefore = subscriptions;
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(
            `${left} of ${ids.size} offers unanswered after ${timeoutMs} ms; ` +
              `subscriptions meanwhile: ${subscriptions - subscribedBefore}`,
          ),
        );
      }, timeoutMs);
      let left = ids.size;
      let seen = calls.length;
      for (const [id, agent] of ids) outstanding.set(id, agent);
      const check = () => {
        for (; seen < calls.length; seen += 1)
          for (const id of (calls[seen] as CallSeen).offerIds) if (ids.has(id)) left -= 1;
        if (left <= 0) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve((calls[seen - 1] as CallSeen).at - t0);
        }
      };
      waiters.add(check);
      const t0 = performance.now();
      write('OFFERS', record, ids.size);
    });
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    ready,
    calls,
    offerAndWait,
    /**
     * Switches to allocating mode for `ms` and counts what it sends meanwhile: events by type and
     * offers. The framework's suppression and filters carry over from the driven rounds.
     */
    steady: async (ms: number) => {
      allocating = true;
      allocate();
      const before = new Map(sent);
      const offersBefore = offersSent;
      const callsBefore = calls.length;
      await new Promise((r) => setTimeout(r, ms));
      allocating = false;
      const events = Object.fromEntries(
        [...sent].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, v]) => v > 0),
      );
      return {
        events,
        offers: offersSent - offersBefore,
        calls: calls.slice(callsBefore).map((c) => c.type),
        suppressed,
      };
    },
    stop: () => {
      clearInterval(heartbeat);
      clearInterval(allocation);
      stream?.end();
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
